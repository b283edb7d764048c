/**
 * `Tile` for the wasm backend over heap views. tfjs-wasm 4.22's kernel computes every output element's
 * source index (~16 ms for a [2048, 128] broadcast); this one copies the innermost rows once and
 * replicates blocks with `copyWithin`/`fill` (memmove speed). It is what `broadcastTo` runs, e.g. in
 * glossa's `Sum`/`Mean` gradients.
 */
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import type { TensorInfo, WasmBackend } from './wasm-backend';

type TileArgs = { inputs: { x: TensorInfo }; backend: WasmBackend; attrs: { reps: number[] } };
type Heap = Float32Array | Int32Array | Uint8Array;

/**
 * Writes `x` tiled by `reps` into `dst` (both dense, row-major).
 * @returns nothing; `dst` holds the result.
 */
export function tileInto(src: Heap, shape: number[], reps: number[], dst: Heap): void {
  const rank = shape.length;
  const outShape = shape.map((s, i) => s * (reps[i] as number));
  const srcStride = new Array<number>(rank);
  const dstStride = new Array<number>(rank);
  let s = 1;
  let d = 1;
  for (let i = rank - 1; i >= 0; i--) {
    srcStride[i] = s;
    dstStride[i] = d;
    s *= shape[i] as number;
    d *= outShape[i] as number;
  }
  const fill = (dim: number, so: number, doff: number): void => {
    const n = shape[dim] as number;
    const r = reps[dim] as number;
    if (dim === rank - 1) {
      if (n === 1) {
        dst.fill(src[so] as number, doff, doff + r);
        return;
      }
      dst.set(src.subarray(so, so + n), doff);
    } else {
      for (let i = 0; i < n; i++)
        fill(dim + 1, so + i * (srcStride[dim] as number), doff + i * (dstStride[dim] as number));
    }
    const block = n * (dstStride[dim] as number);
    for (let k = 1; k < r; k++) dst.copyWithin(doff + k * block, doff, doff + block);
  };
  if (rank === 0) dst[0] = src[0] as number;
  else fill(0, 0, 0);
}

/** Wraps the original wasm `Tile` (still used for strings). */
export function makeWasmTile(original: KernelConfig): KernelConfig {
  const fallback = original.kernelFunc as unknown as (a: TileArgs) => TensorInfo;
  const kernelFunc = (args: TileArgs): TensorInfo => {
    const { x } = args.inputs;
    const { reps } = args.attrs;
    if (x.dtype === 'string' || reps.length !== x.shape.length) return fallback(args);
    const out = args.backend.makeOutput(
      x.shape.map((s, i) => s * (reps[i] as number)),
      x.dtype,
    );
    if (out.shape.some((s) => s === 0)) return out;
    // Views after allocating: allocation can grow (replace) the heap.
    tileInto(args.backend.typedArrayFromHeap(x), x.shape, reps, args.backend.typedArrayFromHeap(out));
    return out;
  };
  return {
    kernelName: 'Tile',
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    kernelFunc: kernelFunc as unknown as KernelFunc,
  };
}
