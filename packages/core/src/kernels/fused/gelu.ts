/**
 * Fused exact GELU: `GlossaGelu` (y = x·Φ(x)) and `GlossaGeluGrad` (dx = dy·(Φ(x) + x·φ(x))),
 * registered for wasm (SIMD, assembly/simd.ts) and cpu (JavaScript, the same erf approximation), with the
 * gradient registered so that autodiff uses them: one kernel each way instead of five forward and
 * about eight backward element-wise kernels. Other backends use the composite ops (`gelu` in
 * functional/activations.ts).
 */

import type { GradConfig, KernelConfig, KernelFunc, NamedTensorMap, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { simdFor } from '../wasm/simd-module';
import { heapOffset, type WasmBackend } from '../wasm/wasm-backend';
import { type CpuBackend, fusedKernels } from './fused-kernels';

export const GELU = 'GlossaGelu';
export const GELU_GRAD = 'GlossaGeluGrad';
/** GPT-2's tanh GELU (forward only: its gradient is composite ops, see `geluTanhGradConfig`). */
export const GELU_TANH = 'GlossaGeluTanh';

/** 2·√(2/π) and 2·√(2/π)·0.044715: the tanh GELU as x·σ(x·(a + b·x²)) (0.5·(1 + tanh(z)) = σ(2z)). */
const TANH_A = 2 * Math.sqrt(2 / Math.PI);
const TANH_B = TANH_A * 0.044715;

const P = [
  -2.72614225801306e-10, 2.77068142495902e-8, -2.10102402082508e-6, -5.69250639462346e-5,
  -7.34990630326855e-4, -2.95459980854025e-3, -1.60960333262415e-2,
];
const Q = [
  -1.45660718464996e-5, -2.13374055278905e-4, -1.68282697438203e-3, -7.37332916720468e-3,
  -1.42647390514189e-2,
];

/** erf as the SIMD kernel computes it (x·P(x²)/Q(x²) on [−4, 4]; |error| ≤ 5e-7). */
export function erf32(x: number): number {
  if (Number.isNaN(x)) return x;
  const c = Math.max(-4, Math.min(4, x));
  const x2 = c * c;
  let p = P[0] as number;
  for (let i = 1; i < P.length; i++) p = p * x2 + (P[i] as number);
  let q = Q[0] as number;
  for (let i = 1; i < Q.length; i++) q = q * x2 + (Q[i] as number);
  return Math.max(-1, Math.min(1, (c * p) / q));
}

function geluArrays(x: Float32Array, y: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    y[i] = 0.5 * v * (1 + erf32(v * Math.SQRT1_2));
  }
}

function geluGradArrays(dy: Float32Array, x: Float32Array, dx: Float32Array): void {
  const c = 1 / Math.sqrt(2 * Math.PI);
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    dx[i] = (dy[i] as number) * (0.5 * (1 + erf32(v * Math.SQRT1_2)) + v * c * Math.exp(-0.5 * v * v));
  }
}

function geluTanhArrays(x: Float32Array, y: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    y[i] = v / (1 + Math.exp(-v * (TANH_A + TANH_B * v * v)));
  }
}

type Args = { inputs: NamedTensorMap; backend: unknown };

/** A one-input element-wise kernel: wasm (the SIMD export `op`, else `arrays` on heap views) and cpu. */
function elementwise(op: 'gelu' | 'geluTanh', arrays: (x: Float32Array, y: Float32Array) => void) {
  const wasm = ({ inputs, backend }: Args): TensorInfo => {
    const b = backend as WasmBackend;
    const x = inputs.x as unknown as TensorInfo;
    const y = b.makeOutput(x.shape, 'float32');
    const n = tf.util.sizeFromShape(x.shape);
    const simd = simdFor(b);
    if (simd && n > 0) simd[op](heapOffset(b, x), heapOffset(b, y), n);
    else arrays(b.typedArrayFromHeap(x) as Float32Array, b.typedArrayFromHeap(y) as Float32Array);
    return y;
  };
  const cpu = ({ inputs, backend }: Args): TensorInfo => {
    const b = backend as CpuBackend;
    const x = inputs.x as unknown as TensorInfo;
    const y = new Float32Array(tf.util.sizeFromShape(x.shape));
    arrays(b.data.get(x.dataId).values, y);
    return b.makeTensorInfo(x.shape, 'float32', y);
  };
  return { wasm, cpu };
}

const geluForward = elementwise('gelu', geluArrays);
const geluTanhForward = elementwise('geluTanh', geluTanhArrays);

function wasmBackward({ inputs, backend }: Args): TensorInfo {
  const b = backend as WasmBackend;
  const { dy, x } = inputs as unknown as Record<'dy' | 'x', TensorInfo>;
  const dx = b.makeOutput(x.shape, 'float32');
  const n = tf.util.sizeFromShape(x.shape);
  const simd = simdFor(b);
  if (simd && n > 0) simd.geluGrad(heapOffset(b, dy), heapOffset(b, x), heapOffset(b, dx), n);
  else {
    const v = (t: TensorInfo) => b.typedArrayFromHeap(t) as Float32Array;
    geluGradArrays(v(dy), v(x), v(dx));
  }
  return dx;
}

function cpuBackward({ inputs, backend }: Args): TensorInfo {
  const b = backend as CpuBackend;
  const { dy, x } = inputs as unknown as Record<'dy' | 'x', TensorInfo>;
  const dx = new Float32Array(tf.util.sizeFromShape(x.shape));
  geluGradArrays(b.data.get(dy.dataId).values, b.data.get(x.dataId).values, dx);
  return b.makeTensorInfo(x.shape, 'float32', dx);
}

/** The kernel configs for one backend (exact GELU and its gradient; the tanh GELU). */
export function geluKernels(backendName: 'wasm' | 'cpu'): KernelConfig[] {
  return [
    ...fusedKernels([GELU, GELU_GRAD] as const, backendName, {
      wasm: [geluForward.wasm, wasmBackward],
      cpu: [geluForward.cpu, cpuBackward],
    }),
    {
      kernelName: GELU_TANH,
      backendName,
      kernelFunc: geluTanhForward[backendName] as unknown as KernelFunc,
    },
  ];
}

/**
 * The gradient of `GlossaGeluTanh` as composite ops: with s = σ(z), z = x·(a + b·x²),
 * dx = dy·(s + x·s·(1 − s)·(a + 3b·x²)).
 */
export const geluTanhGradConfig: GradConfig = {
  kernelName: GELU_TANH,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const d = Array.isArray(dy) ? (dy[0] as tf.Tensor) : dy;
    return {
      x: () => {
        const x2 = tf.square(x);
        const s = tf.sigmoid(tf.mul(x, tf.add(tf.mul(x2, TANH_B), TANH_A)));
        const ds = tf.mul(tf.mul(s, tf.sub(1, s)), tf.add(tf.mul(x2, 3 * TANH_B), TANH_A));
        return tf.mul(d, tf.add(s, tf.mul(x, ds)));
      },
    };
  },
};

/** The gradient of `GlossaGelu` (first order). */
export const geluGradConfig: GradConfig = {
  kernelName: GELU,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as tf.Tensor[];
    const d = Array.isArray(dy) ? (dy[0] as tf.Tensor) : dy;
    return {
      x: () => tf.engine().runKernel(GELU_GRAD, { dy: d, x } as unknown as NamedTensorMap) as tf.Tensor,
    };
  },
};
