import * as tf from '@tensorflow/tfjs-core';
import { fmtShape, ShapeError } from '../errors';
import { checkReduction, type Reduction, reduceLoss } from './reduction';

function sameShape(what: string, a: tf.Tensor, b: tf.Tensor): void {
  if (a.rank !== b.rank || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new ShapeError(
      `${what}(target): expected shape ${fmtShape(a.shape)}, received ${fmtShape(b.shape)}`,
      a.shape,
      [...b.shape],
    );
  }
}

/** Options of `binaryCrossEntropy`. */
export interface BinaryCrossEntropyOptions {
  /** `'mean'` (default), `'sum'` or `'none'` (element-wise losses). */
  reduction?: Reduction;
  /** Per-element rescaling weight, broadcast against `input`. Default: none. */
  weight?: tf.Tensor;
}

/**
 * Binary cross-entropy between probabilities and targets in [0, 1]:
 * `−w·(y·log p + (1−y)·log(1−p))`, each log clamped to ≥ −100 as PyTorch does. Like
 * `torch.nn.functional.binary_cross_entropy`.
 *
 * @param input probabilities `[...]`
 * @param target same shape, values in [0, 1]
 * @example
 * ```ts
 * binaryCrossEntropy(tf.sigmoid(logits), labels);
 * ```
 */
export function binaryCrossEntropy(
  input: tf.Tensor,
  target: tf.Tensor,
  options: BinaryCrossEntropyOptions = {},
): tf.Tensor {
  const { reduction = 'mean', weight } = options;
  checkReduction('binaryCrossEntropy', reduction);
  sameShape('binaryCrossEntropy', input, target);
  return tf.tidy(() => {
    const logP = tf.maximum(tf.log(input), -100);
    const log1mP = tf.maximum(tf.log(tf.sub(1, input)), -100);
    let l: tf.Tensor = tf.neg(tf.add(tf.mul(target, logP), tf.mul(tf.sub(1, target), log1mP)));
    if (weight) l = tf.mul(l, weight);
    return reduceLoss(l, reduction, 'binaryCrossEntropy');
  });
}

/** Options of `binaryCrossEntropyWithLogits`. */
export interface BinaryCrossEntropyWithLogitsOptions extends BinaryCrossEntropyOptions {
  /** Weight of positive examples, broadcast over the last axis (e.g. `[C]`). Default: none. */
  posWeight?: tf.Tensor;
}

/**
 * Binary cross-entropy from logits, computed stably (`max(x,0) − x·y + log(1 + e^−|x|)`, with
 * `posWeight` as PyTorch). Like `torch.nn.functional.binary_cross_entropy_with_logits`.
 *
 * @param input logits `[...]`
 * @param target same shape, values in [0, 1]
 * @example
 * ```ts
 * binaryCrossEntropyWithLogits(logits, labels, { posWeight: tf.tensor1d([3]) });
 * ```
 */
export function binaryCrossEntropyWithLogits(
  input: tf.Tensor,
  target: tf.Tensor,
  options: BinaryCrossEntropyWithLogitsOptions = {},
): tf.Tensor {
  const { reduction = 'mean', weight, posWeight } = options;
  checkReduction('binaryCrossEntropyWithLogits', reduction);
  sameShape('binaryCrossEntropyWithLogits', input, target);
  return tf.tidy(() => {
    // log(1 + e^−x) = softplus(−x), evaluated stably by tfjs.
    const logSigNeg = tf.softplus(tf.neg(input)); // −log σ(x)
    let l: tf.Tensor;
    if (posWeight) {
      // (1 − y)·x + (1 + (pw − 1)·y)·softplus(−x)
      const coef = tf.add(1, tf.mul(tf.sub(posWeight, 1), target));
      l = tf.add(tf.mul(tf.sub(1, target), input), tf.mul(coef, logSigNeg));
    } else {
      l = tf.add(tf.mul(tf.sub(1, target), input), logSigNeg);
    }
    if (weight) l = tf.mul(l, weight);
    return reduceLoss(l, reduction, 'binaryCrossEntropyWithLogits');
  });
}
