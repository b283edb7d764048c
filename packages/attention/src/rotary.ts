import { ArgumentError, fmtShape, ShapeError } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link applyRotaryEmbedding}. */
export interface RotaryOptions {
  /** Absolute position of the first time step (the KV-cache length when decoding). Default 0. */
  offset?: number;
  /** Base of the geometric frequency sequence θᵢ = base^(−2i/D). Default 10000 (RoFormer). */
  base?: number;
}

/**
 * Rotary position embedding (RoPE, Su et al. 2021) on `[..., T, D]` queries or keys, in the
 * "rotate half" layout of GPT-NeoX and Llama: dimension `i` is paired with `i + D/2` and the pair
 * at position `p` is rotated by the angle `p·θᵢ`. The product `q·k` of rotated vectors then
 * depends only on the relative position of `q` and `k`.
 *
 * Implemented as `x·cos + (x·R)·sin` with a fixed `[D, D]` signed permutation `R`, so it is two
 * elementwise products and one plain 2-D matMul on every backend, and differentiable.
 *
 * @example
 * ```ts
 * const q = tf.randomNormal([2, 4, 10, 16]); // [B, H, T, D]
 * const qr = applyRotaryEmbedding(q, { offset: 0 }); // same shape
 * ```
 */
export function applyRotaryEmbedding(x: tf.Tensor, options: RotaryOptions = {}): tf.Tensor {
  const { offset = 0, base = 10000 } = options;
  const d = x.shape[x.rank - 1]!;
  const t = x.shape[x.rank - 2]!;
  if (x.rank < 2 || d % 2 !== 0) {
    throw new ShapeError(
      `applyRotaryEmbedding(x): expected shape [..., T, D] with an even D, received ${fmtShape(x.shape)}`,
      [null, null],
      x.shape,
    );
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new ArgumentError('applyRotaryEmbedding(offset)', 'an integer >= 0', offset);
  }
  const half = d / 2;
  const cos = new Float32Array(t * d);
  const sin = new Float32Array(t * d);
  for (let p = 0; p < t; p++) {
    for (let i = 0; i < half; i++) {
      const angle = (p + offset) * base ** ((-2 * i) / d);
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      cos[p * d + i] = c;
      cos[p * d + i + half] = c;
      sin[p * d + i] = s;
      sin[p * d + i + half] = s;
    }
  }
  const r = new Float32Array(d * d);
  for (let j = 0; j < half; j++) {
    r[(j + half) * d + j] = -1; // out[j] = -x[j + D/2]
    r[j * d + j + half] = 1; // out[j + D/2] = x[j]
  }
  return tf.tidy(() => {
    const rot = tf.reshape(tf.matMul(tf.reshape(x, [-1, d]) as tf.Tensor2D, tf.tensor2d(r, [d, d])), x.shape);
    return tf.add(tf.mul(x, tf.tensor2d(cos, [t, d])), tf.mul(rot, tf.tensor2d(sin, [t, d])));
  });
}
