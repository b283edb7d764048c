import * as tf from '@tensorflow/tfjs-core';
import { fmtShape, ShapeError } from '../errors';
import { checkReduction, type Reduction, reduceLoss } from './reduction';

/**
 * Mean squared error `(input − target)²`, reduced by `reduction` (default `'mean'`). Shapes
 * must match. Like `torch.nn.functional.mse_loss`.
 *
 * @param input `[...]`
 * @param target `[...]`, the same shape
 * @example
 * ```ts
 * mseLoss(pred, y); // scalar
 * ```
 */
export function mseLoss(
  input: tf.Tensor,
  target: tf.Tensor,
  options: { reduction?: Reduction } = {},
): tf.Tensor {
  const { reduction = 'mean' } = options;
  checkReduction('mseLoss', reduction);
  if (input.rank !== target.rank || input.shape.some((d, i) => d !== target.shape[i])) {
    throw new ShapeError(
      `mseLoss(target): expected shape ${fmtShape(input.shape)}, received ${fmtShape(target.shape)}`,
      input.shape,
      [...target.shape],
    );
  }
  return tf.tidy(() => reduceLoss(tf.squaredDifference(input, target), reduction, 'mseLoss'));
}
