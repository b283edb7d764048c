/**
 * The SIMD WebAssembly kernel (assembly/word2vec.ts): its compiled module, whether this engine can
 * run it, and the memory a model lives in (shared for worker threads).
 */
import { WORD2VEC_SHARED_FLAG_OFFSET, WORD2VEC_WASM } from './generated/word2vec-wasm';

const modules: { plain?: WebAssembly.Module; shared?: WebAssembly.Module } = {};

function decodeBase64(text: string): Uint8Array {
  if (typeof atob === 'function') return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  // Node < 16 only; kept for completeness.
  return new Uint8Array((globalThis as any).Buffer.from(text, 'base64'));
}

/** The kernel compiled for an ordinary (`shared: false`) or a shared memory. */
export function wasmKernelModule(shared: boolean): WebAssembly.Module {
  const key = shared ? 'shared' : 'plain';
  let m = modules[key];
  if (!m) {
    const bytes = decodeBase64(WORD2VEC_WASM);
    if (shared) bytes[WORD2VEC_SHARED_FLAG_OFFSET] = 0x03;
    m = new WebAssembly.Module(bytes as BufferSource);
    modules[key] = m;
  }
  return m;
}

let simd: boolean | undefined;

/**
 * Whether WebAssembly with 128-bit SIMD is available (every current browser and Node ≥ 16; not
 * Safari before 16.4).
 *
 * @example
 * ```ts
 * wasmSimdSupported(); // true in Node 20
 * ```
 */
export function wasmSimdSupported(): boolean {
  if (simd === undefined) {
    try {
      simd = typeof WebAssembly === 'object' && wasmKernelModule(false) instanceof WebAssembly.Module;
    } catch {
      simd = false;
    }
  }
  return simd;
}

/** Largest model (bytes) a 32-bit WebAssembly memory holds: 65536 pages of 64 KiB. */
export const WASM_MAX_BYTES = 65536 * 65536;

/** A memory of at least `bytes`, shared for worker threads. */
export function wasmMemory(bytes: number, shared: boolean): WebAssembly.Memory {
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared } as WebAssembly.MemoryDescriptor);
}
