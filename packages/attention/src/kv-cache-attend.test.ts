/**
 * `KVCache`'s preallocated buffers and `attendNext` (one decoding step of attention; a fused kernel on
 * cpu and wasm, composite ops on webgpu) against appending plus `scaledDotProductAttention` on every
 * backend: growth past the capacity, `keys`/`values`, `reorder` between steps, errors, no leaks.
 */
import { ArgumentError, Generator, ShapeError, useBackend } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { KVCache } from './kv-cache';
import { scaledDotProductAttention } from './scaled-dot-product-attention';

const [B, H, D] = [2, 3, 4];
const C = H * D;

/** softmax(q·Kᵀ/√D)·V of `qkv`'s query over `keys`/`values` `[B, H, T, D]` plus its own key and value. */
function expected(qkv: tf.Tensor2D, keys: tf.Tensor4D | null, values: tf.Tensor4D | null) {
  return tf.tidy(() => {
    const [q, k, v] = tf.split(qkv, 3, 1).map((t) => tf.reshape(t, [B, H, 1, D]) as tf.Tensor4D);
    const allK = keys ? tf.concat([keys, k!], 2) : k!;
    const allV = values ? tf.concat([values, v!], 2) : v!;
    const { output } = scaledDotProductAttention({ query: q!, key: allK, value: allV });
    return { y: tf.reshape(output, [B, C]), keys: allK, values: allV };
  });
}

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `KVCache.attendNext on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('equals append + scaledDotProductAttention, growing past the capacity and across a reorder', () =>
        withBackend(b.name, async () => {
          const g = new Generator(21);
          const rand = (shape: number[]) =>
            tf.tensor(g.fillNormal(new Float32Array(shape.reduce((a, x) => a * x))), shape);
          const cache = new KVCache({ capacity: 2 });
          const k0 = rand([B, H, 3, D]) as tf.Tensor4D;
          const v0 = rand([B, H, 3, D]) as tf.Tensor4D;
          cache.append(k0, v0);
          expect([cache.length, cache.capacity]).toEqual([3, 4]);
          let refK = tf.keep(tf.clone(k0));
          let refV = tf.keep(tf.clone(v0));
          tf.dispose([k0, v0]);
          let count = -1;
          for (let step = 0; step < 6; step++) {
            if (step === 3) {
              // Beam search swaps the rows between steps: the cache and the reference alike.
              cache.reorder([1, 0]);
              const idx = tf.tensor1d([1, 0], 'int32');
              const [rk, rv] = [tf.gather(refK, idx, 0), tf.gather(refV, idx, 0)];
              tf.dispose([refK, refV, idx]);
              [refK, refV] = [rk as tf.Tensor4D, rv as tf.Tensor4D];
            }
            const qkv = rand([B, 3 * C]) as tf.Tensor2D;
            const want = expected(qkv, refK, refV);
            const y = cache.attendNext(qkv, H);
            expect(await maxAbsDiff(y, await want.y.data())).toBeLessThan(1e-5);
            expect(cache.length).toBe(4 + step);
            tf.dispose([refK, refV, qkv, y, want.y]);
            [refK, refV] = [want.keys, want.values];
            // A step keeps the tensor count, growth included (the buffers are replaced).
            if (step === 4) count = tf.memory().numTensors;
          }
          expect(tf.memory().numTensors).toBe(count);
          expect(cache.capacity).toBe(16); // 4 → 8 → 16
          expect(await maxAbsDiff(cache.keys!, await refK.data())).toBe(0);
          expect(await maxAbsDiff(cache.values!, await refV.data())).toBe(0);
          expect(cache.keys!.shape).toEqual([B, H, 9, D]);
          cache.dispose();
          expect([cache.length, cache.capacity, cache.keys]).toEqual([0, 0, null]);
          tf.dispose([refK, refV]);
        }));

      it('starts an empty cache (no prefill) and decodes token by token', () =>
        withBackend(b.name, async () => {
          const g = new Generator(5);
          const cache = new KVCache();
          let refK: tf.Tensor4D | null = null;
          let refV: tf.Tensor4D | null = null;
          for (let step = 0; step < 3; step++) {
            const qkv = tf.tensor2d(g.fillNormal(new Float32Array(B * 3 * C)), [B, 3 * C]);
            const want = expected(qkv, refK, refV);
            const y = cache.attendNext(qkv, H);
            expect(await maxAbsDiff(y, await want.y.data())).toBeLessThan(1e-5);
            tf.dispose([qkv, y, want.y, refK, refV].filter((t) => t !== null) as tf.Tensor[]);
            [refK, refV] = [want.keys, want.values];
          }
          expect(cache.capacity).toBe(16);
          tf.dispose([refK!, refV!]);
          cache.dispose();
        }));
    },
  );
}

describe('KVCache.attendNext errors', () => {
  beforeAll(() => useBackend('cpu', { verbose: false }));

  it('rejects a bad capacity, a head count that does not divide the row, and a row of another shape', () => {
    expect(() => new KVCache({ capacity: 0 })).toThrow(ArgumentError);
    const cache = new KVCache();
    const qkv = tf.zeros([B, 3 * C]) as tf.Tensor2D;
    expect(() => cache.attendNext(qkv, 5)).toThrow(ArgumentError);
    tf.dispose(cache.attendNext(qkv, H));
    const other = tf.zeros([B, 3 * C + 3 * H]) as tf.Tensor2D;
    expect(() => cache.attendNext(other, H)).toThrow(ShapeError);
    const keys = tf.zeros([B, H, 1, D + 1]) as tf.Tensor4D;
    expect(() => cache.append(keys, keys)).toThrow(ShapeError);
    tf.dispose([qkv, other, keys]);
    cache.dispose();
  });
});
