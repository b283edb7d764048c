// Basics page worker: the neural-network basics the lectures start from, trained with @glossa/core on
// the backend `useBackend('auto')` picks (wasm here, threaded when the page is cross-origin isolated).
// Every experiment streams its losses to the page step by step; `stop` ends the one running.
import { useBackend } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { EXPERIMENTS } from './basics-experiments.js';
import { serve } from './serve.js';

let backend = null;
let controller = null;

/** Starts the backend once; `threads` (from the page's `?threads=N`) asks wasm for that many threads. */
async function ready(threads) {
  const options = { verbose: false, ...(threads > 0 ? { threads } : {}) };
  backend ??= useBackend('auto', options).then(async (info) => {
    let count = info.threads ?? null;
    let reason = info.reason;
    if (info.name === 'wasm') {
      // core reports 1 in browsers; tfjs knows how many threads its wasm module really started.
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      count = wasm.getThreadsCount();
      reason = reason.replace(/\b1 thread\b/, `${count} thread${count === 1 ? '' : 's'}`);
    }
    return { name: info.name, threads: count, reason };
  });
  return backend;
}

serve({
  backend: ({ threads } = {}) => ready(threads),
  async run({ experiment, options }, progress) {
    await ready();
    const fn = EXPERIMENTS[experiment];
    if (!fn) throw new Error(`unknown experiment '${experiment}'`);
    controller?.abort();
    controller = new AbortController();
    const result = await fn(options ?? {}, progress, controller.signal);
    // Every experiment disposes what it made: the count after a run is the same each time.
    return { ...result, tensors: tf.memory().numTensors };
  },
  stop() {
    controller?.abort();
    return true;
  },
});
