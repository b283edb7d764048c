import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, fmtShape, ShapeError } from '../errors';
import { LAYER_NORM } from '../kernels/fused/layer-norm';

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
  if (!(eps >= 0)) throw new ArgumentError('layerNorm(eps)', 'a non-negative number', eps);
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
