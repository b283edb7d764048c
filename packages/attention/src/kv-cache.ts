import { fmtShape, ShapeError } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkIndices } from './batch-indices';

/**
 * Keys and values of earlier time steps for incremental (autoregressive) decoding with
 * `MultiHeadAttention`. Each `forward({ …, cache })` projects only the new positions, appends
 * their keys and values (`[B, H, T, D]`, after RoPE) and attends over the whole prefix, so a new
 * token costs time linear in the prefix length instead of recomputing everything.
 *
 * The cache owns its tensors: call `dispose()` when the sequence is finished (one cache per
 * attention layer and sequence batch). It is for self-attention; for cross-attention over an
 * encoder memory that does not grow, use a `CrossAttentionCache` (projected once, then reused).
 * `reorder(indices)` gathers the rows along the batch axis, for beam search (core's `generate`
 * calls it through a model's `reorderState`).
 *
 * Each step copies the prefix once (`concat`): tfjs tensors are immutable and have no in-place
 * slice write, so a preallocated buffer would be copied whole at every update too
 * (`tensorScatterUpdate` returns a new tensor); the copy is O(prefix), like the attention itself.
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

  /**
   * Gathers the cached keys and values along the batch axis: row `i` becomes row `indices[i]`
   * (repeats allowed; the batch size becomes `indices.length`). Beam search reorders every layer's
   * cache with the beams' source rows after each step. The old tensors are disposed; an empty
   * cache stays empty. Safe inside `tf.tidy`.
   *
   * @param indices int32 ids in `[0, B)` — an array (checked) or an int32 `[B']` tensor (not read
   *   back, so not range-checked; the caller keeps ownership).
   *
   * @example
   * ```ts
   * cache.reorder([0, 0, 2]); // beams 0 and 2 survive, beam 0 twice
   * ```
   */
  reorder(indices: readonly number[] | tf.Tensor1D): this {
    const batch = this.k ? this.k.shape[0] : Number.POSITIVE_INFINITY;
    const idx = checkIndices('KVCache.reorder(indices)', indices, batch);
    try {
      if (!this.k || !this.v) return this;
      const nk = tf.keep(tf.gather(this.k, idx, 0));
      const nv = tf.keep(tf.gather(this.v, idx, 0));
      this.k.dispose();
      this.v.dispose();
      this.k = nk;
      this.v = nv;
    } finally {
      if (idx !== indices) idx.dispose();
    }
    return this;
  }

  /** Releases the cached tensors; the cache is empty (and reusable) afterwards. */
  dispose(): void {
    this.k?.dispose();
    this.v?.dispose();
    this.k = null;
    this.v = null;
  }
}
