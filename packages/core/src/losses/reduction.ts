import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors';

/** How a loss turns per-element values into its result, as PyTorch's `reduction` argument. */
export type Reduction = 'mean' | 'sum' | 'none';

/**
 * Applies a `Reduction` to per-element losses: the mean (default), the sum, or the tensor itself.
 * Used by every loss in this package.
 *
 * @example
 * ```ts
 * reduceLoss(tf.tensor1d([1, 2, 3]), 'sum'); // 6
 * ```
 */
export function reduceLoss(values: tf.Tensor, reduction: Reduction = 'mean', what = 'loss'): tf.Tensor {
  if (reduction === 'none') return values.clone();
  if (reduction === 'sum') return tf.sum(values);
  if (reduction === 'mean') return tf.mean(values);
  throw new ArgumentError(`${what}(reduction)`, "'mean', 'sum' or 'none'", reduction);
}

/** Throws unless `reduction` is a valid `Reduction`. */
export function checkReduction(what: string, reduction: unknown): asserts reduction is Reduction {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new ArgumentError(`${what}(reduction)`, "'mean', 'sum' or 'none'", reduction);
  }
}
