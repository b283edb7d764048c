// The browser (and every non-Node) implementation of `#platform`, built as
// dist/platform-browser.{js,cjs}; it imports nothing.
import type { BackendPlatform } from './platform-types';

/**
 * No Node: tfjs decides wasm threads itself (they need a cross-origin-isolated page), webgpu comes
 * from `navigator.gpu`, and the SIMD gemm runs on the calling thread.
 *
 * @example
 * ```ts
 * import { platform } from '#platform'; // this module in a browser bundle
 * platform.node; // false
 * ```
 */
export const platform: BackendPlatform = {
  node: false,
  availableCores: () => {
    const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
    return typeof n === 'number' && n > 0 ? n : 1;
  },
  initWasmWithThreads: async (_threads, _setThreadsCount, init) => ({ ok: await init() }),
  loadDawn: async () => undefined,
  Worker: undefined,
};
