/**
 * What a recurrent cell contributes to the sequence loop (`recurrence.ts`) and to the step-by-step
 * cell modules: the element-wise math of one time step after its two matrix products, forward and
 * backward. Each cell (LSTM, GRU, Elman RNN) implements it with a fused kernel where one is
 * registered for the active backend (cpu, wasm) and composite tfjs ops elsewhere (webgpu).
 */
import type * as tf from '@tensorflow/tfjs-core';

/** One step forward: the new hidden (and cell) state and what the gradient needs. */
export interface CellStep {
  h: tf.Tensor;
  c: tf.Tensor | null;
  /** Tensors kept for `backward` (e.g. the gate activations). */
  saved: tf.Tensor[];
}

/** One step backward. */
export interface CellStepGrad {
  /** Gradient of the input projection `xg` `[B, G]`. */
  dxg: tf.Tensor;
  /** Gradient of the hidden product `hh` `[B, G]` (feeds `dW_hh` and, through `W_hh`, `dh_{t−1}`). */
  dhh: tf.Tensor;
  /** The part of `dh_{t−1}` that bypasses `W_hh` (GRU's `z ⊙ dh`), or `null`. */
  dhDirect: tf.Tensor | null;
  /** `dc_{t−1}` (LSTM), or `null`. */
  dcPrev: tf.Tensor | null;
}

/** The element-wise math of one recurrent cell. */
export interface CellMath {
  /** Gate blocks: 4 (LSTM: i, f, g, o), 3 (GRU: r, z, n), 1 (Elman). `G = gates · H`. */
  readonly gates: 1 | 3 | 4;
  /** Whether the cell carries a memory cell `c` besides `h` (LSTM). */
  readonly hasCell: boolean;
  /**
   * Whether `b_hh` must be added to the hidden product `hh` instead of being folded into the input
   * projection with `b_ih` (GRU, where `b_hn` sits inside `r ⊙ (W_hn h + b_hn)`).
   */
  readonly separateHiddenBias: boolean;
  /**
   * One step: `xg` `[B, G]` (input projection with its biases), `hh` `[B, G]` (`h W_hhᵀ`, plus
   * `b_hh` when separate), `h`, `c` `[B, H]`. Not differentiable by tfjs: pair with `backward`.
   */
  forward(xg: tf.Tensor, hh: tf.Tensor, h: tf.Tensor, c: tf.Tensor | null): CellStep;
  /**
   * The fused kernel of {@link CellMath.forwardGateMajor}, or `undefined` (Elman: one gate, where
   * both layouts are the same). The sequence loop uses that path where the kernel is registered.
   */
  readonly gateMajorKernel?: string;
  /**
   * `forward` with `xg` and `hh` gate-major, `[gates, B, H]`: what one batched product of `h` with
   * the per-gate blocks of `W_hhᵀ` (`[gates, H, H]`) writes. Split by gate, each product is
   * `[B, H] × [H, H]`, which core's wasm product runs ~2× faster than the `[B, H] × [H, 4H]` one
   * (whose right operand, `4H²` floats, no longer stays in cache). `saved` is as `forward`'s.
   */
  forwardGateMajor?(xg: tf.Tensor, hh: tf.Tensor, h: tf.Tensor, c: tf.Tensor | null): CellStep;
  /** The gradient of `forward` for `dh` (and `dc`) reaching its outputs. */
  backward(
    dh: tf.Tensor,
    dc: tf.Tensor | null,
    saved: tf.Tensor[],
    h: tf.Tensor,
    c: tf.Tensor | null,
  ): CellStepGrad;
  /** The same step as tfjs-differentiable ops (the fused kernel has a registered gradient). */
  tapeStep(
    xg: tf.Tensor,
    hh: tf.Tensor,
    h: tf.Tensor,
    c: tf.Tensor | null,
  ): { h: tf.Tensor; c: tf.Tensor | null };
}
