import * as tf from '@tensorflow/tfjs-core';

/**
 * `cond` (bool) as float32 1/0, built with `where` rather than `cast`: on tfjs-webgpu 4.22 a
 * bool → float32 `cast` returns a tensor that `sum` reads as 0 and `transpose` fails to compile for
 * (its buffer keeps integer data).
 */
export function boolToFloat(cond: tf.Tensor): tf.Tensor {
  return tf.where(cond, tf.ones(cond.shape), tf.zeros(cond.shape));
}

/** A padding mask (`true`, or a value > 0, = padding) as bool. */
export function paddingAsBool(mask: tf.Tensor): tf.Tensor {
  return mask.dtype === 'bool' ? mask : tf.greater(mask, 0);
}
