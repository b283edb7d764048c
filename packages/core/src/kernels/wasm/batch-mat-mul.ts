/**
 * A faster `BatchMatMul` for the wasm backend.
 *
 * tfjs-wasm 4.22 sends only the plain, unbatched product to XNNPACK; a transposed operand
 * (`transposeA`/`transposeB`, used by every matMul gradient) or a batch larger than one falls to a
 * naive triple loop that runs ~10× slower. This kernel transposes such operands first (SIMD copy on
 * the heap), then runs the plain product with glossa's SIMD `gemm` (see `useSimdGemm` for when) or
 * XNNPACK: a broadcast right-hand side is folded into the rows of one 2-D product, and a true batch
 * runs as one batched `gemm` call or one XNNPACK product per batch entry on zero-copy views of the
 * operands. Anything else (non-float32, general broadcasting) is passed to the original kernel
 * unchanged.
 */
import { broadcast_util, type KernelConfig, type KernelFunc, util } from '@tensorflow/tfjs-core';
import type { SimdKernels } from './simd-exports';
import { simdTransposeLast2 } from './simd-kernels';
import { simdFor } from './simd-module';
import {
  disposeIntermediate,
  heapOffset,
  makeView,
  releaseView,
  type TensorInfo,
  type WasmBackend,
  wasmId,
} from './wasm-backend';

type MatMulArgs = {
  inputs: { a: TensorInfo; b: TensorInfo };
  backend: WasmBackend;
  attrs: { transposeA: boolean; transposeB: boolean };
};

type WasmMatMul = (
  aId: number,
  aShape: Uint8Array,
  aRank: number,
  bId: number,
  bShape: Uint8Array,
  bRank: number,
  transposeA: boolean,
  transposeB: boolean,
  outId: number,
) => void;

const shapeBytes = (shape: number[]) => new Uint8Array(new Int32Array(shape).buffer);

const BLOCK = 32;

/**
 * Whether glossa's SIMD product (assembly/simd.ts `gemm`) runs a plain product instead of XNNPACK.
 * Measured on the reference Transformer step: it is faster on every product of that model (42–47
 * GFLOP/s on one thread against XNNPACK's 25–36 once its per-call weight repack is paid; 44 against
 * ~14 on attention's batched products). When the backend has threads but glossa's helper threads did
 * not start (browsers), XNNPACK keeps the 2-D products, which it parallelises. Large products whose
 * output does not stay in cache (1024³: 21 against 31 GFLOP/s per thread) stay with XNNPACK.
 */
function useSimdGemm(simd: SimdKernels, batchB: number, m: number, k: number, n: number): boolean {
  if (m === 0 || n === 0) return false;
  if (k > Math.max(64, Math.floor(65536 / n)) && m * n > 1 << 19) return false;
  return batchB > 1 || simd.allProducts;
}

/**
 * Swaps the last two axes (float32): with the SIMD kernel when it is loaded, else with a cache-blocked
 * copy on heap views. Either is much faster than tfjs's wasm `Transpose` kernel for these shapes.
 */
export function transposeLast2(backend: WasmBackend, x: TensorInfo): TensorInfo {
  const fast = simdTransposeLast2(backend, x);
  if (fast) return fast;
  const rank = x.shape.length;
  const r = x.shape[rank - 2] as number;
  const c = x.shape[rank - 1] as number;
  const batch = util.sizeFromShape(x.shape.slice(0, -2));
  const out = backend.makeOutput([...x.shape.slice(0, -2), c, r], 'float32');
  // Views after allocating: allocation can grow (replace) the heap.
  const src = backend.typedArrayFromHeap(x) as Float32Array;
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  // Block over columns then rows; inside a block, write each output row sequentially and read the
  // source column with a stride (measured ~4× faster in V8 than scattering the writes).
  for (let b = 0; b < batch; b++) {
    const off = b * r * c;
    for (let j0 = 0; j0 < c; j0 += BLOCK) {
      const j1 = Math.min(j0 + BLOCK, c);
      for (let i0 = 0; i0 < r; i0 += BLOCK) {
        const i1 = Math.min(i0 + BLOCK, r);
        for (let j = j0; j < j1; j++) {
          let o = off + j * r + i0;
          let s = off + i0 * c + j;
          for (let i = i0; i < i1; i++, s += c) dst[o++] = src[s] as number;
        }
      }
    }
  }
  return out;
}

/**
 * Wraps the original wasm `BatchMatMul` registration.
 * @param original the kernel tfjs-backend-wasm registered (its `setupFunc` still runs).
 */
export function makeWasmBatchMatMul(original: KernelConfig): KernelConfig {
  let matMul: WasmMatMul | undefined;
  const originalFunc = original.kernelFunc as unknown as (args: MatMulArgs) => TensorInfo;

  function batchMatMul(args: MatMulArgs): TensorInfo {
    const { inputs, backend, attrs } = args;
    const { a, b } = inputs;
    const aRank = a.shape.length;
    const bRank = b.shape.length;
    if (!matMul || a.dtype !== 'float32' || b.dtype !== 'float32' || aRank < 2 || bRank < 2)
      return originalFunc(args);
    const batchA = util.sizeFromShape(a.shape.slice(0, -2));
    const batchB = util.sizeFromShape(b.shape.slice(0, -2));
    const simpleBatch = batchB === 1 || batchA === batchB || batchA === 1;
    if (!simpleBatch || util.sizeFromShape(a.shape) === 0 || util.sizeFromShape(b.shape) === 0) {
      return originalFunc(args);
    }
    const outBatch = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
    const { transposeA, transposeB } = attrs;
    const k = a.shape[transposeA ? aRank - 2 : aRank - 1] as number;
    const kb = b.shape[transposeB ? bRank - 1 : bRank - 2] as number;
    if (k !== kb) {
      throw new Error(
        `Error in matMul: inner shapes (${k}) and (${kb}) of Tensors with shapes ${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
      );
    }
    // XNNPACK takes plain operands, so transposed ones are copied first. C = op(A)·op(B) can also be
    // computed as Cᵀ = op(B)ᵀ·op(A)ᵀ and transposed back; pick whichever copies fewer elements (e.g.
    // a weight gradient Xᵀ·dY with a wide X: 10 vs 14 ms for [2048,512]ᵀ·[2048,128]). Only when the
    // swapped product is one 2-D call (A unbatched): per-batch calls repack the right operand each
    // time, and for attention's Pᵀ·dO the swap measured no faster.
    const m = a.shape[transposeA ? aRank - 1 : aRank - 2] as number;
    const n = b.shape[transposeB ? bRank - 2 : bRank - 1] as number;
    const sizeA = util.sizeFromShape(a.shape);
    const sizeB = util.sizeFromShape(b.shape);
    const direct = (transposeA ? sizeA : 0) + (transposeB ? sizeB : 0);
    const swapped =
      (transposeA ? 0 : sizeA) + (transposeB ? 0 : sizeB) + util.sizeFromShape(outBatch) * m * n;
    if (batchA === 1 && swapped < direct) {
      const left = transposeB ? b : transposeLast2(backend, b);
      const right = transposeA ? a : transposeLast2(backend, a);
      try {
        const ct = plainProduct(backend, left, right, batchB, batchA, outBatch);
        try {
          return transposeLast2(backend, ct);
        } finally {
          disposeIntermediate(backend, ct);
        }
      } finally {
        if (left !== b) disposeIntermediate(backend, left);
        if (right !== a) disposeIntermediate(backend, right);
      }
    }
    const aPlain = transposeA ? transposeLast2(backend, a) : a;
    const bPlain = transposeB ? transposeLast2(backend, b) : b;
    try {
      return plainProduct(backend, aPlain, bPlain, batchA, batchB, outBatch);
    } finally {
      if (aPlain !== a) disposeIntermediate(backend, aPlain);
      if (bPlain !== b) disposeIntermediate(backend, bPlain);
    }
  }

  /** `a·b` for plain operands whose batches are equal or 1 (`out` has batch shape `outBatch`). */
  function plainProduct(
    backend: WasmBackend,
    a: TensorInfo,
    b: TensorInfo,
    batchA: number,
    batchB: number,
    outBatch: number[],
  ): TensorInfo {
    const mm = matMul as WasmMatMul;
    const m = a.shape[a.shape.length - 2] as number;
    const k = a.shape[a.shape.length - 1] as number;
    const n = b.shape[b.shape.length - 1] as number;
    const out = backend.makeOutput([...outBatch, m, n], 'float32');
    const simd = simdFor(backend);
    if (simd && useSimdGemm(simd, batchB, m, k, n)) {
      const rows = batchB === 1 ? batchA * m : m;
      const batch = batchB === 1 ? 1 : Math.max(batchA, batchB);
      simd.gemm(
        heapOffset(backend, a),
        heapOffset(backend, b),
        heapOffset(backend, out),
        batch,
        rows,
        k,
        n,
        batchA === 1 ? 0 : m * k,
        batchB === 1 ? 0 : k * n,
      );
      return out;
    }
    if (batchB === 1) {
      // One 2-D product: the batch of A folds into its rows.
      mm(
        wasmId(backend, a),
        shapeBytes([1, batchA * m, k]),
        3,
        wasmId(backend, b),
        shapeBytes([1, k, n]),
        3,
        false,
        false,
        wasmId(backend, out),
      );
      return out;
    }
    const batch = Math.max(batchA, batchB);
    const aOff = heapOffset(backend, a);
    const bOff = heapOffset(backend, b);
    const oOff = heapOffset(backend, out);
    const aShape = shapeBytes([1, m, k]);
    const bShape = shapeBytes([1, k, n]);
    for (let i = 0; i < batch; i++) {
      const av = makeView(backend, [1, m, k], aOff + (batchA === 1 ? 0 : i * m * k * 4));
      const bv = makeView(backend, [1, k, n], bOff + i * k * n * 4);
      const ov = makeView(backend, [1, m, n], oOff + i * m * n * 4);
      mm(wasmId(backend, av), aShape, 3, wasmId(backend, bv), bShape, 3, false, false, wasmId(backend, ov));
      releaseView(backend, av);
      releaseView(backend, bv);
      releaseView(backend, ov);
    }
    return out;
  }

  return {
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    setupFunc: (backend) => {
      original.setupFunc?.(backend);
      matMul = (backend as unknown as WasmBackend).wasm.cwrap('BatchMatMul', null, [
        'number',
        'array',
        'number',
        'number',
        'array',
        'number',
        'number',
        'number',
        'number',
      ]) as WasmMatMul;
    },
    kernelFunc: batchMatMul as unknown as KernelFunc,
  };
}
