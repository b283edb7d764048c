import * as tf from '@tensorflow/tfjs-core';
import { platform } from '#platform';
import { BackendError } from '../errors';
// Generated at build time by scripts/build-tfjs-extras.mjs (see src/generated/README.md).
import { installTfjsExtras } from '../generated/tfjs-extras.js';
import { installKernels } from '../kernels/install-kernels';
import { prepareSimd, setRelaxedSimd } from '../kernels/wasm/simd-module';
import type { WasmBackend } from '../kernels/wasm/wasm-backend';
import type { BackendInfo, BackendName, ConcreteBackend } from './backend-types';
import { applyWasmPaths, diagnoseWasmFetch, type WasmPaths } from './wasm-files';
import { loadWebgpu } from './webgpu-probe';
import { guardWebgpuSyncReads } from './webgpu-reads';

/** emscripten preallocates this many pthread workers in Node; more would need the main thread to yield. */
const MAX_WASM_THREADS = 8;

export type { BackendInfo, BackendName, ConcreteBackend } from './backend-types';

export interface UseBackendOptions {
  /** Print the choice (`auto` only) with `console.info`. Default `true` for `auto`. */
  verbose?: boolean;
  /**
   * wasm: threads wanted. Default in Node: every core (at most 8), or the environment variable
   * `GLOSSA_WASM_THREADS` when set; `1` turns threads off (do that when several processes share the
   * cores: XNNPACK's workers spin while they wait, and oversubscribed cores made the reference
   * Transformer step 2.5× slower). In browsers threads need a cross-origin-isolated page; there the
   * default is tfjs's (half the cores) and `threads` is honoured up to 8 (glossa's gemm then runs on
   * Web Workers too); a page that is not isolated runs one thread and says why once. Only the first
   * wasm start counts.
   */
  threads?: number;
  /**
   * wasm: where tfjs-backend-wasm's `.wasm` binaries are fetched from in a browser: a folder URL
   * ending in `/`, or a URL for each of `tfjs-backend-wasm.wasm`, `tfjs-backend-wasm-simd.wasm` and
   * `tfjs-backend-wasm-threaded-simd.wasm`. Default: the copies shipped in `@glossa/core/dist`, as
   * the bundler emitted them (`new URL(…, import.meta.url)`). Use this instead of tfjs's own
   * `setWasmPaths`. Only the first wasm start counts.
   */
  wasmPaths?: WasmPaths;
  /**
   * wasm: use glossa's relaxed-SIMD kernels (fused multiply–add in the gemm and element-wise kernels)
   * where the engine supports relaxed SIMD (Chromium; Node 20 only with
   * `--experimental-wasm-relaxed-simd`). Default `true`; `false` keeps the plain SIMD build, whose
   * results are bit-identical to the cpu backend's arithmetic (the relaxed build rounds once per
   * multiply–add where the CPU has FMA, so last bits differ). Only the first wasm start counts.
   */
  relaxedSimd?: boolean;
  /** webgpu: accept a software adapter when it is asked for explicitly. Default `true`. */
  allowSoftwareAdapter?: boolean;
  /**
   * Install glossa's speed-only kernel replacements (e.g. wasm `BatchMatMul`). Default `true`;
   * `false` keeps the backend's stock kernels for before/after benchmarks (process-wide, first call wins).
   */
  fastKernels?: boolean;
}

let extrasInstalled = false;
let warnedNotIsolated = false;

const NOT_ISOLATED =
  'wasm threads are off because this page is not cross-origin isolated (serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp to enable them)';

/** A browser page (or worker) that may share memory between threads. */
const pageIsolated = () => (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;

/**
 * Registers what tfjs-core lacks in Node and what backends lack for NLP training: all gradients,
 * chained ops (`x.sum()`), and glossa's own kernels and gradients. Idempotent; `useBackend` calls it.
 */
export function ensureTfjsExtras(options: { fastKernels?: boolean } = {}): void {
  if (!extrasInstalled) installExtras();
  // Kernels are per backend: check again each time (cheap) in case another backend was loaded.
  installKernels({ fast: options.fastKernels });
}

function installExtras(): void {
  extrasInstalled = true;
  const t = tf as unknown as { Tensor: { prototype: Record<string, unknown> } };
  // Gradients are registered per kernel name; re-registering warns, so only do it when missing.
  if (tf.getGradient('Add') === undefined || typeof t.Tensor.prototype.add !== 'function') {
    const warn = console.warn;
    console.warn = () => {};
    try {
      installTfjsExtras(tf);
    } finally {
      console.warn = warn;
    }
  }
}

const isNode = platform.node && typeof process !== 'undefined' && !!process.versions?.node;

/** Reasons a backend cannot start, cached per process. */
const probeCache = new Map<ConcreteBackend, Promise<BackendInfo>>();

async function loadCpu(): Promise<BackendInfo> {
  await import('@tensorflow/tfjs-backend-cpu');
  return { name: 'cpu', reason: 'cpu backend (plain JavaScript, always available)' };
}

async function loadWasm(options: UseBackendOptions): Promise<BackendInfo> {
  let mod: typeof import('@tensorflow/tfjs-backend-wasm');
  try {
    mod = await import('@tensorflow/tfjs-backend-wasm');
  } catch (e) {
    throw new BackendError(
      `wasm backend unavailable: @tensorflow/tfjs-backend-wasm could not be imported (${(e as Error).message}); install it with npm install @tensorflow/tfjs-backend-wasm@4.22.0`,
      'wasm',
      { cause: e },
    );
  }
  const registry = (tf.engine() as unknown as { registry: Record<string, unknown> }).registry;
  if (!registry.wasm) {
    let note: string | undefined;
    try {
      note = applyWasmPaths(mod, options.wasmPaths, isNode);
    } catch (e) {
      throw new BackendError(`useBackend: ${(e as Error).message}`, 'wasm', { cause: e });
    }
    if (note) console.warn(`glossa: ${note}`);
  }
  if (!isNode && !pageIsolated() && !warnedNotIsolated) {
    warnedNotIsolated = true;
    console.warn(`glossa: ${NOT_ISOLATED}`);
  }
  return { name: 'wasm', reason: 'wasm backend (WebAssembly SIMD)', threads: 1 };
}

/** `options.threads`, checked and clamped to 1…8; `undefined` when not given. */
function askedThreads(options: UseBackendOptions): number | undefined {
  if (options.threads === undefined) return undefined;
  if (!Number.isFinite(options.threads) || options.threads < 1)
    throw new BackendError(
      `useBackend: threads must be a number ≥ 1, received ${String(options.threads)}`,
      'wasm',
    );
  return clampThreads(options.threads);
}

const clampThreads = (n: number) => Math.max(1, Math.min(MAX_WASM_THREADS, Math.floor(n)));

/**
 * Threads the wasm backend should start with in Node (1 = off): `options.threads`, else
 * `GLOSSA_WASM_THREADS`, else every core the process may use (at most 8). On an idle 2-core machine
 * 2 threads made the reference Transformer step ~20% faster and matMul 1024 ~1.6× faster.
 */
async function nodeWasmThreads(options: UseBackendOptions): Promise<number> {
  const asked = askedThreads(options);
  if (asked !== undefined) return asked;
  const env = process.env.GLOSSA_WASM_THREADS;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (!Number.isFinite(n) || n < 1)
      throw new BackendError(`GLOSSA_WASM_THREADS must be a number ≥ 1, found '${env}'`, 'wasm');
    return clampThreads(n);
  }
  return clampThreads(platform.availableCores());
}

/** `tf.setBackend(name)`, starting wasm with threads in Node the first time. */
async function setBackend(
  name: ConcreteBackend,
  options: UseBackendOptions,
): Promise<{ ok: boolean; note?: string }> {
  const registry = (tf.engine() as unknown as { registry: Record<string, unknown> }).registry;
  if (name !== 'wasm' || registry.wasm) return { ok: await tf.setBackend(name) };
  if (!isNode) {
    // Browsers: tfjs starts threads itself in an isolated page, at most half the cores; an explicit
    // `threads` is honoured (the cap lifted by `#platform`).
    const asked = askedThreads(options);
    if (asked === undefined || !pageIsolated()) return { ok: await tf.setBackend(name) };
    const mod = await import('@tensorflow/tfjs-backend-wasm');
    return platform.initWasmWithThreads(asked, mod.setThreadsCount, () => tf.setBackend(name));
  }
  const threads = await nodeWasmThreads(options);
  if (threads <= 1) return { ok: await tf.setBackend(name) };
  const mod = await import('@tensorflow/tfjs-backend-wasm');
  return platform.initWasmWithThreads(threads, mod.setThreadsCount, () => tf.setBackend(name));
}

async function wasmThreadsInUse(): Promise<number> {
  try {
    return (await import('@tensorflow/tfjs-backend-wasm')).getThreadsCount();
  } catch {
    return 1;
  }
}

async function load(name: ConcreteBackend, options: UseBackendOptions): Promise<BackendInfo> {
  if (name === 'cpu') return loadCpu();
  if (name === 'wasm') return loadWasm(options);
  return loadWebgpu(options);
}

async function activate(name: ConcreteBackend, options: UseBackendOptions): Promise<BackendInfo> {
  let pending = probeCache.get(name);
  if (!pending) {
    pending = load(name, options);
    probeCache.set(name, pending);
  }
  const info = await pending;
  ensureTfjsExtras({ fastKernels: options.fastKernels });
  let started: { ok: boolean; note?: string };
  try {
    started = await setBackend(name, options);
  } catch (e) {
    throw new BackendError(`${name} backend failed to initialise: ${(e as Error).message}`, name, {
      cause: e,
    });
  }
  if (!started.ok) {
    // In a browser the usual cause is a .wasm file that was not where tfjs looked: say which and why.
    const why = name === 'wasm' && !isNode ? await diagnoseWasmFetch() : undefined;
    throw new BackendError(
      `${name} backend failed to initialise (${why ?? 'tf.setBackend returned false'})`,
      name,
    );
  }
  await tf.ready();
  // Synchronous GPU reads, where they cannot work (Node, software adapters): a clear BackendError.
  if (name === 'webgpu') guardWebgpuSyncReads(tf.backend(), info.adapter);
  if (name !== 'wasm') return { ...info };
  if (options.relaxedSimd !== undefined) setRelaxedSimd(options.relaxedSimd);
  const simd =
    options.fastKernels !== false ? await prepareSimd(tf.backend() as unknown as WasmBackend) : undefined;
  const threads = await wasmThreadsInUse();
  if (started.note) console.warn(`glossa: ${started.note}`);
  const why = threads === 1 && !isNode && !pageIsolated() ? ' (page not cross-origin isolated)' : '';
  const relaxedSimd = simd?.relaxed ?? false;
  return {
    ...info,
    threads,
    relaxedSimd,
    reason: `${info.reason}${relaxedSimd ? ' with relaxed-SIMD FMA kernels' : ''}, ${threads} thread${threads === 1 ? '' : 's'}${why}`,
  };
}

/**
 * Chooses the tensor backend for everything that follows. Await it once before creating tensors.
 *
 * - `'webgpu' | 'wasm' | 'cpu'`: that backend, or a `BackendError` naming it and the reason.
 * - `'auto'`: webgpu on a hardware adapter, else wasm, else cpu; the result's `reason` says why.
 *
 * @example
 * ```ts
 * const info = await useBackend('auto'); // { name: 'wasm', reason: '…' }
 * ```
 */
export async function useBackend(
  name: BackendName = 'auto',
  options: UseBackendOptions = {},
): Promise<BackendInfo> {
  if (!['auto', 'webgpu', 'wasm', 'cpu'].includes(name)) {
    throw new BackendError(
      `useBackend(name): expected 'auto', 'webgpu', 'wasm' or 'cpu', received '${String(name)}'`,
      String(name),
    );
  }
  if (name !== 'auto') return activate(name, options);
  const skipped: string[] = [];
  try {
    const gpu = await load('webgpu', { ...options, allowSoftwareAdapter: true }).catch((e: Error) => e);
    if (!(gpu instanceof Error) && !gpu.adapter?.software) {
      const info = await activate('webgpu', options);
      return report({ ...info, reason: `auto: ${info.reason} (a hardware adapter)` }, options);
    }
    skipped.push(
      gpu instanceof Error
        ? gpu.message
        : `webgpu skipped: software adapter (${gpu.adapter?.description}) is slower than wasm`,
    );
  } catch (e) {
    skipped.push((e as Error).message);
  }
  try {
    const info = await activate('wasm', options);
    return report({ ...info, reason: `auto: ${info.reason}; ${skipped.join('; ')}` }, options);
  } catch (e) {
    skipped.push((e as Error).message);
  }
  const info = await activate('cpu', options);
  return report({ ...info, reason: `auto: ${info.reason}; ${skipped.join('; ')}` }, options);
}

function report(info: BackendInfo, options: UseBackendOptions): BackendInfo {
  if (options.verbose !== false) console.info(`glossa: using ${info.name} — ${info.reason}`);
  return info;
}

/**
 * Tries to start each backend and reports which can run here, with the reason for those that
 * cannot. Leaves the current backend unchanged. Used by the op × backend test table.
 */
export async function probeBackends(
  names: ConcreteBackend[] = ['cpu', 'wasm', 'webgpu'],
): Promise<Array<{ name: ConcreteBackend; available: boolean; reason: string }>> {
  const out: Array<{ name: ConcreteBackend; available: boolean; reason: string }> = [];
  for (const name of names) {
    try {
      let pending = probeCache.get(name);
      if (!pending) {
        pending = load(name, {});
        probeCache.set(name, pending);
      }
      const info = await pending;
      out.push({ name, available: true, reason: info.reason });
    } catch (e) {
      probeCache.delete(name);
      out.push({ name, available: false, reason: (e as Error).message });
    }
  }
  return out;
}
