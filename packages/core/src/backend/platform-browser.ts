// The browser (and every non-Node) implementation of `#platform`, built as
// dist/platform-browser.{js,cjs}; it imports nothing.
import type { BackendPlatform, HelperThread } from './platform-types';

type Browserish = {
  navigator?: { hardwareConcurrency?: number };
  crossOriginIsolated?: boolean;
  Worker?: new (
    url: string,
  ) => {
    postMessage(m: unknown): void;
    terminate(): void;
    addEventListener(type: string, f: (e: { data?: unknown }) => void): void;
    removeEventListener(type: string, f: (e: { data?: unknown }) => void): void;
  };
};
const g = globalThis as unknown as Browserish;

const cores = () => {
  const n = g.navigator?.hardwareConcurrency;
  return typeof n === 'number' && n > 0 ? n : 1;
};

/** A helper that has not said `ready` within this many ms is given up (e.g. a CSP refusing blob workers). */
const START_TIMEOUT_MS = 10_000;

/**
 * tfjs-backend-wasm gives its pool at most half of `navigator.hardwareConcurrency` threads: while the
 * backend initialises (the only time it asks), the page reports at least twice `threads` cores.
 */
async function initWasmWithThreads(
  threads: number,
  setThreadsCount: (n: number) => void,
  init: () => Promise<boolean>,
): Promise<{ ok: boolean; note?: string }> {
  const nav = g.navigator;
  setThreadsCount(threads);
  if (!nav || cores() >= 2 * threads) return { ok: await init() };
  const own = Object.getOwnPropertyDescriptor(nav, 'hardwareConcurrency');
  const real = cores();
  Object.defineProperty(nav, 'hardwareConcurrency', { get: () => 2 * threads, configurable: true });
  try {
    const ok = await init();
    return {
      ok,
      note: threads > real ? `${threads} wasm threads asked for on ${real} cores` : undefined,
    };
  } finally {
    if (own) Object.defineProperty(nav, 'hardwareConcurrency', own);
    else delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/** A Web Worker (from a Blob) running `body`; only in cross-origin-isolated pages (shared memory). */
async function startHelper(body: string, data: Record<string, unknown>): Promise<HelperThread | undefined> {
  if (typeof g.Worker !== 'function' || g.crossOriginIsolated !== true) return undefined;
  const source = `onmessage = (e) => {
onmessage = null;
const data = e.data;
const ready = () => postMessage('ready');
${body}
};`;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  let w: InstanceType<NonNullable<Browserish['Worker']>>;
  try {
    w = new g.Worker(url);
  } catch {
    URL.revokeObjectURL(url);
    return undefined;
  }
  const exitListeners: Array<() => void> = [];
  const started = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), START_TIMEOUT_MS);
    w.addEventListener('message', () => {
      clearTimeout(timer);
      resolve(true);
    });
    w.addEventListener('error', () => {
      clearTimeout(timer);
      resolve(false);
      for (const f of exitListeners) f();
    });
    w.postMessage(data);
  });
  URL.revokeObjectURL(url);
  if (!started) {
    w.terminate();
    return undefined;
  }
  return {
    terminate: () => w.terminate(),
    onExit: (listener) => {
      exitListeners.push(listener);
    },
  };
}

/**
 * No Node: tfjs starts wasm threads only in a cross-origin-isolated page (glossa lifts its cap of
 * half the cores when `threads` is asked for), webgpu comes from `navigator.gpu`, and the SIMD gemm's
 * helpers are Web Workers on the backend's shared memory.
 *
 * @example
 * ```ts
 * import { platform } from '#platform'; // this module in a browser bundle
 * platform.node; // false
 * ```
 */
export const platform: BackendPlatform = {
  node: false,
  availableCores: cores,
  initWasmWithThreads,
  loadDawn: async () => undefined,
  startHelper,
  // A page's main thread may not block in `Atomics.wait`; a worker may.
  canBlock: typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined',
  plainSimd: undefined,
};
