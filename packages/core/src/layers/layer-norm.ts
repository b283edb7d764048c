import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, fmtShape, ShapeError } from '../errors';
import { layerNorm } from '../functional/layer-norm';
import { Module } from '../module';

/** Options of `LayerNorm`. */
export interface LayerNormOptions {
  /** Size of the trailing dimension(s) normalised over: a number (the last dimension) or a shape. */
  normalizedShape: number | readonly number[];
  /** Added to the variance inside the square root. Default `1e-5`. */
  eps?: number;
  /** Learn a per-element scale `weight` (init 1) and shift `bias` (init 0). Default `true`. */
  elementwiseAffine?: boolean;
  /** With `elementwiseAffine`, also learn the `bias`. Default `true`. */
  bias?: boolean;
}

/**
 * Layer normalisation over the trailing `normalizedShape` dimensions, with the biased
 * variance and `eps` inside the square root: `(x − mean) / √(var + eps) · weight + bias`.
 * Parameters `weight` and `bias` have shape `normalizedShape`. Like `torch.nn.LayerNorm`.
 *
 * @example
 * ```ts
 * const ln = new LayerNorm({ normalizedShape: 16 });
 * const y = ln.forward(x); // [B, T, 16] → [B, T, 16]
 * ```
 */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  /** Scale, shape `normalizedShape` (or `null` without affine). */
  readonly weight: tf.Variable | null;
  /** Shift, shape `normalizedShape` (or `null`). */
  readonly bias: tf.Variable | null;

  constructor(options: LayerNormOptions) {
    super();
    const {
      normalizedShape,
      eps = 1e-5,
      elementwiseAffine = true,
      bias = true,
    } = options ?? ({} as LayerNormOptions);
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...(normalizedShape ?? [])];
    if (shape.length === 0) {
      throw new ArgumentError(
        'LayerNorm(normalizedShape)',
        'a positive integer or a non-empty shape of them',
        normalizedShape,
      );
    }
    const bad = shape.findIndex((d) => !Number.isInteger(d) || d <= 0);
    if (bad >= 0) {
      const what = typeof normalizedShape === 'number' ? '' : `[${bad}]`;
      throw new ArgumentError(`LayerNorm(normalizedShape${what})`, 'a positive integer', shape[bad]);
    }
    if (!(eps >= 0)) throw new ArgumentError('LayerNorm(eps)', 'a non-negative number', eps);
    this.normalizedShape = shape;
    this.eps = eps;
    this.elementwiseAffine = elementwiseAffine;
    this.weight = elementwiseAffine ? this.registerParameter('weight', tf.ones(shape)) : null;
    this.bias = elementwiseAffine && bias ? this.registerParameter('bias', tf.zeros(shape)) : null;
  }

  /**
   * @param x `[..., ...normalizedShape]`
   * @returns the same shape
   */
  forward<T extends tf.Tensor>(x: T): T {
    const n = this.normalizedShape.length;
    const tail = x.shape.slice(x.rank - n);
    if (x.rank < n || tail.some((d, i) => d !== this.normalizedShape[i])) {
      throw new ShapeError(
        `LayerNorm.forward(x): expected trailing dimensions ${fmtShape(this.normalizedShape)}, received shape ${fmtShape(x.shape)}`,
        [...this.normalizedShape],
        [...x.shape],
      );
    }
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }
}
