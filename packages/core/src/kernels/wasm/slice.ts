/**
 * `Slice` and `SplitV` for the wasm backend at memory speed, any rank.
 *
 * tfjs-wasm 4.22 copies the whole input out of the heap for every slice (`readSync`), and above
 * rank 4 computes every element's index in JavaScript; splitting attention's `[B, T, 3, H, D]`
 * projections cost ~1 s per training step. This kernel reads the input in place, merges axes the
 * slice takes whole into contiguous runs, and copies each run with one `TypedArray.set`.
 */
import { backend_util, type KernelConfig, type KernelFunc, slice_util, util } from '@tensorflow/tfjs-core';
import type { TensorInfo, WasmBackend } from './wasm-backend';

/** Collapses axes: an axis taken whole merges into the one before it. */
function collapse(shape: number[], begin: number[], size: number[]) {
  const ext: number[] = [];
  const b: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    const e = shape[i] as number;
    const bi = begin[i] as number;
    const si = size[i] as number;
    const whole = bi === 0 && si === e;
    if (ext.length > 0 && whole) {
      const j = ext.length - 1;
      ext[j] = (ext[j] as number) * e;
      b[j] = (b[j] as number) * e;
      s[j] = (s[j] as number) * e;
    } else if (
      ext.length > 0 &&
      (s[ext.length - 1] as number) === 1 &&
      (ext[ext.length - 1] as number) === 1
    ) {
      ext[ext.length - 1] = e;
      b[ext.length - 1] = bi;
      s[ext.length - 1] = si;
    } else {
      ext.push(e);
      b.push(bi);
      s.push(si);
    }
  }
  return { ext, b, s };
}

/** Copies the slice of `x` at `begin`/`size` into a new wasm tensor. */
export function fastSlice(backend: WasmBackend, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  if (util.sizeFromShape(size) === 0) return out;
  // Views after allocating: allocation can grow (replace) the heap.
  const outVals = backend.typedArrayFromHeap(out);
  const xVals = backend.typedArrayFromHeap(x);
  const { ext, b, s } = collapse(x.shape, begin, size);
  const rank = ext.length;
  const run = s[rank - 1] as number;
  const strides = util.computeStrides(ext);
  strides.push(1);
  const outer = s.slice(0, -1);
  const idx = new Array<number>(Math.max(0, rank - 1)).fill(0);
  const runs = util.sizeFromShape(outer);
  let o = 0;
  for (let r = 0; r < runs; r++) {
    let src = b[rank - 1] as number;
    for (let d = 0; d < rank - 1; d++)
      src += ((idx[d] as number) + (b[d] as number)) * (strides[d] as number);
    outVals.set(xVals.subarray(src, src + run), o);
    o += run;
    for (let d = rank - 2; d >= 0; d--) {
      idx[d] = (idx[d] as number) + 1;
      if ((idx[d] as number) < (outer[d] as number)) break;
      idx[d] = 0;
    }
  }
  return out;
}

type SliceArgs = {
  inputs: { x: TensorInfo };
  backend: WasmBackend;
  attrs: { begin: number | number[]; size?: number | number[] };
};
type SplitArgs = {
  inputs: { x: TensorInfo };
  backend: WasmBackend;
  attrs: { numOrSizeSplits: number | number[]; axis: number };
};

/**
 * Wraps the original wasm `Slice` (kept for strings).
 * @param original the kernel tfjs-backend-wasm registered.
 */
export function makeWasmSlice(original: KernelConfig): KernelConfig {
  const fallback = original.kernelFunc as unknown as (a: SliceArgs) => TensorInfo;
  const kernelFunc = (args: SliceArgs): TensorInfo => {
    const { x } = args.inputs;
    if (x.dtype === 'string') return fallback(args);
    const [begin, size] = slice_util.parseSliceParams(x as never, args.attrs.begin, args.attrs.size);
    return fastSlice(args.backend, x, begin as number[], size as number[]);
  };
  return { kernelName: 'Slice', backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}

/**
 * Wraps the original wasm `SplitV` (kept for strings).
 * @param original the kernel tfjs-backend-wasm registered.
 */
export function makeWasmSplitV(original: KernelConfig): KernelConfig {
  const fallback = original.kernelFunc as unknown as (a: SplitArgs) => TensorInfo[];
  const kernelFunc = (args: SplitArgs): TensorInfo[] => {
    const { x } = args.inputs;
    if (x.dtype === 'string') return fallback(args);
    const axis = util.parseAxisParam(args.attrs.axis, x.shape)[0] as number;
    const sizes = backend_util.prepareSplitSize(x as never, args.attrs.numOrSizeSplits, axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((n) => {
      const size = [...x.shape];
      size[axis] = n;
      const part = fastSlice(args.backend, x, [...begin], size);
      begin[axis] = (begin[axis] as number) + n;
      return part;
    });
  };
  return { kernelName: 'SplitV', backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
