import * as tf from '@tensorflow/tfjs-core';
import { checkProbability } from '../checks';
import { type Generator, getDefaultGenerator } from '../random';

/** Options of the functional `dropout`. */
export interface DropoutFnOptions {
  /** Apply dropout (`true`) or return `x` unchanged (`false`). Default `true`. */
  training?: boolean;
  /** Randomness for the mask. Default: the process-wide generator. */
  generator?: Generator;
}

/**
 * Zeroes each element with probability `p` and scales the rest by `1/(1−p)`, so the expected
 * value is unchanged. The mask comes from the seeded `Generator`, so runs are reproducible on
 * every backend. Like `torch.nn.functional.dropout`.
 *
 * @example
 * ```ts
 * const y = dropout(x, 0.1, { generator: new Generator(0) }); // same shape as x
 * ```
 */
export function dropout<T extends tf.Tensor>(x: T, p: number, options: DropoutFnOptions = {}): T {
  checkProbability('dropout', p);
  const { training = true, generator = getDefaultGenerator() } = options;
  if (!training || p === 0) return x.clone();
  if (p === 1) return tf.zerosLike(x);
  const scale = 1 / (1 - p);
  const mask = new Float32Array(x.size);
  for (let i = 0; i < mask.length; i++) mask[i] = generator.uniform() < p ? 0 : scale;
  return tf.tidy(() => tf.mul(x, tf.tensor(mask, x.shape, 'float32'))) as T;
}
