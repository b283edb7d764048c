import { ArgumentError, fmtShape, ShapeError } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkIndices } from './batch-indices';

/**
 * Projected keys and values of an encoder memory for cross-attention while decoding (set once,
 * read every step). The first `MultiHeadAttention.forward({ query, key: memory, value: memory,
 * cache })` projects the memory and stores it (`[B, H, S, D]`, after RoPE if the layer has it);
 * later steps pass only `query` and reuse it, skipping the two `[B·S, E] × [E, E]` projections per
 * layer and step. The output is the same as uncached cross-attention.
 *
 * Like `KVCache` it owns its tensors (`dispose()`), and `reorder(indices)` gathers its rows for beam
 * search. One cache per cross-attention layer and batch.
 *
 * @example
 * ```ts
 * const cross = new CrossAttentionCache();
 * attn.forward({ query: y0, key: memory, value: memory, cache: cross }); // projects memory once
 * attn.forward({ query: y1, cache: cross });                             // reuses it
 * cross.dispose();
 * ```
 */
export class CrossAttentionCache {
  private k: tf.Tensor4D | null = null;
  private v: tf.Tensor4D | null = null;

  /** Whether keys and values are stored. */
  get filled(): boolean {
    return this.k !== null;
  }

  /** Memory time steps `S` (0 when empty). */
  get length(): number {
    return this.k ? this.k.shape[2] : 0;
  }

  /** Cached keys `[B, H, S, Dk]`, or `null`. Owned by the cache: do not dispose. */
  get keys(): tf.Tensor4D | null {
    return this.k;
  }

  /** Cached values `[B, H, S, Dv]`, or `null`. Owned by the cache: do not dispose. */
  get values(): tf.Tensor4D | null {
    return this.v;
  }

  /**
   * Stores projected keys and values `[B, H, S, D]` (the cache keeps its own handles; the caller
   * keeps ownership of the arguments). Set once: `dispose()` before storing another memory.
   */
  set(keys: tf.Tensor4D, values: tf.Tensor4D): void {
    if (this.k) {
      throw new ArgumentError('CrossAttentionCache.set(keys)', 'an empty cache (dispose() it first)', keys);
    }
    const [b, h, s] = keys.shape;
    if (
      keys.rank !== 4 ||
      values.rank !== 4 ||
      values.shape[0] !== b ||
      values.shape[1] !== h ||
      values.shape[2] !== s
    ) {
      const expected = [b, h, s, null];
      throw new ShapeError(
        `CrossAttentionCache.set(values): expected shape ${fmtShape(expected)}, received ${fmtShape(values.shape)}`,
        expected,
        values.shape,
      );
    }
    this.k = tf.keep(tf.clone(keys));
    this.v = tf.keep(tf.clone(values));
  }

  /**
   * Gathers the rows along the batch axis (row `i` becomes row `indices[i]`), for beam search.
   *
   * @example
   * ```ts
   * cross.reorder([0, 0, 0, 0]); // one source sentence expanded to 4 beams
   * ```
   */
  reorder(indices: readonly number[] | tf.Tensor1D): this {
    const batch = this.k ? this.k.shape[0] : Number.POSITIVE_INFINITY;
    const idx = checkIndices('CrossAttentionCache.reorder(indices)', indices, batch);
    try {
      if (!this.k || !this.v) return this;
      const nk = tf.keep(tf.gather(this.k, idx, 0));
      const nv = tf.keep(tf.gather(this.v, idx, 0));
      this.dispose();
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
