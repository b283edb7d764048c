import { ArgumentError, Generator, ShapeError, useBackend } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CrossAttentionCache } from './cross-attention-cache';
import { MultiHeadAttention, type MultiHeadAttentionOptions } from './multi-head-attention';

const variants: Array<[string, Partial<MultiHeadAttentionOptions>, number]> = [
  ['packed projection', {}, 8],
  ['kdim = vdim = 6 (separate projections)', { kdim: 6, vdim: 6 }, 6],
  ['rope, no bias', { rope: true, bias: false }, 8],
];

const randn = (shape: number[], seed: number) =>
  tf.tidy(() =>
    tf.tensor(new Generator(seed).fillNormal(new Float32Array(shape.reduce((a, b) => a * b))), shape),
  );

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `CrossAttentionCache on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      for (const [name, extra, kdim] of variants) {
        it(`cached cross-attention equals uncached, step by step and after reorder (${name})`, () =>
          withBackend(b.name, async () => {
            const attn = new MultiHeadAttention({
              embedDim: 8,
              numHeads: 2,
              generator: new Generator(5),
              ...extra,
            });
            const memory = randn([3, 6, kdim], 1);
            const ys = randn([3, 4, 8], 2);
            const cross = new CrossAttentionCache();
            let count = -1;
            for (let t = 0; t < 3; t++) {
              const y = tf.slice(ys, [0, t, 0], [-1, 1, -1]);
              const plain = attn.forward({ query: y, key: memory, value: memory });
              const cached =
                t === 0
                  ? attn.forward({ query: y, key: memory, value: memory, cache: cross })
                  : attn.forward({ query: y, cache: cross });
              expect(cross.filled).toBe(true);
              expect(cross.length).toBe(6);
              expect(await maxAbsDiff(cached.output, await plain.output.data())).toBeLessThan(1e-6);
              expect(await maxAbsDiff(cached.weights!, await plain.weights!.data())).toBeLessThan(1e-6);
              tf.dispose([y, plain.output, plain.weights!, cached.output, cached.weights!]);
              if (count >= 0) expect(tf.memory().numTensors).toBe(count);
              count = tf.memory().numTensors;
            }
            // Beam search: reorder the cache and the uncached memory alike.
            cross.reorder([2, 2, 0, 1]);
            const mem = tf.gather(memory, [2, 2, 0, 1], 0);
            const y = randn([4, 1, 8], 3);
            const plain = attn.forward({ query: y, key: mem, value: mem, needWeights: false }).output;
            const cached = attn.forward({ query: y, cache: cross, needWeights: false }).output;
            expect(await maxAbsDiff(cached, await plain.data())).toBeLessThan(1e-6);
            cross.dispose();
            expect(cross.filled).toBe(false);
            tf.dispose([memory, ys, mem, y, plain, cached]);
            attn.dispose();
          }));
      }
    },
  );
}

describe('CrossAttentionCache errors', () => {
  beforeAll(() => useBackend('cpu', { verbose: false }));

  it('is set once, and its batch must match the query', () => {
    const attn = new MultiHeadAttention({ embedDim: 4, numHeads: 1 });
    const cross = new CrossAttentionCache();
    const mem = tf.zeros([2, 3, 4]);
    const kv = tf.zeros([2, 1, 3, 4]) as tf.Tensor4D;
    cross.set(kv, kv);
    expect(() => cross.set(kv, kv)).toThrow(ArgumentError);
    const q = tf.zeros([1, 1, 4]);
    expect(() => attn.forward({ query: q, cache: cross })).toThrow(ShapeError);
    expect(() => attn.forward({ query: q, cache: cross })).toThrow(
      'MultiHeadAttention.forward(cache): expected shape [1], received [2]',
    );
    const bad = tf.zeros([2, 1, 5, 4]) as tf.Tensor4D;
    const other = new CrossAttentionCache();
    expect(() => other.set(kv, bad)).toThrow(
      'CrossAttentionCache.set(values): expected shape [2, 1, 3, *], received [2, 1, 5, 4]',
    );
    tf.dispose([mem, kv, q, bad]);
    cross.dispose();
    attn.dispose();
  });
});
