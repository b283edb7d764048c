// Basics page worker: the neural-network basics the lectures start from, trained with @glossa/core on
// the backend `useBackend('auto')` picks (wasm here, threaded when the page is cross-origin isolated).
// Every experiment streams its losses to the page step by step; `stop` ends the one running.
import { useBackend } from '@glossa/core';
import { EXPERIMENTS } from './basics-experiments.js';
import { serve } from './serve.js';

let backend = null;
let controller = null;

async function ready() {
  backend ??= useBackend('auto', { verbose: false }).then((info) => ({
    name: info.name,
    threads: info.threads ?? null,
    reason: info.reason,
  }));
  return backend;
}

serve({
  backend: () => ready(),
  async run({ experiment, options }, progress) {
    await ready();
    const fn = EXPERIMENTS[experiment];
    if (!fn) throw new Error(`unknown experiment '${experiment}'`);
    controller?.abort();
    controller = new AbortController();
    return fn(options ?? {}, progress, controller.signal);
  },
  stop() {
    controller?.abort();
    return true;
  },
});
