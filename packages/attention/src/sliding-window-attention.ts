import { ArgumentError, fmtShape, ShapeError } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { MASKED } from './masks';

/** Inputs of {@link slidingWindowAttention}. */
export interface SlidingWindowAttentionArgs {
  /** Queries `[B, H, T, D]`. */
  query: tf.Tensor4D;
  /** Keys `[B, H, T, D]` (self-attention: same length as the queries). */
  key: tf.Tensor4D;
  /** Values `[B, H, T, Dv]`. */
  value: tf.Tensor4D;
  /** Each query sees keys with `|i − j| < window` (only `j ≤ i` when `causal`). */
  window: number;
  /** Also mask future keys. Default `false`. */
  causal?: boolean;
  /** Boolean `[B, T]`, `true` = padding key. Default: none. */
  keyPaddingMask?: tf.Tensor2D;
  /** Scale of `QKᵀ`. Default `1/√D`. */
  scale?: number;
}

/**
 * Sliding-window (local) attention in O(T·window) time and memory, as in Longformer's banded
 * attention: the sequence is cut into blocks of `window` positions and each block of queries
 * attends only to its own and neighbouring key blocks (`[B·H·T/w, w, 3w]` scores instead of
 * `[B, H, T, T]`). The result equals dense attention with `slidingWindowMask`.
 *
 * @example
 * ```ts
 * const x = tf.randomNormal([1, 8, 4096, 32]) as tf.Tensor4D; // [B, H, T, D]
 * const out = slidingWindowAttention({ query: x, key: x, value: x, window: 128, causal: true }); // [1, 8, 4096, 32]
 * ```
 * @returns the attended values `[B, H, T, Dv]` (weights are not materialised).
 */
export function slidingWindowAttention(args: SlidingWindowAttentionArgs): tf.Tensor4D {
  const { query, key, value, window: w, causal = false, keyPaddingMask } = args;
  if (!Number.isInteger(w) || w < 1) {
    throw new ArgumentError('slidingWindowAttention(window)', 'an integer >= 1', w);
  }
  const [b, h, t, d] = query.shape;
  for (const [name, x, last] of [
    ['key', key, d],
    ['value', value, null],
  ] as const) {
    const expected = [b, h, t, last];
    if (
      x.rank !== 4 ||
      x.shape[0] !== b ||
      x.shape[1] !== h ||
      x.shape[2] !== t ||
      (last !== null && x.shape[3] !== last)
    ) {
      throw new ShapeError(
        `slidingWindowAttention(${name}): expected shape ${fmtShape(expected)}, received ${fmtShape(x.shape)}`,
        expected,
        x.shape,
      );
    }
  }
  if (keyPaddingMask && (keyPaddingMask.shape[0] !== b || keyPaddingMask.shape[1] !== t)) {
    throw new ShapeError(
      `slidingWindowAttention(keyPaddingMask): expected shape [${b}, ${t}], received ${fmtShape(keyPaddingMask.shape)}`,
      [b, t],
      keyPaddingMask.shape,
    );
  }
  const dv = value.shape[3];
  const nb = Math.ceil(t / w);
  const span = causal ? 2 : 3; // key blocks per query block: previous, own (, next)
  const scale = args.scale ?? 1 / Math.sqrt(d);
  // Static band mask [nb, w, span·w]: key slot s of block c is position (c − 1)·w + s.
  const band = new Float32Array(nb * w * span * w);
  for (let c = 0; c < nb; c++) {
    for (let a = 0; a < w; a++) {
      const i = c * w + a;
      for (let s = 0; s < span * w; s++) {
        const j = (c - 1) * w + s;
        const masked = j < 0 || j >= t || Math.abs(i - j) >= w || (causal && j > i);
        band[(c * w + a) * span * w + s] = masked ? MASKED : 0;
      }
    }
  }
  return tf.tidy(() => {
    const padTo = (x: tf.Tensor4D) =>
      tf.pad(x, [
        [0, 0],
        [0, 0],
        [w, (nb + 1) * w - t],
        [0, 0],
      ]);
    /** [B·H, (nb+2)·w, D] padded → [B·H·nb, span·w, D] windows of neighbouring blocks. */
    const windows = (x: tf.Tensor4D, dim: number) => {
      const n = x.shape[0] * x.shape[1];
      const blocks = tf.reshape(padTo(x), [n, nb + 2, w, dim]);
      const parts = Array.from({ length: span }, (_, o) => tf.slice(blocks, [0, o, 0, 0], [-1, nb, -1, -1]));
      return tf.reshape(tf.concat(parts, 2), [n * nb, span * w, dim]);
    };
    const qb = tf.reshape(
      tf.pad(query, [
        [0, 0],
        [0, 0],
        [0, nb * w - t],
        [0, 0],
      ]),
      [b * h * nb, w, d],
    );
    const scores = tf.mul(tf.matMul(qb, windows(key, d), false, true), scale); // [B·H·nb, w, span·w]
    let mask: tf.Tensor = tf.tensor(band, [1, 1, nb, w, span * w]);
    if (keyPaddingMask) {
      const pad = tf.reshape(tf.mul(tf.cast(keyPaddingMask, 'float32'), MASKED), [b, 1, t, 1]);
      const padBlocks = tf.reshape(windows(pad as tf.Tensor4D, 1), [b, 1, nb, 1, span * w]);
      mask = tf.add(mask, padBlocks);
    }
    const s5 = tf.add(tf.reshape(scores, [b, h, nb, w, span * w]), mask);
    const valid = tf.cast(tf.greater(tf.max(mask, -1, true), MASKED / 2), 'float32');
    const weights = tf.reshape(tf.mul(tf.softmax(s5), valid), [b * h * nb, w, span * w]);
    const out = tf.matMul(weights, windows(value, dv)); // [B·H·nb, w, Dv]
    return tf.slice(tf.reshape(out, [b, h, nb * w, dv]), [0, 0, 0, 0], [b, h, t, dv]) as tf.Tensor4D;
  });
}
