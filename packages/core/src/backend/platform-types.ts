/**
 * What backend start-up needs from the environment beyond tfjs: implemented for Node by
 * `platform-node.ts` (cores, wasm threads, Dawn, worker threads) and as a stub by
 * `platform-browser.ts`. Code imports the implementation as `#platform` (package.json `imports`:
 * `dist/platform-node.*` under the `node` condition, the stub elsewhere), so that no Node built-in
 * reaches a browser bundle and bundlers have nothing to warn about. Like `#io-fs`, the two
 * implementations import nothing else from core.
 *
 * @example
 * ```ts
 * import { platform } from '#platform';
 * if (platform.node) console.log(platform.availableCores());
 * ```
 */
import type { Worker as NodeWorker } from 'node:worker_threads';

/** The Dawn bindings for Node (npm `webgpu`): what glossa uses of them. */
export interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

export interface BackendPlatform {
  /** `true` in the Node implementation. */
  readonly node: boolean;
  /** Cores this process may use (Node), else `navigator.hardwareConcurrency` or 1. */
  availableCores(): number;
  /**
   * Node: runs `init` (the first `tf.setBackend('wasm')`) with tfjs's pthreads enabled
   * (`wasm-threads.ts`). The stub just runs `init`.
   */
  initWasmWithThreads(
    threads: number,
    setThreadsCount: (n: number) => void,
    init: () => Promise<boolean>,
  ): Promise<{ ok: boolean; note?: string }>;
  /** Node: the optional npm `webgpu` package (Dawn), or `undefined` when it is not installed. */
  loadDawn(): Promise<DawnModule | undefined>;
  /** Node: `worker_threads`' `Worker` (the SIMD gemm pool's helpers); `undefined` elsewhere. */
  readonly Worker: typeof NodeWorker | undefined;
}
