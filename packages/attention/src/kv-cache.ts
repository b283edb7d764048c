import { ArgumentError, fmtShape, ShapeError } from '@glossa/core';
import { attendCachedToken, kvCacheWrite } from '@glossa/core/internal';
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
 * Keys and values live in preallocated buffers `[B, H, capacity, D]` (capacity doubling when full),
 * written in place by core's `kvCacheWrite` on wasm and cpu instead of concatenated into a new
 * tensor every step; {@link KVCache.attendNext} runs a whole decoding step of attention (write, then
 * softmax(q·Kᵀ)·V) as one kernel. `keys`/`values` are the first `length` positions, sliced on demand.
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
  /** Buffers `[B, H, capacity, D]`; positions `length…` hold nothing meaningful. */
  private k: tf.Tensor4D | null = null;
  private v: tf.Tensor4D | null = null;
  private len = 0;
  /** The first `len` positions of each buffer, made on demand (disposed when the buffers change). */
  private used: { keys: tf.Tensor4D; values: tf.Tensor4D } | null = null;

  /**
   * @param options.capacity positions to allocate at the first append (default: the first append's
   *   length rounded up to a power of two, at least 16); the buffers double whenever they are full.
   */
  constructor(private readonly options: { capacity?: number } = {}) {
    const c = options.capacity;
    if (c !== undefined && !(Number.isInteger(c) && c > 0)) {
      throw new ArgumentError('KVCache(capacity)', 'a positive integer', c);
    }
  }

  /** Number of cached time steps (the absolute position of the next token). */
  get length(): number {
    return this.len;
  }

  /** Positions the buffers hold before they grow (0 when empty). */
  get capacity(): number {
    return this.k ? this.k.shape[2] : 0;
  }

  /** Cached keys `[B, H, T, Dk]`, or `null` when empty. Owned by the cache: do not dispose. */
  get keys(): tf.Tensor4D | null {
    return this.usedPart()?.keys ?? null;
  }

  /** Cached values `[B, H, T, Dv]`, or `null` when empty. Owned by the cache: do not dispose. */
  get values(): tf.Tensor4D | null {
    return this.usedPart()?.values ?? null;
  }

  private usedPart(): { keys: tf.Tensor4D; values: tf.Tensor4D } | null {
    if (!this.k || !this.v || this.len === 0) return null;
    if (!this.used) {
      const part = (t: tf.Tensor4D) => {
        const [b, h, , d] = t.shape;
        return tf.keep(tf.slice(t, [0, 0, 0, 0], [b, h, this.len, d]));
      };
      this.used = { keys: part(this.k), values: part(this.v) };
    }
    return this.used;
  }

  private dropUsed(): void {
    if (this.used) tf.dispose([this.used.keys, this.used.values]);
    this.used = null;
  }

  /** Replaces the buffers (the old ones are disposed). */
  private setBuffers(k: tf.Tensor4D, v: tf.Tensor4D): void {
    this.dropUsed();
    if (this.k !== k) this.k?.dispose();
    if (this.v !== v) this.v?.dispose();
    this.k = tf.keep(k);
    this.v = tf.keep(v);
  }

  /** Buffers with room for `extra` more positions (allocated or grown): `[B, H, ≥ length + extra, D]`. */
  private reserve(b: number, h: number, dk: number, dv: number, extra: number): void {
    const need = this.len + extra;
    if (this.k && this.k.shape[2] >= need) return;
    let cap = this.k ? this.k.shape[2] * 2 : (this.options.capacity ?? 16);
    while (cap < need) cap *= 2;
    tf.tidy(() => {
      let k = tf.zeros([b, h, cap, dk]) as tf.Tensor4D;
      let v = tf.zeros([b, h, cap, dv]) as tf.Tensor4D;
      if (this.k && this.v) {
        k = kvCacheWrite(k, this.k, 0);
        v = kvCacheWrite(v, this.v, 0);
      }
      this.setBuffers(k, v);
    });
  }

  /**
   * Appends new keys/values `[B, H, Tnew, D]` and returns the full `[B, H, T + Tnew, D]` tensors
   * (owned by the cache, valid until its next change). Safe to call inside `tf.tidy`.
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
    const [b, h, t, dk] = keys.shape;
    this.reserve(b, h, dk, values.shape[3], t);
    tf.tidy(() =>
      this.setBuffers(kvCacheWrite(this.k!, keys, this.len), kvCacheWrite(this.v!, values, this.len)),
    );
    this.len += t;
    return this.usedPart()!;
  }

  /**
   * One decoding step of attention for one new token per row, as one kernel on wasm and cpu (core's
   * `attendCachedToken`): appends the token's key and value, then returns softmax(scale·q·Kᵀ)·V over
   * every cached position (no mask), the heads side by side.
   *
   * @param qkv `[B, 3·H·D]`: the token's query, key and value side by side (a fused projection).
   * @param numHeads H.
   * @param scale of q·Kᵀ; default `1/√D`.
   * @returns `[B, H·D]`.
   *
   * @example
   * ```ts
   * const y = cache.attendNext(cAttn.forward(x), 12); // x [1, 768] → y [1, 768]
   * ```
   */
  attendNext(qkv: tf.Tensor2D, numHeads: number, scale?: number): tf.Tensor2D {
    const [B, W] = qkv.shape;
    if (!(Number.isInteger(numHeads) && numHeads > 0 && W % (3 * numHeads) === 0)) {
      throw new ArgumentError(
        'KVCache.attendNext(numHeads)',
        `a divisor of ${W / 3} (qkv [${B}, ${W}])`,
        numHeads,
      );
    }
    const D = W / 3 / numHeads;
    if (this.k && (this.k.shape[0] !== B || this.k.shape[1] !== numHeads || this.k.shape[3] !== D)) {
      const expected = [this.k.shape[0], 3 * this.k.shape[1] * this.k.shape[3]];
      throw new ShapeError(
        `KVCache.attendNext(qkv): expected shape ${fmtShape(expected)}, received ${fmtShape(qkv.shape)}`,
        expected,
        qkv.shape,
      );
    }
    this.reserve(B, numHeads, D, D, 1);
    const { output, keys, values } = attendCachedToken({
      qkv,
      keys: this.k!,
      values: this.v!,
      length: this.len,
      scale,
    });
    this.setBuffers(keys, values);
    this.len += 1;
    return output;
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
      const hadUsed = this.used !== null; // keep the tensor count: a reorder neither adds nor frees any
      this.setBuffers(tf.gather(this.k, idx, 0), tf.gather(this.v, idx, 0));
      if (hadUsed) this.usedPart();
    } finally {
      if (idx !== indices) idx.dispose();
    }
    return this;
  }

  /** Releases the cached tensors; the cache is empty (and reusable) afterwards. */
  dispose(): void {
    this.dropUsed();
    this.k?.dispose();
    this.v?.dispose();
    this.k = null;
    this.v = null;
    this.len = 0;
  }
}
