import * as tf from '@tensorflow/tfjs-core';
import { checkIndexRange } from '../checks';
import { ArgumentError } from '../errors';

/**
 * One-hot vectors: int32 ids of any shape `[...]` → float32 `[..., numClasses]` with a 1 at each id.
 * Like `torch.nn.functional.one_hot` (which returns int64; this returns float32, ready for a product
 * or a loss). Ids outside `[0, numClasses)` throw an `ArgumentError` (tfjs would silently give a row
 * of zeros); on webgpu, for ids already on the GPU, the check is deferred (read asynchronously, a
 * bad batch throws at the next call).
 *
 * Distinct one-hot vectors are orthogonal — every pair of different words is equally far apart,
 * which is what learned embeddings improve on.
 *
 * @example
 * ```ts
 * const v = oneHot(tf.tensor1d([0, 2], 'int32'), 4); // [[1, 0, 0, 0], [0, 0, 1, 0]]
 * const [a, b] = tf.unstack(v);
 * const cosine = tf.div(tf.dot(a, b), tf.mul(tf.norm(a), tf.norm(b)));
 * cosine.dataSync(); // [0]: "cat" and "dog" are as unrelated as "cat" and "the"
 * ```
 */
export function oneHot(ids: tf.Tensor, numClasses: number): tf.Tensor {
  if (!(ids instanceof tf.Tensor) || ids.dtype !== 'int32') {
    throw new ArgumentError('oneHot(ids)', 'an int32 tf.Tensor of class ids', ids);
  }
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new ArgumentError('oneHot(numClasses)', 'an integer >= 1', numClasses);
  }
  checkIndexRange('oneHot(ids)', ids, numClasses, 'class ids');
  // equal + where rather than tf.oneHot + cast: wasm's OneHot ignores a float32 dtype and webgpu's
  // int→float cast only relabels the buffer.
  return tf.tidy(() =>
    tf.where(
      tf.equal(tf.expandDims(ids, -1), tf.range(0, numClasses, 1, 'int32')),
      tf.scalar(1),
      tf.scalar(0),
    ),
  );
}
