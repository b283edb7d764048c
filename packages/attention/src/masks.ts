import { ArgumentError, fmtShape, ShapeError } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * The finite value that stands for "masked" inside additive masks. Using a large finite number
 * instead of `-Infinity` keeps softmax finite; rows in which every key is masked are detected
 * separately and produce zero weights, never NaN.
 */
export const MASKED = -1e9;

/**
 * Boolean causal mask `[Tq, Tk]`: `true` where query `i` may NOT attend to key `j`, i.e. where
 * `j > i + offset`. With a KV cache holding `offset` earlier positions, pass that offset so the
 * new queries (positions `offset … offset+Tq-1`) see the whole prefix.
 *
 * @example
 * ```ts
 * causalMask(3).arraySync();
 * // [[false, true,  true ],
 * //  [false, false, true ],
 * //  [false, false, false]]
 * ```
 * @param tq number of query positions.
 * @param tk number of key positions (default `tq + offset`).
 * @param offset absolute position of the first query (default 0).
 */
export function causalMask(tq: number, tk?: number, offset = 0): tf.Tensor2D {
  tk ??= tq + offset;
  checkCount('causalMask(tq)', tq);
  checkCount('causalMask(tk)', tk);
  const data = new Uint8Array(tq * tk);
  for (let i = 0; i < tq; i++) for (let j = 0; j < tk; j++) data[i * tk + j] = j > i + offset ? 1 : 0;
  return tf.tensor2d(data, [tq, tk], 'bool');
}

/**
 * Boolean sliding-window (local) mask `[Tq, Tk]`: `true` where `|i + offset - j| >= window`, or
 * with `causal` also where `j > i + offset`. Each query then sees at most `window` keys on each
 * side (`window` keys ending at itself when causal).
 *
 * @example
 * ```ts
 * slidingWindowMask(4, { window: 2, causal: true }); // query 3 sees keys 2 and 3
 * ```
 */
export function slidingWindowMask(
  tq: number,
  options: { window: number; causal?: boolean; tk?: number; offset?: number },
): tf.Tensor2D {
  const { window, causal = false, offset = 0 } = options;
  const tk = options.tk ?? tq + offset;
  checkCount('slidingWindowMask(tq)', tq);
  if (!Number.isInteger(window) || window < 1) {
    throw new ArgumentError('slidingWindowMask(options.window)', 'an integer >= 1', window);
  }
  const data = new Uint8Array(tq * tk);
  for (let i = 0; i < tq; i++) {
    const p = i + offset;
    for (let j = 0; j < tk; j++) data[i * tk + j] = Math.abs(p - j) >= window || (causal && j > p) ? 1 : 0;
  }
  return tf.tensor2d(data, [tq, tk], 'bool');
}

/**
 * Key-padding mask `[B, T]` from sequence lengths: `true` at positions `>= lengths[b]` (padding).
 *
 * @example
 * ```ts
 * keyPaddingMaskFromLengths([3, 1], 4).arraySync();
 * // [[false, false, false, true], [false, true, true, true]]
 * ```
 * @param lengths valid length of each sequence in the batch.
 * @param maxLength padded length `T` (default: the largest length).
 */
export function keyPaddingMaskFromLengths(
  lengths: ArrayLike<number> | tf.Tensor1D,
  maxLength?: number,
): tf.Tensor2D {
  const lens = lengths instanceof tf.Tensor ? Array.from(lengths.dataSync()) : Array.from(lengths);
  const t = maxLength ?? Math.max(0, ...lens);
  checkCount('keyPaddingMaskFromLengths(maxLength)', t);
  const data = new Uint8Array(lens.length * t);
  lens.forEach((len, b) => {
    if (!Number.isInteger(len) || len < 0 || len > t) {
      throw new ArgumentError(`keyPaddingMaskFromLengths(lengths[${b}])`, `an integer in [0, ${t}]`, len);
    }
    for (let j = len; j < t; j++) data[b * t + j] = 1;
  });
  return tf.tensor2d(data, [lens.length, t], 'bool');
}

/**
 * Key-padding mask `[B, T]` from a Hugging Face style attention mask (`1` = real token, `0` =
 * padding): returns `true` where the attention mask is 0.
 *
 * @example
 * ```ts
 * keyPaddingMaskFromAttentionMask(tf.tensor2d([[1, 1, 0]], [1, 3], 'int32')); // [[false, false, true]]
 * ```
 */
export function keyPaddingMaskFromAttentionMask(attentionMask: tf.Tensor2D): tf.Tensor2D {
  if (attentionMask.rank !== 2) {
    throw new ShapeError(
      `keyPaddingMaskFromAttentionMask(attentionMask): expected shape [B, T], received ${fmtShape(attentionMask.shape)}`,
      [null, null],
      attentionMask.shape,
    );
  }
  return tf.tidy(() => tf.equal(attentionMask, 0)) as tf.Tensor2D;
}

/**
 * Converts a boolean mask (`true` = masked) or an additive float mask (possibly holding
 * `-Infinity`) to an additive float mask in which masked entries are {@link MASKED}. The result
 * is differentiable w.r.t. a float mask (useful for learned biases).
 *
 * @example
 * ```ts
 * toAdditiveMask(causalMask(2)).arraySync(); // [[0, -1e9], [0, 0]]
 * ```
 */
export function toAdditiveMask(mask: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    if (mask.dtype === 'bool') return tf.mul(tf.cast(mask, 'float32'), MASKED);
    const f = mask.dtype === 'float32' ? mask : tf.cast(mask, 'float32');
    return tf.maximum(f, MASKED);
  });
}

/**
 * Converts a boolean mask (`true` = masked, returned as is) or an additive float mask to a boolean
 * one: an additive entry at or below {@link MASKED} (including `-Infinity`) counts as masked. The
 * inverse of {@link toAdditiveMask} for masks it produced.
 *
 * @example
 * ```ts
 * toBooleanMask(tf.tensor1d([0, -1e9, -Infinity])).arraySync(); // [false, true, true]
 * ```
 */
export function toBooleanMask<T extends tf.Tensor>(mask: T): T {
  if (mask.dtype === 'bool') return mask;
  return tf.tidy(() => tf.lessEqual(mask, MASKED)) as T;
}

/**
 * Adds additive masks (after {@link toAdditiveMask}), broadcasting; `undefined` entries are skipped.
 * Returns `undefined` when every entry is `undefined`.
 */
export function combineMasks(...masks: Array<tf.Tensor | undefined>): tf.Tensor | undefined {
  const present = masks.filter((m): m is tf.Tensor => m !== undefined);
  if (present.length === 0) return undefined;
  return tf.tidy(() => present.map(toAdditiveMask).reduce((a, b) => tf.add(a, b)));
}

function checkCount(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new ArgumentError(what, 'an integer >= 0', n);
}
