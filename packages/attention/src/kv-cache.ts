import { fmtShape, ShapeError } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Keys and values of earlier time steps for incremental (autoregressive) decoding with
 * `MultiHeadAttention`. Each `forward({ …, cache })` projects only the new positions, appends
 * their keys and values (`[B, H, T, D]`, after RoPE) and attends over the whole prefix, so a new
 * token costs time linear in the prefix length instead of recomputing everything.
 *
 * The cache owns its tensors: call `dispose()` when the sequence is finished (one cache per
 * attention layer and sequence batch). It is for self-attention; in cross-attention the encoder
 * memory does not grow, so pass it as `key`/`value` at each step without a cache.
 *
 * @example
 * ```ts
 * const cache = new KVCache();
 * for (const x of steps) {                      // x: [B, 1, E]
 *   const { output } = attn.forward({ query: x, key: x, value: x, cache, needWeights: false });
 * }
 * cache.dispose();
 * ```
 */
export class KVCache {
  private k: tf.Tensor4D | null = null;
  private v: tf.Tensor4D | null = null;

  /** Number of cached time steps (the absolute position of the next token). */
  get length(): number {
    return this.k ? this.k.shape[2] : 0;
  }

  /** Cached keys `[B, H, T, Dk]`, or `null` when empty. Owned by the cache: do not dispose. */
  get keys(): tf.Tensor4D | null {
    return this.k;
  }

  /** Cached values `[B, H, T, Dv]`, or `null` when empty. Owned by the cache: do not dispose. */
  get values(): tf.Tensor4D | null {
    return this.v;
  }

  /**
   * Appends new keys/values `[B, H, Tnew, D]` and returns the full `[B, H, T + Tnew, D]` tensors
   * (owned by the cache). Safe to call inside `tf.tidy`.
   */
  append(keys: tf.Tensor4D, values: tf.Tensor4D): { keys: tf.Tensor4D; values: tf.Tensor4D } {
    if (this.k && this.v) {
      const [b, h, , dk] = this.k.shape;
      const dv = this.v.shape[3];
      const expectK = [b, h, null, dk];
      if (keys.rank !== 4 || keys.shape[0] !== b || keys.shape[1] !== h || keys.shape[3] !== dk) {
        throw new ShapeError(
          `KVCache.append(keys): expected shape ${fmtShape(expectK)}, received ${fmtShape(keys.shape)}`,
          expectK,
          keys.shape,
        );
      }
      if (values.shape[0] !== b || values.shape[1] !== h || values.shape[3] !== dv) {
        const expectV = [b, h, null, dv];
        throw new ShapeError(
          `KVCache.append(values): expected shape ${fmtShape(expectV)}, received ${fmtShape(values.shape)}`,
          expectV,
          values.shape,
        );
      }
    }
    const nk = tf.keep(this.k ? tf.concat([this.k, keys], 2) : tf.clone(keys));
    const nv = tf.keep(this.v ? tf.concat([this.v, values], 2) : tf.clone(values));
    this.k?.dispose();
    this.v?.dispose();
    this.k = nk;
    this.v = nv;
    return { keys: nk, values: nv };
  }

  /** Releases the cached tensors; the cache is empty (and reusable) afterwards. */
  dispose(): void {
    this.k?.dispose();
    this.v?.dispose();
    this.k = null;
    this.v = null;
  }
}
