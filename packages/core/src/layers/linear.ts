import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, fmtShape, ShapeError } from '../errors';
import { uniform } from '../init/initializers';
import { Module } from '../module';
import { type Generator, getDefaultGenerator } from '../random';

/** Options of `Linear`. */
export interface LinearOptions {
  /** Size of each input vector (the last dimension of `x`). */
  inFeatures: number;
  /** Size of each output vector. */
  outFeatures: number;
  /** Learn an additive bias. Default `true`. */
  bias?: boolean;
  /** Randomness for the initial weights. Default: the process-wide generator. */
  generator?: Generator;
}

/**
 * Affine map `y = x·Wᵀ + b` over the last dimension, with PyTorch's parameter names and
 * layout: `weight` `[out, in]`, `bias` `[out]`. Initialised as PyTorch does
 * (`kaiming_uniform(a=√5)`), i.e. weight and bias drawn from U(±1/√inFeatures).
 *
 * @example
 * ```ts
 * const fc = new Linear({ inFeatures: 4, outFeatures: 8 });
 * const y = fc.forward(tf.zeros([2, 5, 4])); // [B, T, 4] → [B, T, 8]
 * fc.loadStateDict({ weight: w, bias: b });  // from torch's state_dict()
 * ```
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** `[outFeatures, inFeatures]`. */
  readonly weight: tf.Variable;
  /** `[outFeatures]`, or `null` with `bias: false`. */
  readonly bias: tf.Variable | null;

  constructor(options: LinearOptions) {
    super();
    const {
      inFeatures,
      outFeatures,
      bias = true,
      generator = getDefaultGenerator(),
    } = options ?? ({} as LinearOptions);
    for (const [name, v] of [
      ['inFeatures', inFeatures],
      ['outFeatures', outFeatures],
    ] as const) {
      if (!Number.isInteger(v) || v < 0) {
        throw new ArgumentError(`Linear(${name})`, 'a non-negative integer', v);
      }
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
    this.weight = this.registerParameter(
      'weight',
      uniform([outFeatures, inFeatures], { low: -bound, high: bound, generator }),
    );
    this.bias = bias
      ? this.registerParameter('bias', uniform([outFeatures], { low: -bound, high: bound, generator }))
      : null;
  }

  /**
   * @param x `[..., inFeatures]`
   * @returns `[..., outFeatures]`
   */
  forward(x: tf.Tensor): tf.Tensor {
    const shape = x.shape;
    if (shape.length === 0 || shape[shape.length - 1] !== this.inFeatures) {
      throw new ShapeError(
        `Linear.forward(x): expected last dimension ${this.inFeatures}, received shape ${fmtShape(shape)}`,
        [null, this.inFeatures],
        [...shape],
      );
    }
    return tf.tidy(() => {
      const x2 = shape.length === 2 ? x : tf.reshape(x, [-1, this.inFeatures]);
      let y: tf.Tensor = tf.matMul(x2 as tf.Tensor2D, this.weight as tf.Tensor2D, false, true);
      if (this.bias) y = tf.add(y, this.bias);
      return shape.length === 2 ? y : tf.reshape(y, [...shape.slice(0, -1), this.outFeatures]);
    });
  }
}
