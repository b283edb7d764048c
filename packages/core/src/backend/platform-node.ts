// Node's implementation of `#platform` (built as its own file, dist/platform-node.{js,cjs}, chosen by
// the `node` condition of package.json `imports`). It may import Node built-ins; no browser bundle
// ever sees it.
import { availableParallelism, cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BackendPlatform, DawnModule } from './platform-types';
import { initWasmWithNodeThreads } from './wasm-threads';

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
  Worker,
};
