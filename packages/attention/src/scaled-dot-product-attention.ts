import { ArgumentError, dropout as applyDropout, fmtShape, type Generator, ShapeError } from '@glossa/core';
import { assertBroadcastable } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import { maskedSoftmax } from './masked-softmax';

/** Inputs of {@link scaledDotProductAttention}. */
export interface ScaledDotProductAttentionArgs {
  /** Queries `[..., Tq, D]` (e.g. `[B, H, Tq, D]` or `[B, Tq, D]`). */
  query: tf.Tensor;
  /** Keys `[..., Tk, D]`, same leading dimensions as `query`. */
  key: tf.Tensor;
  /** Values `[..., Tk, Dv]`, same leading dimensions as `query`. */
  value: tf.Tensor;
  /**
   * Mask broadcastable to `[..., Tq, Tk]`: boolean (`true` = masked, PyTorch's convention) or an
   * additive float mask (`-Infinity` allowed). Default: none.
   */
  attnMask?: tf.Tensor;
  /** An extra additive bias broadcastable to `[..., Tq, Tk]` (e.g. ALiBi). Default: none. */
  bias?: tf.Tensor;
  /** Dropout probability on the attention weights, applied only when `training`. Default 0. */
  dropout?: number;
  /** Whether dropout is active. Default `true` (like a fresh PyTorch module). */
  training?: boolean;
  /** Seeded generator for the dropout mask. Default: core's default generator. */
  generator?: Generator;
  /** Scale applied to `QKᵀ`. Default `1/√D`. */
  scale?: number;
}

/** Result of {@link scaledDotProductAttention}. */
export interface AttentionResult {
  /** Attended values `[..., Tq, Dv]`. */
  output: tf.Tensor;
  /** Attention weights `[..., Tq, Tk]` (after dropout, as PyTorch returns them). */
  weights: tf.Tensor;
}

/**
 * Scaled dot-product attention `softmax(QKᵀ·scale + mask)·V` (Vaswani et al. 2017, eq. 1).
 *
 * Rows whose keys are all masked get zero weights (and a zero output) instead of NaN.
 *
 * @example
 * ```ts
 * const q = tf.randomNormal([2, 4, 5, 8]); // [B, H, T, D]
 * const { output, weights } = scaledDotProductAttention({ query: q, key: q, value: q, attnMask: causalMask(5) });
 * output.shape;  // [2, 4, 5, 8]
 * weights.shape; // [2, 4, 5, 5]
 * ```
 */
export function scaledDotProductAttention(args: ScaledDotProductAttentionArgs): AttentionResult {
  const { query, key, value, attnMask, bias, dropout = 0, training = true } = args;
  checkInputs(query, key, value);
  const tq = query.shape[query.rank - 2]!;
  const tk = key.shape[key.rank - 2]!;
  const d = query.shape[query.rank - 1]!;
  const target = [...query.shape.slice(0, -2), tq, tk];
  if (attnMask) assertBroadcastable('attnMask', attnMask.shape, target);
  if (bias) assertBroadcastable('bias', bias.shape, target);
  if (!(dropout >= 0 && dropout < 1)) {
    throw new ArgumentError('scaledDotProductAttention(dropout)', 'a probability in [0, 1)', dropout);
  }
  const scale = args.scale ?? 1 / Math.sqrt(d);
  return tf.tidy(() => {
    const scores = tf.mul(tf.matMul(query, key, false, true), scale);
    let weights = maskedSoftmax(scores, attnMask, bias);
    if (dropout > 0 && training) weights = applyDropout(weights, dropout, { generator: args.generator });
    return { output: tf.matMul(weights, value), weights };
  });
}

function checkInputs(query: tf.Tensor, key: tf.Tensor, value: tf.Tensor): void {
  const r = query.rank;
  if (r < 2) {
    throw new ShapeError(
      `scaledDotProductAttention(query): expected shape [..., Tq, D], received ${fmtShape(query.shape)}`,
      [null, null],
      query.shape,
    );
  }
  const lead = query.shape.slice(0, -2);
  const d = query.shape[r - 1]!;
  const kExpected = [...lead, null, d];
  if (key.rank !== r || !kExpected.every((e, i) => e === null || e === key.shape[i])) {
    throw new ShapeError(
      `scaledDotProductAttention(key): expected shape ${fmtShape(kExpected)}, received ${fmtShape(key.shape)}`,
      kExpected,
      key.shape,
    );
  }
  const vExpected = [...lead, key.shape[r - 2]!, null];
  if (value.rank !== r || !vExpected.every((e, i) => e === null || e === value.shape[i])) {
    throw new ShapeError(
      `scaledDotProductAttention(value): expected shape ${fmtShape(vExpected)}, received ${fmtShape(value.shape)}`,
      vExpected,
      value.shape,
    );
  }
}
