// The names and the result of backend selection, shared by `backend.ts` and `webgpu-probe.ts`.

/** A concrete backend. */
export type ConcreteBackend = 'webgpu' | 'wasm' | 'cpu';
/** What `useBackend` accepts: a concrete backend or `'auto'`. */
export type BackendName = ConcreteBackend | 'auto';

/** What `useBackend` chose and why. */
export interface BackendInfo {
  name: ConcreteBackend;
  /** A sentence saying why this backend was chosen (or that it was asked for). */
  reason: string;
  /** wasm: worker threads in use (1 = single-threaded). */
  threads?: number;
  /** wasm: whether glossa's kernels run the relaxed-SIMD (fused multiply–add) build. */
  relaxedSimd?: boolean;
  /** webgpu: adapter description, and whether it is a software rasteriser (lavapipe, SwiftShader). */
  adapter?: { description: string; software: boolean };
}
