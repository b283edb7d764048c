/**
 * Loads glossa's SIMD kernels (assembly/simd.ts, compiled by scripts/build-simd.mjs) into the wasm
 * backend's own memory, so that they read and write tensors where the backend keeps them (no copies).
 * One instance per backend object; `prepareSimd` compiles asynchronously (browsers forbid compiling
 * large modules synchronously on the main thread), and `simdFor` falls back to a synchronous
 * instantiation where that is allowed. When neither works the kernels that use it keep tfjs's own.
 */
// Generated at build time by scripts/build-simd.mjs from assembly/simd.ts (see src/generated/README.md).
import { SIMD_SHARED_FLAG_OFFSET, SIMD_WASM } from '../../generated/simd-wasm.js';
import { startGemmPool } from './gemm-pool';
import type { SimdKernels } from './simd-exports';
import type { WasmBackend } from './wasm-backend';

type Emscripten = { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };

const instances = new WeakMap<object, SimdKernels | null>();
const syncFailed = new WeakSet<object>();
const modules = new Map<boolean, Promise<WebAssembly.Module>>();

function memoryOf(backend: WasmBackend): WebAssembly.Memory | undefined {
  const m = backend.wasm as unknown as Emscripten;
  return m.wasmMemory ?? m.asm?.memory;
}

const isShared = (memory: WebAssembly.Memory) =>
  typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;

/** The module's bytes; for a shared memory, with the import's limits flags set to shared. */
export function bytesOf(shared: boolean): Uint8Array<ArrayBuffer> {
  let out: Uint8Array<ArrayBuffer>;
  if (typeof Buffer !== 'undefined') out = new Uint8Array(Buffer.from(SIMD_WASM, 'base64'));
  else {
    const s = atob(SIMD_WASM);
    out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  }
  if (shared) out[SIMD_SHARED_FLAG_OFFSET] = 0x03;
  return out;
}

function wrap(
  instance: WebAssembly.Instance,
  backend: WasmBackend,
  pooled?: SimdKernels['gemm'],
  threads = 1,
): SimdKernels {
  const e = instance.exports as unknown as SimdKernels;
  return { ...e, gemm: pooled ?? e.gemm, threads, allProducts: threads >= backendThreads(backend) };
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
  try {
    let mod = modules.get(shared);
    if (!mod) {
      mod = WebAssembly.compile(bytesOf(shared) as BufferSource);
      modules.set(shared, mod);
    }
    const compiled = await mod;
    const instance = await WebAssembly.instantiate(compiled, { env: { memory } });
    const threads = shared ? backendThreads(backend) : 1;
    const local = (instance.exports as unknown as SimdKernels).gemm;
    const pooled = threads > 1 ? await startGemmPool(compiled, memory, local, threads - 1) : undefined;
    const kernels = wrap(instance, backend, pooled, pooled ? threads : 1);
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
  if (memory) {
    try {
      const mod = new WebAssembly.Module(bytesOf(isShared(memory)) as BufferSource);
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
