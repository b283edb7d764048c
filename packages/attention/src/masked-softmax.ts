import * as tf from '@tensorflow/tfjs-core';
import { combineMasks, MASKED } from './masks';

/**
 * Softmax over the last axis of attention scores `[..., Tq, Tk]` with masks added first.
 * Each mask is boolean (`true` = masked) or additive float (`-Infinity` allowed) and must
 * broadcast to the scores. Query rows whose keys are all masked get zero weights, not NaN.
 *
 * @example
 * ```ts
 * const w = maskedSoftmax(scores, causalMask(5)); // scores [B, H, 5, 5] → weights [B, H, 5, 5]
 * ```
 */
export function maskedSoftmax(scores: tf.Tensor, ...masks: Array<tf.Tensor | undefined>): tf.Tensor {
  return tf.tidy(() => {
    const additive = combineMasks(...masks);
    if (!additive) return tf.softmax(scores);
    const weights = tf.softmax(tf.add(scores, additive));
    // Rows with no attendable key: every additive entry is at most MASKED.
    const hasKey = tf.cast(tf.greater(tf.max(additive, -1, true), MASKED / 2), 'float32');
    return tf.mul(weights, hasKey);
  });
}
