/**
 * Loads glossa's SIMD kernels (assembly/simd.ts, compiled by scripts/build-simd.mjs) into the wasm
 * backend's own memory, so that they read and write tensors where the backend keeps them (no copies).
 * One instance per backend object; `prepareSimd` compiles asynchronously (browsers forbid compiling
 * large modules synchronously on the main thread), and `simdFor` falls back to a synchronous
 * instantiation where that is allowed. When neither works the kernels that use it keep tfjs's own.
 *
 * Where the engine compiles WebAssembly relaxed SIMD (Chromium; Node 20 only with
 * `--experimental-wasm-relaxed-simd`), `prepareSimd` loads the relaxed build instead (its bytes come
 * by a dynamic import, so engines without it never load them): its multiply–adds are
 * `f32x4.relaxed_madd`, one fused multiply–add on CPUs with FMA. `useBackend(…, { relaxedSimd: false })`
 * keeps the plain build. The plain build's bytes are at hand in Node (`#platform`, for the synchronous
 * path) and come by a dynamic import elsewhere, so a page with relaxed SIMD downloads one build.
 */
import { platform } from '#platform';
import type { EmbeddedSimd } from '../../backend/platform-types';
import { startGemmPool } from './gemm-pool';
import type { SimdKernels } from './simd-exports';
import type { WasmBackend } from './wasm-backend';

type Emscripten = { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };

const instances = new WeakMap<object, SimdKernels | null>();
const syncFailed = new WeakSet<object>();
const modules = new Map<string, Promise<WebAssembly.Module>>();

/** The smallest module using `f32x4.relaxed_madd` (one function returning it of three zero vectors). */
function relaxedProbe(): Uint8Array<ArrayBuffer> {
  const zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
  const body = [0x00, ...zero, ...zero, ...zero, 0xfd, 0x85, 0x02, 0x0b];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...[0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b], // type: () → v128
    ...[0x03, 0x02, 0x01, 0x00], // one function of that type
    ...[0x0a, body.length + 2, 0x01, body.length, ...body],
  ]);
}

let relaxedKnown: boolean | undefined;

/** Whether this engine compiles WebAssembly relaxed SIMD (checked once). */
export function relaxedSimdSupported(): boolean {
  if (relaxedKnown === undefined) {
    try {
      relaxedKnown = WebAssembly.validate(relaxedProbe());
    } catch {
      relaxedKnown = false;
    }
  }
  return relaxedKnown;
}

function memoryOf(backend: WasmBackend): WebAssembly.Memory | undefined {
  const m = backend.wasm as unknown as Emscripten;
  return m.wasmMemory ?? m.asm?.memory;
}

const isShared = (memory: WebAssembly.Memory) =>
  typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;

/** Decodes an embedded module; for a shared memory, with the import's limits flags set to shared. */
function decode(embedded: EmbeddedSimd, shared: boolean): Uint8Array<ArrayBuffer> {
  let out: Uint8Array<ArrayBuffer>;
  if (typeof Buffer !== 'undefined') out = new Uint8Array(Buffer.from(embedded.SIMD_WASM, 'base64'));
  else {
    const s = atob(embedded.SIMD_WASM);
    out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  }
  if (shared) out[embedded.SIMD_SHARED_FLAG_OFFSET] = 0x03;
  return out;
}

let plain: EmbeddedSimd | undefined = platform.plainSimd;

/**
 * The plain module's bytes, where they are at hand (Node, or once `plainBytesOf` has loaded them);
 * for a shared memory, with the import's limits flags set to shared.
 */
export function bytesOf(shared: boolean): Uint8Array<ArrayBuffer> | undefined {
  return plain ? decode(plain, shared) : undefined;
}

/** The plain module's bytes, loading them by a dynamic import where they are not at hand. */
export async function plainBytesOf(shared: boolean): Promise<Uint8Array<ArrayBuffer>> {
  plain ??= await import('../../generated/simd-wasm.js');
  return decode(plain, shared);
}

/** The relaxed-SIMD module's bytes (a dynamic import: bundlers put them in a chunk of their own). */
export async function relaxedBytesOf(shared: boolean): Promise<Uint8Array<ArrayBuffer>> {
  return decode(await import('../../generated/simd-relaxed-wasm.js'), shared);
}

let relaxedWanted = true;

/** `false`: load the plain module even where relaxed SIMD is supported (before the first `prepareSimd`). */
export function setRelaxedSimd(on: boolean): void {
  relaxedWanted = on;
}

function wrap(
  instance: WebAssembly.Instance,
  backend: WasmBackend,
  pooled?: SimdKernels['gemm'],
  threads = 1,
  relaxed = false,
): SimdKernels {
  const e = instance.exports as unknown as SimdKernels;
  return {
    ...e,
    gemm: pooled ?? e.gemm,
    threads,
    allProducts: threads >= backendThreads(backend),
    relaxed,
  };
}

/** Threads the wasm backend runs XNNPACK with. */
function backendThreads(backend: WasmBackend): number {
  const get = (backend.wasm as unknown as { tfjs?: { getThreadsCount?: () => number } }).tfjs
    ?.getThreadsCount;
  return typeof get === 'function' ? get() : 1;
}

/** Compiles and instantiates the kernels for `backend` (idempotent). */
export async function prepareSimd(backend: WasmBackend): Promise<SimdKernels | undefined> {
  const known = instances.get(backend);
  if (known !== undefined) return known ?? undefined;
  const memory = memoryOf(backend);
  if (!memory) {
    instances.set(backend, null);
    return undefined;
  }
  const shared = isShared(memory);
  const relaxed = relaxedWanted && relaxedSimdSupported();
  try {
    const key = `${shared}-${relaxed}`;
    let mod = modules.get(key);
    if (!mod) {
      mod = (relaxed ? relaxedBytesOf(shared) : plainBytesOf(shared)).then((bytes) =>
        WebAssembly.compile(bytes as BufferSource),
      );
      modules.set(key, mod);
    }
    const compiled = await mod;
    const instance = await WebAssembly.instantiate(compiled, { env: { memory } });
    const threads = shared ? backendThreads(backend) : 1;
    const local = (instance.exports as unknown as SimdKernels).gemm;
    const pooled = threads > 1 ? await startGemmPool(compiled, memory, local, threads - 1) : undefined;
    const kernels = wrap(instance, backend, pooled, pooled ? threads : 1, relaxed);
    instances.set(backend, kernels);
    return kernels;
  } catch {
    instances.set(backend, null);
    return undefined;
  }
}

/** The kernels for `backend`, instantiating them synchronously if `prepareSimd` has not run. */
export function simdFor(backend: WasmBackend): SimdKernels | undefined {
  const known = instances.get(backend);
  if (known !== undefined) return known ?? undefined;
  if (syncFailed.has(backend)) return undefined;
  const memory = memoryOf(backend);
  const bytes = memory && bytesOf(isShared(memory));
  if (memory && bytes) {
    try {
      const mod = new WebAssembly.Module(bytes as BufferSource);
      const kernels = wrap(new WebAssembly.Instance(mod, { env: { memory } }), backend);
      instances.set(backend, kernels);
      return kernels;
    } catch {
      // e.g. a browser main thread refusing synchronous compilation: `prepareSimd` may still work.
    }
  }
  syncFailed.add(backend);
  return undefined;
}
