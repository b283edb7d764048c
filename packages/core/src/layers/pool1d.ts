import type * as tf from '@tensorflow/tfjs-core';
import {
  type AvgPool1dOptions,
  avgPool1d,
  checkPool1dArgs,
  maxPool1d,
  type Pool1dOptions,
} from '../functional/pool1d';
import { Module } from '../module';

/** Options of `MaxPool1d` and `AvgPool1d`. */
export interface Pool1dModuleOptions extends Pool1dOptions {
  /** Window size. */
  kernelSize: number;
}

/**
 * Max pooling over time windows, as `torch.nn.MaxPool1d` (no dilation or `ceil_mode`): `[B, C, L]`
 * → `[B, C, ⌊(L + 2·padding − kernelSize)/stride⌋ + 1]`; `stride` defaults to `kernelSize`;
 * `channelsLast` for `[B, L, C]`. No parameters.
 *
 * @example
 * ```ts
 * new MaxPool1d({ kernelSize: 2 }).forward(tf.zeros([4, 16, 10])).shape; // [4, 16, 5]
 * ```
 */
export class MaxPool1d extends Module {
  readonly kernelSize: number;
  readonly options: Readonly<Pool1dOptions>;

  constructor(options: Pool1dModuleOptions) {
    super();
    const { kernelSize, ...rest } = options ?? ({} as Pool1dModuleOptions);
    checkPool1dArgs('MaxPool1d', kernelSize, rest);
    this.kernelSize = kernelSize;
    this.options = rest;
  }

  /** @param x `[B, C, L]` (or `[B, L, C]` with `channelsLast`). */
  forward(x: tf.Tensor): tf.Tensor {
    return maxPool1d(x, this.kernelSize, this.options);
  }
}

/** Options of `AvgPool1d`. */
export interface AvgPool1dModuleOptions extends AvgPool1dOptions {
  kernelSize: number;
}

/**
 * Average pooling over time windows, as `torch.nn.AvgPool1d` (no `ceil_mode`): like `MaxPool1d`,
 * with `countIncludePad` (default `true`, as PyTorch) deciding whether padding zeros count in each
 * window's mean. No parameters.
 *
 * @example
 * ```ts
 * new AvgPool1d({ kernelSize: 3, stride: 1, padding: 1 }).forward(tf.zeros([4, 16, 10])).shape; // [4, 16, 10]
 * ```
 */
export class AvgPool1d extends Module {
  readonly kernelSize: number;
  readonly options: Readonly<AvgPool1dOptions>;

  constructor(options: AvgPool1dModuleOptions) {
    super();
    const { kernelSize, ...rest } = options ?? ({} as AvgPool1dModuleOptions);
    checkPool1dArgs('AvgPool1d', kernelSize, rest);
    this.kernelSize = kernelSize;
    this.options = rest;
  }

  /** @param x `[B, C, L]` (or `[B, L, C]` with `channelsLast`). */
  forward(x: tf.Tensor): tf.Tensor {
    return avgPool1d(x, this.kernelSize, this.options);
  }
}
