/**
 * Fused layer normalisation kernels: `GlossaLayerNorm` (y, and per-row mean and 1/σ for the gradient)
 * and `GlossaLayerNormGrad` (dx, dγ, dβ), registered for wasm (SIMD, assembly/simd.ts) and cpu (plain
 * JavaScript), with the gradient registered so that tfjs's autodiff uses them. One kernel call each
 * way replaces the ~9 forward and ~15 backward element-wise kernels of `moments`-based layer norm.
 * Backends without them (webgpu) use the composite ops (see `layerNorm` in layers/layer-norm.ts).
 */

import type { GradConfig, KernelConfig, NamedTensorMap, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { simdFor } from '../wasm/simd-module';
import { heapOffset, type WasmBackend } from '../wasm/wasm-backend';
import { type CpuBackend, fusedKernels } from './fused-kernels';

export const LAYER_NORM = 'GlossaLayerNorm';
export const LAYER_NORM_GRAD = 'GlossaLayerNormGrad';

type Arrays<K extends string> = Record<K, Float32Array>;

/** Forward on flat arrays (rows × width); float64 statistics, as the SIMD kernel. */
export function layerNormRows(
  a: Arrays<'x' | 'gamma' | 'beta' | 'y' | 'mean' | 'rstd'>,
  rows: number,
  width: number,
  eps: number,
): void {
  const { x, gamma, beta, y, mean, rstd } = a;
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
  a: Arrays<'dy' | 'x' | 'gamma' | 'mean' | 'rstd' | 'dx' | 'dgamma' | 'dbeta'>,
  rows: number,
  width: number,
): void {
  const { dy, x, gamma, mean, rstd, dx, dgamma, dbeta } = a;
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

/** `f` of each tensor of `t`. */
function mapInfos<K extends string, V>(t: Record<K, TensorInfo>, f: (x: TensorInfo) => V): Record<K, V> {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, f(v as TensorInfo)])) as Record<K, V>;
}

function wasmForward({ inputs, backend, attrs }: Args): TensorInfo[] {
  const b = backend as WasmBackend;
  const { x, gamma, beta } = inputs as unknown as Record<'x' | 'gamma' | 'beta', TensorInfo>;
  const width = tf.util.sizeFromShape(gamma.shape);
  const rows = rowsOf(x, width);
  const io = {
    x,
    gamma,
    beta,
    y: b.makeOutput(x.shape, 'float32'),
    mean: b.makeOutput([rows], 'float32'),
    rstd: b.makeOutput([rows], 'float32'),
  };
  if (rows * width > 0) {
    const simd = simdFor(b);
    if (simd) {
      const p = mapInfos(io, (t) => heapOffset(b, t));
      simd.layerNorm(p.x, p.gamma, p.beta, p.y, p.mean, p.rstd, rows, width, attrs.eps);
    } else
      layerNormRows(
        mapInfos(io, (t) => b.typedArrayFromHeap(t) as Float32Array),
        rows,
        width,
        attrs.eps,
      );
  }
  return [io.y, io.mean, io.rstd];
}

function wasmBackward({ inputs, backend }: Args): TensorInfo[] {
  const b = backend as WasmBackend;
  const ins = inputs as unknown as Record<'dy' | 'x' | 'gamma' | 'mean' | 'rstd', TensorInfo>;
  const width = tf.util.sizeFromShape(ins.gamma.shape);
  const rows = rowsOf(ins.x, width);
  const io = {
    ...ins,
    dx: b.makeOutput(ins.x.shape, 'float32'),
    dgamma: b.makeOutput(ins.gamma.shape, 'float32'),
    dbeta: b.makeOutput(ins.gamma.shape, 'float32'),
  };
  const simd = simdFor(b);
  if (simd && rows * width > 0) {
    const p = mapInfos(io, (t) => heapOffset(b, t));
    simd.layerNormGrad(p.dy, p.x, p.gamma, p.mean, p.rstd, p.dx, p.dgamma, p.dbeta, rows, width);
  } else
    layerNormGradRows(
      mapInfos(io, (t) => b.typedArrayFromHeap(t) as Float32Array),
      rows,
      width,
    );
  return [io.dx, io.dgamma, io.dbeta];
}

function cpuForward({ inputs, backend, attrs }: Args): TensorInfo[] {
  const b = backend as CpuBackend;
  const ins = inputs as unknown as Record<'x' | 'gamma' | 'beta', TensorInfo>;
  const width = tf.util.sizeFromShape(ins.gamma.shape);
  const rows = rowsOf(ins.x, width);
  const out = {
    y: new Float32Array(rows * width),
    mean: new Float32Array(rows),
    rstd: new Float32Array(rows),
  };
  layerNormRows({ ...mapInfos(ins, (t) => b.data.get(t.dataId).values), ...out }, rows, width, attrs.eps);
  return [
    b.makeTensorInfo(ins.x.shape, 'float32', out.y),
    b.makeTensorInfo([rows], 'float32', out.mean),
    b.makeTensorInfo([rows], 'float32', out.rstd),
  ];
}

function cpuBackward({ inputs, backend }: Args): TensorInfo[] {
  const b = backend as CpuBackend;
  const ins = inputs as unknown as Record<'dy' | 'x' | 'gamma' | 'mean' | 'rstd', TensorInfo>;
  const width = tf.util.sizeFromShape(ins.gamma.shape);
  const rows = rowsOf(ins.x, width);
  const out = {
    dx: new Float32Array(rows * width),
    dgamma: new Float32Array(width),
    dbeta: new Float32Array(width),
  };
  layerNormGradRows({ ...mapInfos(ins, (t) => b.data.get(t.dataId).values), ...out }, rows, width);
  return [
    b.makeTensorInfo(ins.x.shape, 'float32', out.dx),
    b.makeTensorInfo(ins.gamma.shape, 'float32', out.dgamma),
    b.makeTensorInfo(ins.gamma.shape, 'float32', out.dbeta),
  ];
}

/** The kernel configs for one backend. */
export function layerNormKernels(backendName: 'wasm' | 'cpu'): KernelConfig[] {
  return fusedKernels([LAYER_NORM, LAYER_NORM_GRAD] as const, backendName, {
    wasm: [wasmForward, wasmBackward],
    cpu: [cpuForward, cpuBackward],
  });
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
