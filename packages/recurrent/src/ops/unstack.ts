import * as tf from '@tensorflow/tfjs-core';

/**
 * `tf.unstack` along axis 0 that is also differentiable when the axis has size 1 (tfjs's `Unpack`
 * gradient then receives a single tensor instead of an array and fails in `stack`).
 */
export function unstack(x: tf.Tensor): tf.Tensor[] {
  return x.shape[0] === 1 ? [tf.reshape(x, x.shape.slice(1))] : tf.unstack(x);
}
