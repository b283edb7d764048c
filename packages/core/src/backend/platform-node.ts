// Node's implementation of `#platform` (built as its own file, dist/platform-node.{js,cjs}, chosen by
// the `node` condition of package.json `imports`). It may import Node built-ins; no browser bundle
// ever sees it.
import { availableParallelism, cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
// Generated at build time by scripts/build-simd.mjs (see src/generated/README.md).
import { SIMD_SHARED_FLAG_OFFSET, SIMD_WASM } from '../generated/simd-wasm.js';
import type { BackendPlatform, DawnModule, HelperThread } from './platform-types';
import { initWasmWithNodeThreads } from './wasm-threads';

/**
 * A `worker_threads` helper running `body` with `data` (its `workerData`); unref'd, so that it never
 * keeps Node alive.
 */
async function startHelper(body: string, data: Record<string, unknown>): Promise<HelperThread | undefined> {
  const source = `const { workerData: data, parentPort } = require('node:worker_threads');
const ready = () => parentPort.postMessage('ready');
${body}`;
  const w = new Worker(source, { eval: true, workerData: data });
  try {
    await new Promise<void>((resolve, reject) => {
      w.once('message', () => resolve());
      w.once('error', reject);
      w.once('exit', () => reject(new Error('helper thread exited while starting')));
    });
  } catch {
    void w.terminate();
    return undefined;
  }
  w.unref();
  return {
    terminate: () => void w.terminate(),
    onExit: (listener) => {
      w.once('exit', listener);
    },
  };
}

/**
 * Node: every core the process may use, wasm pthreads through `wasm-threads.ts`, Dawn from the
 * optional npm `webgpu` package, `worker_threads` for the SIMD gemm pool.
 *
 * @example
 * ```ts
 * import { platform } from '#platform'; // this module under Node
 * platform.availableCores(); // e.g. 8
 * ```
 */
export const platform: BackendPlatform = {
  node: true,
  availableCores: () => (typeof availableParallelism === 'function' ? availableParallelism() : cpus().length),
  initWasmWithThreads: initWasmWithNodeThreads,
  loadDawn: async () => {
    try {
      // An optional dependency: a variable specifier, so that Node-targeted bundles leave it alone.
      const spec = 'webgpu';
      return (await import(/* @vite-ignore */ /* webpackIgnore: true */ spec)) as DawnModule;
    } catch {
      return undefined;
    }
  },
  startHelper,
  canBlock: true,
  plainSimd: { SIMD_WASM, SIMD_SHARED_FLAG_OFFSET },
};
