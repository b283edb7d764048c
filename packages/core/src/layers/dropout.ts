import type * as tf from '@tensorflow/tfjs-core';
import { checkProbability } from '../checks';
import { dropout } from '../functional/dropout';
import { Module } from '../module';
import { type Generator, getDefaultGenerator } from '../random';

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
    checkProbability('Dropout', p);
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
