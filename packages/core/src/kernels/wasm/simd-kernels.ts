/**
 * wasm kernels that run glossa's SIMD code (assembly/simd.ts) in place of tfjs-backend-wasm 4.22's scalar
 * or thread-pooled ones, measured on the reference Transformer step: `Exp` (tfjs calls libm's `exp`
 * per value, ~7 ns each; this ~2 ns), `Erf` (~5× faster), `Transpose` of the last two axes (tfjs's
 * runs ~120 M values/s on 2-D tensors; this ~3.5 G/s), `Add`/`Sub`/`Multiply`/`RealDiv`/`Square`
 * (no thread-pool hand-off for small tensors; bit-identical to cpu) and `GatherV2` along axis 0
 * (embedding lookups: whole-row copies instead of tfjs's per-value loop). tfjs's own `Softmax`
 * (XNNPACK) is kept: a fused SIMD softmax written here was 3× slower. Each wraps the original kernel
 * and hands it every case it does not cover (other dtypes, axes or broadcasts) or when the SIMD module
 * could not be loaded.
 */
import { backend_util, type KernelConfig, util } from '@tensorflow/tfjs-core';
import type { SimdKernels } from './simd-exports';
import { simdFor } from './simd-module';
import { heapOffset, replaceKernel, type TensorInfo, type WasmBackend } from './wasm-backend';

type Args = {
  inputs: Record<string, TensorInfo>;
  backend: WasmBackend;
  attrs: Record<string, unknown>;
};
type Func = (args: Args) => TensorInfo;

function wrapKernel(
  original: KernelConfig,
  fast: (args: Args, simd: SimdKernels) => TensorInfo | null,
): KernelConfig {
  const fallback = original.kernelFunc as unknown as Func;
  const kernelFunc = (args: Args): TensorInfo => {
    const simd = simdFor(args.backend);
    return (simd && fast(args, simd)) || fallback(args);
  };
  return replaceKernel(original, kernelFunc);
}

function unary(original: KernelConfig, op: 'exp' | 'erf'): KernelConfig {
  return wrapKernel(original, ({ inputs, backend }, simd) => {
    const x = inputs.x as TensorInfo;
    if (x.dtype !== 'float32') return null;
    const out = backend.makeOutput(x.shape, 'float32');
    const n = util.sizeFromShape(x.shape);
    if (n > 0) simd[op](heapOffset(backend, x), heapOffset(backend, out), n);
    return out;
  });
}

/** `Exp` on float32 with the SIMD kernel. */
export const makeWasmExp = (original: KernelConfig) => unary(original, 'exp');

/** `Erf` on float32 with the SIMD kernel. */
export const makeWasmErf = (original: KernelConfig) => unary(original, 'erf');

/**
 * `x` with its last two axes swapped, for 32-bit dtypes, through the SIMD kernel; `undefined` when it
 * is not available (the caller then transposes some other way).
 */
export function simdTransposeLast2(backend: WasmBackend, x: TensorInfo): TensorInfo | undefined {
  const simd = simdFor(backend);
  if (!simd || x.dtype === 'string' || x.dtype === 'bool' || x.dtype === 'complex64') return undefined;
  const rank = x.shape.length;
  const rows = x.shape[rank - 2] as number;
  const cols = x.shape[rank - 1] as number;
  const out = backend.makeOutput([...x.shape.slice(0, -2), cols, rows], x.dtype);
  const size = util.sizeFromShape(x.shape);
  if (size > 0)
    simd.transpose(heapOffset(backend, x), heapOffset(backend, out), size / (rows * cols), rows, cols);
  return out;
}

/** `Transpose` whose permutation only swaps the last two axes (of any rank ≥ 2), 32-bit dtypes. */
export function makeWasmTranspose(original: KernelConfig): KernelConfig {
  return wrapKernel(original, ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const perm = attrs.perm as number[];
    const rank = x.shape.length;
    if (rank < 2 || perm.length !== rank) return null;
    for (let i = 0; i < rank - 2; i++) if (perm[i] !== i) return null;
    if (perm[rank - 2] !== rank - 1 || perm[rank - 1] !== rank - 2) return null;
    return simdTransposeLast2(backend, x) ?? null;
  });
}

/**
 * `GatherV2` along axis 0 with no batch axes (embedding lookups): one block copy per index instead
 * of a loop per value. Indices out of range throw the same error as tfjs's kernels.
 */
export function makeWasmGather(original: KernelConfig): KernelConfig {
  const fallback = original.kernelFunc as unknown as Func;
  const kernelFunc = (args: Args): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const x = inputs.x as TensorInfo;
    const indices = inputs.indices as TensorInfo;
    const axis = util.parseAxisParam(attrs.axis as number, x.shape)[0];
    const fits =
      axis === 0 &&
      ((attrs.batchDims as number | undefined) ?? 0) === 0 &&
      indices.dtype === 'int32' &&
      (x.dtype === 'float32' || x.dtype === 'int32') &&
      x.shape.length >= 1;
    if (!fits) return fallback(args);
    const rows = x.shape[0] as number;
    const row = util.sizeFromShape(x.shape.slice(1));
    const nIdx = util.sizeFromShape(indices.shape);
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    if (nIdx === 0 || row === 0) return out;
    // Views after allocating (allocation can replace the heap buffer).
    const idx = backend.typedArrayFromHeap(indices) as Int32Array;
    const heap = backend.typedArrayFromHeap(x);
    const src = heapOffset(backend, x) / 4;
    const dst = heapOffset(backend, out) / 4;
    const all = new Float32Array(heap.buffer); // 32-bit lanes of the whole heap
    for (let i = 0; i < nIdx; i++) {
      const r = idx[i] as number;
      if (!(r >= 0 && r < rows)) {
        backend.disposeData(out.dataId);
        throw new Error(`GatherV2: the index value ${r} is not in [0, ${rows - 1}]`);
      }
      all.copyWithin(dst + i * row, src + r * row, src + (r + 1) * row);
    }
    return out;
  };
  return replaceKernel(original, kernelFunc);
}

/** Strides of one operand in `binary`'s outer × inner loop, or undefined when it does not fit. */
function operandStrides(
  shape: number[],
  out: number[],
  split: number,
  inner: number,
): [number, number] | undefined {
  const padded = [...Array(out.length - shape.length).fill(1), ...shape];
  const part = (from: number, to: number) => {
    let full = true;
    let ones = true;
    for (let d = from; d < to; d++) {
      if (padded[d] !== out[d]) full = false;
      if (padded[d] !== 1) ones = false;
    }
    return full ? 'full' : ones ? 'ones' : 'mixed';
  };
  const lead = part(0, split);
  const trail = part(split, out.length);
  if (lead === 'mixed' || trail === 'mixed') return undefined;
  // A part that is both full and all ones (size-1 dims) counts as full.
  if (trail === 'full') return [lead === 'full' ? inner : 0, 1];
  return [lead === 'full' ? 1 : 0, 0];
}

/**
 * The loop `binary` runs for operands of shapes `a` and `b`: the output split into outer × inner at
 * the first axis where each operand is whole, a scalar, a row repeated over the leading axes or a
 * column repeated over the trailing ones; undefined for other broadcasts.
 */
export function binaryPlan(
  a: number[],
  b: number[],
): { out: number[]; outer: number; inner: number; sa: [number, number]; sb: [number, number] } | undefined {
  const out = backend_util.assertAndGetBroadcastShape(a, b);
  for (let split = 0; split <= out.length; split++) {
    const outer = util.sizeFromShape(out.slice(0, split));
    const inner = util.sizeFromShape(out.slice(split));
    const sa = operandStrides(a, out, split, inner);
    const sb = operandStrides(b, out, split, inner);
    if (sa && sb) return { out, outer, inner, sa, sb };
  }
  return undefined;
}

const BINARY_OPS = { Add: 0, Sub: 1, Multiply: 2, RealDiv: 3 } as const;

/** `Add`, `Sub`, `Multiply`, `RealDiv` on float32 (the broadcasts `binaryPlan` covers) with SIMD. */
export function makeWasmBinary(original: KernelConfig): KernelConfig {
  const op = BINARY_OPS[original.kernelName as keyof typeof BINARY_OPS];
  return wrapKernel(original, ({ inputs, backend }, simd) => {
    const a = inputs.a as TensorInfo;
    const b = inputs.b as TensorInfo;
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || op === undefined) return null;
    const plan = binaryPlan(a.shape, b.shape);
    if (!plan) return null;
    const out = backend.makeOutput(plan.out, 'float32');
    if (plan.outer * plan.inner > 0)
      simd.binary(
        op,
        heapOffset(backend, a),
        plan.sa[0],
        plan.sa[1],
        heapOffset(backend, b),
        plan.sb[0],
        plan.sb[1],
        heapOffset(backend, out),
        plan.outer,
        plan.inner,
      );
    return out;
  });
}

/** `Square` on float32 as x·x through the SIMD element-wise loop (tfjs's runs on XNNPACK's pool). */
export function makeWasmSquare(original: KernelConfig): KernelConfig {
  return wrapKernel(original, ({ inputs, backend }, simd) => {
    const x = inputs.x as TensorInfo;
    if (x.dtype !== 'float32') return null;
    const out = backend.makeOutput(x.shape, 'float32');
    const n = util.sizeFromShape(x.shape);
    const p = heapOffset(backend, x);
    if (n > 0) simd.binary(BINARY_OPS.Multiply, p, n, 1, p, n, 1, heapOffset(backend, out), 1, n);
    return out;
  });
}
