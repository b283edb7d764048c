/**
 * Fused layer normalisation kernels: `GlossaLayerNorm` (y, and per-row mean and 1/σ for the gradient)
 * and `GlossaLayerNormGrad` (dx, dγ, dβ), registered for wasm (SIMD, asm/simd.ts) and cpu (plain
 * JavaScript), with the gradient registered so that tfjs's autodiff uses them. One kernel call each
 * way replaces the ~9 forward and ~15 backward element-wise kernels of `moments`-based layer norm.
 * Backends without them (webgpu) use the composite ops (see `layerNorm` in layers/layer-norm.ts).
 */

import type { GradConfig, KernelConfig, KernelFunc, NamedTensorMap, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { simdFor } from './simd';
import { heapOffset, type WasmBackend } from './wasm-backend';

export const LAYER_NORM = 'GlossaLayerNorm';
export const LAYER_NORM_GRAD = 'GlossaLayerNormGrad';

/** Forward on flat arrays (rows × width); float64 statistics, as the SIMD kernel. */
export function layerNormRows(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  y: Float32Array,
  mean: Float32Array,
  rstd: Float32Array,
  rows: number,
  width: number,
  eps: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    let s = 0;
    for (let j = 0; j < width; j++) s += x[o + j] as number;
    const m = Math.fround(s / width);
    let ss = 0;
    for (let j = 0; j < width; j++) {
      const d = Math.fround((x[o + j] as number) - m);
      ss += d * d;
    }
    const rs = Math.fround(1 / Math.sqrt(ss / width + eps));
    mean[r] = m;
    rstd[r] = rs;
    for (let j = 0; j < width; j++)
      y[o + j] = ((x[o + j] as number) - m) * rs * (gamma[j] as number) + (beta[j] as number);
  }
}

/** Gradient on flat arrays: dx per row, dγ and dβ summed over rows. */
export function layerNormGradRows(
  dy: Float32Array,
  x: Float32Array,
  gamma: Float32Array,
  mean: Float32Array,
  rstd: Float32Array,
  dx: Float32Array,
  dgamma: Float32Array,
  dbeta: Float32Array,
  rows: number,
  width: number,
): void {
  dgamma.fill(0);
  dbeta.fill(0);
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    const m = mean[r] as number;
    const rs = rstd[r] as number;
    let s1 = 0;
    let s2 = 0;
    for (let j = 0; j < width; j++) {
      const d = dy[o + j] as number;
      const xh = ((x[o + j] as number) - m) * rs;
      const g = d * (gamma[j] as number);
      s1 += g;
      s2 += g * xh;
      dgamma[j] = (dgamma[j] as number) + d * xh;
      dbeta[j] = (dbeta[j] as number) + d;
    }
    const c1 = s1 / width;
    const c2 = s2 / width;
    for (let j = 0; j < width; j++) {
      const xh = ((x[o + j] as number) - m) * rs;
      dx[o + j] = rs * ((dy[o + j] as number) * (gamma[j] as number) - c1 - xh * c2);
    }
  }
}

type Args = { inputs: NamedTensorMap; backend: unknown; attrs: { eps: number } };

const rowsOf = (x: TensorInfo, width: number) => (width === 0 ? 0 : tf.util.sizeFromShape(x.shape) / width);

function wasmForward({ inputs, backend, attrs }: Args): TensorInfo[] {
  const b = backend as WasmBackend;
  const { x, gamma, beta } = inputs as unknown as Record<string, TensorInfo>;
  const width = tf.util.sizeFromShape((gamma as TensorInfo).shape);
  const rows = rowsOf(x as TensorInfo, width);
  const y = b.makeOutput((x as TensorInfo).shape, 'float32');
  const mean = b.makeOutput([rows], 'float32');
  const rstd = b.makeOutput([rows], 'float32');
  if (rows * width === 0) return [y, mean, rstd];
  const simd = simdFor(b);
  if (simd) {
    const off = (t: TensorInfo) => heapOffset(b, t);
    simd.layerNorm(
      off(x as TensorInfo),
      off(gamma as TensorInfo),
      off(beta as TensorInfo),
      off(y),
      off(mean),
      off(rstd),
      rows,
      width,
      attrs.eps,
    );
  } else {
    const v = (t: TensorInfo) => b.typedArrayFromHeap(t) as Float32Array;
    layerNormRows(
      v(x as TensorInfo),
      v(gamma as TensorInfo),
      v(beta as TensorInfo),
      v(y),
      v(mean),
      v(rstd),
      rows,
      width,
      attrs.eps,
    );
  }
  return [y, mean, rstd];
}

function wasmBackward({ inputs, backend }: Args): TensorInfo[] {
  const b = backend as WasmBackend;
  const { dy, x, gamma, mean, rstd } = inputs as unknown as Record<string, TensorInfo>;
  const width = tf.util.sizeFromShape((gamma as TensorInfo).shape);
  const rows = rowsOf(x as TensorInfo, width);
  const dx = b.makeOutput((x as TensorInfo).shape, 'float32');
  const dgamma = b.makeOutput((gamma as TensorInfo).shape, 'float32');
  const dbeta = b.makeOutput((gamma as TensorInfo).shape, 'float32');
  const simd = simdFor(b);
  if (simd && rows * width > 0) {
    const off = (t: TensorInfo) => heapOffset(b, t);
    simd.layerNormGrad(
      off(dy as TensorInfo),
      off(x as TensorInfo),
      off(gamma as TensorInfo),
      off(mean as TensorInfo),
      off(rstd as TensorInfo),
      off(dx),
      off(dgamma),
      off(dbeta),
      rows,
      width,
    );
  } else {
    const v = (t: TensorInfo) => b.typedArrayFromHeap(t) as Float32Array;
    layerNormGradRows(
      v(dy as TensorInfo),
      v(x as TensorInfo),
      v(gamma as TensorInfo),
      v(mean as TensorInfo),
      v(rstd as TensorInfo),
      v(dx),
      v(dgamma),
      v(dbeta),
      rows,
      width,
    );
  }
  return [dx, dgamma, dbeta];
}

type CpuBackend = {
  data: { get(id: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
};

function cpuForward({ inputs, backend, attrs }: Args): TensorInfo[] {
  const b = backend as CpuBackend;
  const { x, gamma, beta } = inputs as unknown as Record<string, TensorInfo>;
  const v = (t: TensorInfo) => b.data.get(t.dataId).values;
  const width = tf.util.sizeFromShape((gamma as TensorInfo).shape);
  const rows = rowsOf(x as TensorInfo, width);
  const y = new Float32Array(rows * width);
  const mean = new Float32Array(rows);
  const rstd = new Float32Array(rows);
  layerNormRows(
    v(x as TensorInfo),
    v(gamma as TensorInfo),
    v(beta as TensorInfo),
    y,
    mean,
    rstd,
    rows,
    width,
    attrs.eps,
  );
  return [
    b.makeTensorInfo((x as TensorInfo).shape, 'float32', y),
    b.makeTensorInfo([rows], 'float32', mean),
    b.makeTensorInfo([rows], 'float32', rstd),
  ];
}

function cpuBackward({ inputs, backend }: Args): TensorInfo[] {
  const b = backend as CpuBackend;
  const { dy, x, gamma, mean, rstd } = inputs as unknown as Record<string, TensorInfo>;
  const v = (t: TensorInfo) => b.data.get(t.dataId).values;
  const width = tf.util.sizeFromShape((gamma as TensorInfo).shape);
  const rows = rowsOf(x as TensorInfo, width);
  const dx = new Float32Array(rows * width);
  const dgamma = new Float32Array(width);
  const dbeta = new Float32Array(width);
  layerNormGradRows(
    v(dy as TensorInfo),
    v(x as TensorInfo),
    v(gamma as TensorInfo),
    v(mean as TensorInfo),
    v(rstd as TensorInfo),
    dx,
    dgamma,
    dbeta,
    rows,
    width,
  );
  const gShape = (gamma as TensorInfo).shape;
  return [
    b.makeTensorInfo((x as TensorInfo).shape, 'float32', dx),
    b.makeTensorInfo(gShape, 'float32', dgamma),
    b.makeTensorInfo(gShape, 'float32', dbeta),
  ];
}

/** The kernel configs for one backend. */
export function layerNormKernels(backendName: 'wasm' | 'cpu'): KernelConfig[] {
  const [fwd, bwd] = backendName === 'wasm' ? [wasmForward, wasmBackward] : [cpuForward, cpuBackward];
  return [
    { kernelName: LAYER_NORM, backendName, kernelFunc: fwd as unknown as KernelFunc },
    { kernelName: LAYER_NORM_GRAD, backendName, kernelFunc: bwd as unknown as KernelFunc },
  ];
}

/** The gradient of `GlossaLayerNorm` (first order; the gradient kernel has no gradient itself). */
export const layerNormGradConfig: GradConfig = {
  kernelName: LAYER_NORM,
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [false, true, true],
  gradFunc: (dy, saved) => {
    const [x, gamma, mean, rstd] = saved as tf.Tensor[];
    const d = Array.isArray(dy) ? (dy[0] as tf.Tensor) : dy;
    // One kernel gives all three; computed here, not inside the closures (tfjs runs each closure in
    // its own tidy, which would dispose the other two).
    const [dx, dgamma, dbeta] = tf.engine().runKernel(LAYER_NORM_GRAD, {
      dy: d,
      x,
      gamma,
      mean,
      rstd,
    } as unknown as NamedTensorMap) as tf.Tensor[];
    return { x: () => dx as tf.Tensor, gamma: () => dgamma as tf.Tensor, beta: () => dbeta as tf.Tensor };
  },
};
