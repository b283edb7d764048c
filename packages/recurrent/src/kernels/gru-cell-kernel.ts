/**
 * The fused GRU cell: everything after the two matrix products of one time step, in one kernel each
 * way, on cpu (plain JavaScript) and wasm (JavaScript over the wasm heap). PyTorch's formulation,
 * gates r, z, n: `r = σ(x_r + h_r)`, `z = σ(x_z + h_z)`, `n = tanh(x_n + r ⊙ h_n)`,
 * `h' = (1 − z) ⊙ n + z ⊙ h`, where `x_* = W_i* x + b_i*` and `h_* = W_h* h + b_h*`.
 *
 * - `GlossaGruCell`: inputs `xg`, `hh` `[B, 3H]`, `h` `[B, H]`; outputs `hNext` `[B, H]` and `acts`
 *   `[B, 3H]` (r, z, n after their non-linearities).
 * - `GlossaGruCellGrad`: inputs `dh` `[B, H]`, `acts`, `hh`, `h`; outputs `dxg` `[B, 3H]`, `dhh`
 *   `[B, 3H]` and `dhDirect` `[B, H]` (the part of the gradient of `h` that bypasses `W_hh`: `z ⊙ dh`).
 *
 * Backends without them run the composite ops of `ops/gru-math.ts`.
 */
import type { GradConfig, KernelConfig, NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { flatKernel, sigmoid, tanh } from './cell-kernel-plumbing';

export const GRU_CELL = 'GlossaGruCell';
export const GRU_CELL_GRAD = 'GlossaGruCellGrad';
/**
 * `GlossaGruCell` with `xg` and `hh` gate-major `[3, B, H]` (the sequence loop's layout) and a third
 * output, `hh` as `[B, 3H]` for `GlossaGruCellGrad`; forward only.
 */
export const GRU_CELL_GATE_MAJOR = 'GlossaGruCellGateMajor';

/**
 * Forward on flat arrays: `[xg, hh, h, hNext, acts]`, `rows` × `width` (= B × H). With `gateMajor`,
 * `xg` and `hh` are `[3, B, H]` (one block per gate) instead of `[B, 3H]`, and a sixth array receives
 * `hh` in the row layout `[B, 3H]` that the gradient kernel reads.
 */
export function gruCellRows(
  a: Float32Array[],
  { rows, width }: { rows: number; width: number },
  gateMajor = false,
): void {
  const [xg, hh, h, hNext, acts, hhRows] = a as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array | undefined,
  ];
  const H = width;
  const gs = gateMajor ? rows * H : H; // distance between one gate's value and the next gate's
  for (let q = 0; q < rows; q++) {
    const g0 = q * 3 * H;
    const s0 = q * H;
    const i0 = gateMajor ? s0 : g0;
    for (let j = 0; j < H; j++) {
      const p = g0 + j;
      const k = i0 + j;
      const hr = hh[k] as number;
      const hz = hh[k + gs] as number;
      const hn = hh[k + 2 * gs] as number;
      const r = sigmoid((xg[k] as number) + hr);
      const z = sigmoid((xg[k + gs] as number) + hz);
      const n = tanh((xg[k + 2 * gs] as number) + r * hn);
      hNext[s0 + j] = (1 - z) * n + z * (h[s0 + j] as number);
      acts[p] = r;
      acts[p + H] = z;
      acts[p + 2 * H] = n;
      if (hhRows) {
        hhRows[p] = hr;
        hhRows[p + H] = hz;
        hhRows[p + 2 * H] = hn;
      }
    }
  }
}

/** Gradient on flat arrays: `[dh, acts, hh, h, dxg, dhh, dhDirect]`. */
export function gruCellGradRows(a: Float32Array[], { rows, width }: { rows: number; width: number }): void {
  const [dh, acts, hh, h, dxg, dhh, dhDirect] = a as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const H = width;
  for (let q = 0; q < rows; q++) {
    const g0 = q * 3 * H;
    const s0 = q * H;
    for (let j = 0; j < H; j++) {
      const p = g0 + j;
      const s = s0 + j;
      const r = acts[p] as number;
      const z = acts[p + H] as number;
      const n = acts[p + 2 * H] as number;
      const d = dh[s] as number;
      const dnPre = d * (1 - z) * (1 - n * n);
      const drPre = dnPre * (hh[p + 2 * H] as number) * r * (1 - r);
      const dzPre = d * ((h[s] as number) - n) * z * (1 - z);
      dxg[p] = drPre;
      dxg[p + H] = dzPre;
      dxg[p + 2 * H] = dnPre;
      dhh[p] = drPre;
      dhh[p + H] = dzPre;
      dhh[p + 2 * H] = dnPre * r;
      dhDirect[s] = d * z;
    }
  }
}

const FWD_INPUTS = ['xg', 'hh', 'h'] as const;
const GRAD_INPUTS = ['dh', 'acts', 'hh', 'h'] as const;
const fwdShapes = (B: number, H: number) => [
  [B, H],
  [B, 3 * H],
];
const gradShapes = (B: number, H: number) => [
  [B, 3 * H],
  [B, 3 * H],
  [B, H],
];

/** The kernel configs of the fused GRU cell for `backendName`. */
export function gruCellKernels(backendName: 'cpu' | 'wasm'): KernelConfig[] {
  return [
    {
      kernelName: GRU_CELL,
      backendName,
      kernelFunc: flatKernel(backendName, FWD_INPUTS, 'h', fwdShapes, (a, d) => gruCellRows(a, d)),
    },
    {
      kernelName: GRU_CELL_GATE_MAJOR,
      backendName,
      kernelFunc: flatKernel(
        backendName,
        FWD_INPUTS,
        'h',
        (B, H) => [...fwdShapes(B, H), [B, 3 * H]],
        (a, d) => gruCellRows(a, d, true),
      ),
    },
    {
      kernelName: GRU_CELL_GRAD,
      backendName,
      kernelFunc: flatKernel(backendName, GRAD_INPUTS, 'h', gradShapes, gruCellGradRows),
    },
  ];
}

/** Runs the fused gradient kernel (both backends). */
export function runGruCellGrad(args: {
  dh: tf.Tensor;
  acts: tf.Tensor;
  hh: tf.Tensor;
  h: tf.Tensor;
}): [dxg: tf.Tensor, dhh: tf.Tensor, dhDirect: tf.Tensor] {
  return tf.engine().runKernel(GRU_CELL_GRAD, args as unknown as NamedTensorMap) as [
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
  ];
}

/** The gradient of `GlossaGruCell`, so that the fused cell can be used under tfjs's autodiff. */
export const gruCellGradConfig: GradConfig = {
  kernelName: GRU_CELL,
  inputsToSave: ['hh', 'h'],
  outputsToSave: [false, true],
  gradFunc: (dys, saved) => {
    const [dh] = dys as tf.Tensor[];
    const [hh, h, acts] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
    const [dxg, dhh, dhDirect] = runGruCellGrad({ dh: dh as tf.Tensor, acts, hh, h });
    return { xg: () => dxg, hh: () => dhh, h: () => dhDirect };
  },
};
