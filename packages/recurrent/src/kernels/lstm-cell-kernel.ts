/**
 * The fused LSTM cell: everything after the two matrix products of one time step, in one kernel each
 * way, on cpu (plain JavaScript) and wasm (JavaScript over the wasm heap).
 *
 * - `GlossaLstmCell`: inputs `xg`, `hh` `[B, 4H]` (gate pre-activations from the input and from the
 *   previous hidden state; PyTorch gate order i, f, g, o) and `c` `[B, H]`; outputs `h` `[B, H]`,
 *   `cNext` `[B, H]` and `acts` `[B, 4H]` (the gates after their non-linearities, for the gradient).
 * - `GlossaLstmCellGrad`: inputs `dh`, `dc` `[B, H]` (gradients reaching `h` and `cNext`), `acts`,
 *   `c`, `cNext`; outputs `dgates` `[B, 4H]` (the gradient of both `xg` and `hh`) and `dcPrev`.
 *
 * Backends without them (webgpu, or `useBackend(…, { fastKernels: false })`) run the composite ops
 * of `ops/lstm-math.ts`, which are also the reference these kernels are tested against.
 */
import type { GradConfig, KernelConfig, NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { flatKernel, sigmoid, tanh } from './cell-kernel-plumbing';

export const LSTM_CELL = 'GlossaLstmCell';
export const LSTM_CELL_GRAD = 'GlossaLstmCellGrad';
/**
 * `GlossaLstmCell` with `xg` and `hh` gate-major `[4, B, H]` (the sequence loop's layout); forward
 * only: the loop runs `GlossaLstmCellGrad` itself.
 */
export const LSTM_CELL_GATE_MAJOR = 'GlossaLstmCellGateMajor';

/**
 * Forward on flat arrays: `[xg, hh, c, h, cNext, acts]`, `rows` × `width` (= B × H). `xg` and `hh` are
 * `[B, 4H]` (gates side by side in each row) or, with `gateMajor`, `[4, B, H]` (one `[B, H]` block
 * per gate: what one batched product over the gate blocks of `W_hh` writes); `acts` is always `[B, 4H]`.
 */
export function lstmCellRows(
  a: Float32Array[],
  { rows, width }: { rows: number; width: number },
  gateMajor = false,
): void {
  const [xg, hh, c, h, cNext, acts] = a as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const H = width;
  const gs = gateMajor ? rows * H : H; // distance between one gate's value and the next gate's
  for (let r = 0; r < rows; r++) {
    const g0 = r * 4 * H;
    const s0 = r * H;
    const i0 = gateMajor ? s0 : g0;
    for (let j = 0; j < H; j++) {
      const p = g0 + j;
      const q = i0 + j;
      const i = sigmoid((xg[q] as number) + (hh[q] as number));
      const f = sigmoid((xg[q + gs] as number) + (hh[q + gs] as number));
      const g = tanh((xg[q + 2 * gs] as number) + (hh[q + 2 * gs] as number));
      const o = sigmoid((xg[q + 3 * gs] as number) + (hh[q + 3 * gs] as number));
      const cn = f * (c[s0 + j] as number) + i * g;
      cNext[s0 + j] = cn;
      h[s0 + j] = o * tanh(Math.fround(cn));
      acts[p] = i;
      acts[p + H] = f;
      acts[p + 2 * H] = g;
      acts[p + 3 * H] = o;
    }
  }
}

/** Gradient on flat arrays: `[dh, dc, acts, c, cNext, dgates, dcPrev]`. */
export function lstmCellGradRows(a: Float32Array[], { rows, width }: { rows: number; width: number }): void {
  const [dh, dc, acts, c, cNext, dgates, dcPrev] = a as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const H = width;
  for (let r = 0; r < rows; r++) {
    const g0 = r * 4 * H;
    const s0 = r * H;
    for (let j = 0; j < H; j++) {
      const p = g0 + j;
      const s = s0 + j;
      const i = acts[p] as number;
      const f = acts[p + H] as number;
      const g = acts[p + 2 * H] as number;
      const o = acts[p + 3 * H] as number;
      const tc = tanh(cNext[s] as number);
      const d = dh[s] as number;
      const dct = (dc[s] as number) + d * o * (1 - tc * tc);
      dgates[p] = dct * g * i * (1 - i);
      dgates[p + H] = dct * (c[s] as number) * f * (1 - f);
      dgates[p + 2 * H] = dct * i * (1 - g * g);
      dgates[p + 3 * H] = d * tc * o * (1 - o);
      dcPrev[s] = dct * f;
    }
  }
}

const FWD_INPUTS = ['xg', 'hh', 'c'] as const;
const GRAD_INPUTS = ['dh', 'dc', 'acts', 'c', 'cNext'] as const;
const fwdShapes = (B: number, H: number) => [
  [B, H],
  [B, H],
  [B, 4 * H],
];
const gradShapes = (B: number, H: number) => [
  [B, 4 * H],
  [B, H],
];

/** The kernel configs of the fused LSTM cell for `backendName`. */
export function lstmCellKernels(backendName: 'cpu' | 'wasm'): KernelConfig[] {
  return [
    {
      kernelName: LSTM_CELL,
      backendName,
      kernelFunc: flatKernel(backendName, FWD_INPUTS, 'c', fwdShapes, (a, d) => lstmCellRows(a, d)),
    },
    {
      kernelName: LSTM_CELL_GATE_MAJOR,
      backendName,
      kernelFunc: flatKernel(backendName, FWD_INPUTS, 'c', fwdShapes, (a, d) => lstmCellRows(a, d, true)),
    },
    {
      kernelName: LSTM_CELL_GRAD,
      backendName,
      kernelFunc: flatKernel(backendName, GRAD_INPUTS, 'c', gradShapes, lstmCellGradRows),
    },
  ];
}

/** Runs the fused gradient kernel (both backends). */
export function runLstmCellGrad(args: {
  dh: tf.Tensor;
  dc: tf.Tensor;
  acts: tf.Tensor;
  c: tf.Tensor;
  cNext: tf.Tensor;
}): [dgates: tf.Tensor, dcPrev: tf.Tensor] {
  return tf.engine().runKernel(LSTM_CELL_GRAD, args as unknown as NamedTensorMap) as [tf.Tensor, tf.Tensor];
}

/**
 * The gradient of `GlossaLstmCell`, so that the fused cell can be used under tfjs's autodiff (the
 * cell modules); the sequence layers call the gradient kernel themselves (ops/recurrence.ts).
 */
export const lstmCellGradConfig: GradConfig = {
  kernelName: LSTM_CELL,
  inputsToSave: ['c'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved) => {
    const [dh, dc] = dys as tf.Tensor[];
    const [c, cNext, acts] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
    // One kernel gives every gradient; run here, not in the closures (each closure runs in its own tidy).
    const [dgates, dcPrev] = runLstmCellGrad({ dh: dh as tf.Tensor, dc: dc as tf.Tensor, acts, c, cNext });
    return { xg: () => dgates, hh: () => dgates.clone(), c: () => dcPrev };
  },
};
