import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, fmtShape, ShapeError } from '../errors';
import { LAYER_NORM } from '../kernels/layer-norm';
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
    if (shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d <= 0)) {
      throw new ArgumentError(
        `LayerNorm(normalizedShape): expected a positive integer or a non-empty shape of them, received ${JSON.stringify(normalizedShape)}`,
      );
    }
    if (!(eps >= 0))
      throw new ArgumentError(`LayerNorm(eps): expected a non-negative number, received ${eps}`);
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

/**
 * Layer normalisation as a function, like `torch.nn.functional.layer_norm`: normalises `x` over its
 * trailing `normalizedShape` dimensions (biased variance, `eps` inside the square root), then scales by
 * `weight` and shifts by `bias` (shape `normalizedShape`; either may be omitted). On wasm and cpu one
 * fused kernel runs each way (forward; gradient with respect to `x`, `weight` and `bias`); elsewhere,
 * or for gradients of gradients, the composite ops (`moments`) do.
 */
export function layerNorm<T extends tf.Tensor>(
  x: T,
  normalizedShape: number | readonly number[],
  weight?: tf.Tensor | null,
  bias?: tf.Tensor | null,
  eps = 1e-5,
): T {
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  const n = shape.length;
  const tail = x.shape.slice(x.rank - n);
  if (n === 0 || x.rank < n || tail.some((d, i) => d !== shape[i])) {
    throw new ShapeError(
      `layerNorm(x): expected trailing dimensions ${fmtShape(shape)}, received shape ${fmtShape(x.shape)}`,
      shape,
      [...x.shape],
    );
  }
  for (const [name, p] of [
    ['weight', weight],
    ['bias', bias],
  ] as const) {
    if (p && (p.rank !== n || p.shape.some((d, i) => d !== shape[i])))
      throw new ShapeError(
        `layerNorm(${name}): expected shape ${fmtShape(shape)}, received ${fmtShape(p.shape)}`,
        shape,
        [...p.shape],
      );
  }
  if (!(eps >= 0)) throw new ArgumentError(`layerNorm(eps): expected a non-negative number, received ${eps}`);
  const fused = x.dtype === 'float32' && tf.getKernel(LAYER_NORM, tf.getBackend()) !== undefined;
  return tf.tidy(() => {
    if (fused) {
      const gamma = weight ?? tf.ones(shape);
      const beta = bias ?? tf.zeros(shape);
      const out = tf.engine().runKernel(LAYER_NORM, { x, gamma, beta }, { eps }) as tf.Tensor[];
      return out[0] as T;
    }
    const axes = [...Array(n).keys()].map((i) => x.rank - n + i);
    const { mean, variance } = tf.moments(x, axes, true);
    let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
    if (weight) y = tf.mul(y, weight);
    if (bias) y = tf.add(y, bias);
    return y as T;
  });
}
