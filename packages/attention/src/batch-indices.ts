import { ArgumentError } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
/**
 * Checks batch indices for a cache's `reorder` and returns them as an int32 tensor (a new one for
 * an array; the given tensor otherwise).
 *
 * @example
 * ```ts
 * const t = checkIndices('KVCache.reorder(indices)', [1, 0], 2); // int32 [2]
 * ```
 */
export function checkIndices(
  what: string,
  indices: readonly number[] | tf.Tensor1D,
  batch: number,
): tf.Tensor1D {
  if (indices instanceof tf.Tensor) {
    if (indices.dtype !== 'int32' || indices.rank !== 1)
      throw new ArgumentError(what, "int32 batch indices [B']", indices);
    return indices;
  }
  if (!Array.isArray(indices) || !indices.every((i) => Number.isInteger(i) && i >= 0 && i < batch)) {
    throw new ArgumentError(what, `an array of integers in [0, ${batch})`, indices);
  }
  return tf.tensor1d(indices as number[], 'int32');
}
