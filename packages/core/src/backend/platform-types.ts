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
  /**
   * Starts a helper thread (the SIMD gemm pool's) running `body`, a script that sees `data` (values
   * that can be posted: a `WebAssembly.Module`, a shared memory, a `SharedArrayBuffer`, numbers) and
   * calls `ready()` once it has started: `worker_threads` in Node, a Web Worker from a Blob in
   * cross-origin-isolated browser pages. Resolves once `ready()` was called; `undefined` where no
   * thread can be started (then the caller's thread does all the work).
   */
  startHelper(body: string, data: Record<string, unknown>): Promise<HelperThread | undefined>;
  /**
   * Whether the calling thread may block in `Atomics.wait` (Node; a browser worker), or must spin
   * (a browser page's main thread).
   */
  readonly canBlock: boolean;
  /**
   * Node: the plain SIMD kernels module (base64) at hand, so that `simdFor` can instantiate it
   * synchronously after a bare `tf.setBackend('wasm')`. Browsers: `undefined` — the module comes by a
   * dynamic import when it is needed (engines with relaxed SIMD load the relaxed build instead), so a
   * page does not download both.
   */
  readonly plainSimd: EmbeddedSimd | undefined;
}

/** An embedded SIMD module: its bytes in base64 and where the memory import's limits flags are. */
export interface EmbeddedSimd {
  SIMD_WASM: string;
  SIMD_SHARED_FLAG_OFFSET: number;
}

/** A running helper thread. */
export interface HelperThread {
  terminate(): void;
  /** Calls `listener` if the thread exits or fails after it started. */
  onExit(listener: () => void): void;
}
