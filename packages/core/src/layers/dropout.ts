import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors';
import { Module } from '../module';
import { type Generator, getDefaultGenerator } from '../random';

/** Options of the functional `dropout`. */
export interface DropoutFnOptions {
  /** Apply dropout (`true`) or return `x` unchanged (`false`). Default `true`. */
  training?: boolean;
  /** Randomness for the mask. Default: the process-wide generator. */
  generator?: Generator;
}

function checkP(what: string, p: number): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new ArgumentError(`${what}(p): expected a probability in [0, 1], received ${String(p)}`);
  }
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
  checkP('dropout', p);
  const { training = true, generator = getDefaultGenerator() } = options;
  if (!training || p === 0) return x.clone();
  if (p === 1) return tf.zerosLike(x);
  const scale = 1 / (1 - p);
  const mask = new Float32Array(x.size);
  for (let i = 0; i < mask.length; i++) mask[i] = generator.uniform() < p ? 0 : scale;
  return tf.tidy(() => tf.mul(x, tf.tensor(mask, x.shape, 'float32'))) as T;
}

/** Options of `Dropout`. */
export interface DropoutOptions {
  /** Probability of zeroing an element, in [0, 1]. Default `0.5` (as PyTorch). */
  p?: number;
  /** Randomness for the masks. Default: the process-wide generator. */
  generator?: Generator;
}

/**
 * Dropout as a module: active only in training mode (`module.train()`), the identity after
 * `eval()`. Kept elements are scaled by `1/(1−p)`. Like `torch.nn.Dropout`.
 *
 * @example
 * ```ts
 * const drop = new Dropout({ p: 0.1, generator: new Generator(1) });
 * drop.forward(x);        // training: some elements zeroed, others × 1/0.9
 * drop.eval().forward(x); // a copy of x
 * ```
 */
export class Dropout extends Module {
  readonly p: number;
  private readonly generator: Generator | undefined;

  constructor(options: DropoutOptions = {}) {
    super();
    const { p = 0.5, generator } = options;
    checkP('Dropout', p);
    this.p = p;
    this.generator = generator;
  }

  /** @param x any shape; returns the same shape. */
  forward<T extends tf.Tensor>(x: T): T {
    return dropout(x, this.p, {
      training: this.training,
      generator: this.generator ?? getDefaultGenerator(),
    });
  }
}
