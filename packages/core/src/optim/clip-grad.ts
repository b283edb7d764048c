import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors';
import type { Gradients } from './optimizer';

/** Result of `clipGradNorm`. */
export interface ClippedGradients {
  /** New gradient tensors (the inputs are not disposed), scaled when the norm exceeded `maxNorm`. */
  grads: Gradients;
  /**
   * The total norm of the original gradients (as `torch.nn.utils.clip_grad_norm_` returns), a
   * scalar tensor so that no device read is forced; read it with `await totalNorm.data()`.
   */
  totalNorm: tf.Scalar;
}

/**
 * Global-norm gradient clipping, as `torch.nn.utils.clip_grad_norm_`: the norm of all gradients
 * together (`normType` 2 by default, `Infinity` for the max-norm) is computed and, when above
 * `maxNorm`, every gradient is scaled by `maxNorm / (norm + 1e-6)`. Runs on the device (no sync).
 *
 * @example
 * ```ts
 * const { grads: clipped, totalNorm } = clipGradNorm(grads, 1.0);
 * opt.step(clipped);
 * tf.dispose([totalNorm, ...Object.values(clipped)]);
 * ```
 */
export function clipGradNorm(grads: Gradients, maxNorm: number, normType = 2): ClippedGradients {
  if (!(maxNorm >= 0)) throw new ArgumentError('clipGradNorm(maxNorm)', 'a non-negative number', maxNorm);
  if (!(normType > 0))
    throw new ArgumentError('clipGradNorm(normType)', 'a positive number or Infinity', normType);
  const entries = Object.entries(grads).filter(([, g]) => g);
  if (entries.length === 0) return { grads: {}, totalNorm: tf.scalar(0) };
  return tf.tidy(() => {
    let totalNorm: tf.Scalar;
    if (normType === Number.POSITIVE_INFINITY) {
      totalNorm = tf.max(tf.stack(entries.map(([, g]) => tf.max(tf.abs(g)))));
    } else {
      const parts = entries.map(([, g]) =>
        tf.sum(normType === 2 ? tf.square(g) : tf.pow(tf.abs(g), normType)),
      );
      // sum(stack), not addN: WebGPU's addN binds every input in one shader stage (8 storage buffers
      // by default: 20 norms made an invalid pipeline and a norm of 0); its concat splits the inputs.
      totalNorm = tf.pow(tf.sum(tf.stack(parts)), 1 / normType);
    }
    // min(1, maxNorm / (norm + 1e-6)), as PyTorch's clamped coefficient.
    const coef = tf.minimum(tf.div(maxNorm, tf.add(totalNorm, 1e-6)), 1);
    const out: Gradients = {};
    for (const [k, g] of entries) out[k] = tf.mul(g, coef);
    return { grads: out, totalNorm };
  });
}

/**
 * Clamps every gradient element to `[−clipValue, clipValue]`, as `torch.nn.utils.clip_grad_value_`.
 * Returns new tensors; the inputs are not disposed.
 *
 * @example
 * ```ts
 * const clipped = clipGradValue(grads, 0.5);
 * ```
 */
export function clipGradValue(grads: Gradients, clipValue: number): Gradients {
  if (!(clipValue >= 0))
    throw new ArgumentError('clipGradValue(clipValue)', 'a non-negative number', clipValue);
  const out: Gradients = {};
  for (const [k, g] of Object.entries(grads)) if (g) out[k] = tf.clipByValue(g, -clipValue, clipValue);
  return out;
}
