import {
  ArgumentError,
  Embedding,
  type GenerationModel,
  Generator,
  generateDetailed,
  Linear,
  ShapeError,
  useBackend,
} from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { KVCache } from './kv-cache';
import { MultiHeadAttention, type MultiHeadAttentionOptions } from './multi-head-attention';

const variants: Array<[string, Partial<MultiHeadAttentionOptions>]> = [
  ['plain', {}],
  ['rope', { rope: true }],
  ['alibi', { alibi: true }],
  ['sliding window 3', { slidingWindow: { window: 3, causal: true } }],
];

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `KVCache decoding on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      for (const [name, extra] of b.name === 'webgpu' ? variants.slice(0, 2) : variants) {
        it(`incremental outputs equal the full causal recomputation (${name})`, () =>
          withBackend(b.name, async () => {
            const attn = new MultiHeadAttention({
              embedDim: 8,
              numHeads: 2,
              generator: new Generator(3),
              ...extra,
            });
            const T = 5;
            const x = tf.tidy(() =>
              tf.tensor3d(new Generator(9).fillNormal(new Float32Array(2 * T * 8)), [2, T, 8]),
            );
            const full = attn.forward({ query: x, isCausal: true, needWeights: false }).output;
            const expected = await full.array();
            const cache = new KVCache();
            // Prefill two positions, then decode one token at a time.
            const steps = [
              [0, 2],
              [2, 1],
              [3, 1],
              [4, 1],
            ] as const;
            let count = -1;
            for (const [start, len] of steps) {
              const step = tf.slice(x, [0, start, 0], [-1, len, -1]);
              const { output, weights } = attn.forward({ query: step, cache, isCausal: true });
              expect(cache.length).toBe(start + len);
              expect(weights!.shape).toEqual([2, len, start + len]);
              const want = (expected as number[][][]).flatMap((seq) => seq.slice(start, start + len).flat());
              expect(await maxAbsDiff(output, want)).toBeLessThan(1e-5);
              tf.dispose([step, output, weights!]);
              // The cache holds exactly two tensors whatever the prefix length.
              if (count >= 0) expect(tf.memory().numTensors).toBe(count);
              count = tf.memory().numTensors;
            }
            expect(cache.keys!.shape).toEqual([2, 2, T, 4]);
            cache.dispose();
            expect(cache.length).toBe(0);
            tf.dispose([x, full]);
            attn.dispose();
          }));
      }
    },
  );
}

describe('KVCache errors', () => {
  beforeAll(() => useBackend('cpu', { verbose: false }));

  it('rejects appends whose batch, heads or head size differ from the cache', () => {
    const cache = new KVCache();
    const a = tf.zeros([1, 2, 3, 4]) as tf.Tensor4D;
    const bad = tf.zeros([1, 3, 1, 4]) as tf.Tensor4D;
    cache.append(a, a);
    expect(() => cache.append(bad, bad)).toThrow(ShapeError);
    expect(() => cache.append(bad, bad)).toThrow(
      'KVCache.append(keys): expected shape [1, 2, *, 4], received [1, 3, 1, 4]',
    );
    cache.dispose();
    tf.dispose([a, bad]);
  });
});

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `KVCache.reorder on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('gathers rows along the batch axis; decoding on continues as if the reordered rows had been fed', () =>
        withBackend(b.name, async () => {
          const attn = new MultiHeadAttention({
            embedDim: 8,
            numHeads: 2,
            generator: new Generator(4),
            rope: true,
          });
          const T = 5;
          const x = tf.tidy(() =>
            tf.tensor3d(new Generator(2).fillNormal(new Float32Array(3 * T * 8)), [3, T, 8]),
          );
          const order = [2, 0, 0, 1];
          const xr = tf.gather(x, order, 0);
          const full = attn.forward({ query: xr, isCausal: true, needWeights: false }).output;
          const expected = (await full.array()) as number[][][];
          const cache = new KVCache();
          const prefix = tf.slice(x, [0, 0, 0], [-1, 3, -1]);
          tf.dispose(attn.forward({ query: prefix, cache, isCausal: true, needWeights: false }).output);
          const before = tf.memory().numTensors;
          const idx = tf.tensor1d(order, 'int32');
          expect(cache.reorder(idx)).toBe(cache);
          idx.dispose();
          expect(tf.memory().numTensors).toBe(before);
          expect(cache.keys!.shape).toEqual([4, 2, 3, 4]);
          expect(cache.length).toBe(3);
          for (const t of [3, 4]) {
            const step = tf.slice(xr, [0, t, 0], [-1, 1, -1]);
            const { output } = attn.forward({ query: step, cache, isCausal: true, needWeights: false });
            expect(
              await maxAbsDiff(
                output,
                expected.flatMap((row) => row[t]!),
              ),
            ).toBeLessThan(1e-5);
            tf.dispose([step, output]);
          }
          // An array works too (and shrinks the batch); an empty cache stays empty.
          cache.reorder([3]);
          expect(cache.values!.shape).toEqual([1, 2, T, 4]);
          cache.dispose();
          cache.reorder([0, 0]);
          expect(cache.keys).toBeNull();
          tf.dispose([x, xr, full, prefix]);
          attn.dispose();
        }));
    },
  );
}

describe('KVCache.reorder errors', () => {
  beforeAll(() => useBackend('cpu', { verbose: false }));

  it('rejects indices out of range, non-integers and non-int32 tensors', () => {
    const cache = new KVCache();
    const a = tf.zeros([2, 1, 3, 4]) as tf.Tensor4D;
    cache.append(a, a);
    expect(() => cache.reorder([0, 2])).toThrow(ArgumentError);
    expect(() => cache.reorder([0, 2])).toThrow(
      'KVCache.reorder(indices): expected an array of integers in [0, 2), received an array of length 2',
    );
    expect(() => cache.reorder([0.5])).toThrow(ArgumentError);
    const f = tf.tensor1d([0, 1]);
    expect(() => cache.reorder(f as tf.Tensor1D)).toThrow(
      "KVCache.reorder(indices): expected int32 batch indices [B']",
    );
    cache.dispose();
    tf.dispose([a, f]);
  });
});

/** A one-layer decoder (embedding → causal RoPE attention → vocabulary head), cached or recomputed. */
function tinyDecoder(vocab: number) {
  const g = new Generator(8);
  const emb = new Embedding({ numEmbeddings: vocab, embeddingDim: 16, generator: g });
  const attn = new MultiHeadAttention({ embedDim: 16, numHeads: 2, rope: true, generator: g });
  const head = new Linear({ inFeatures: 16, outFeatures: vocab, generator: g });
  const lastLogits = (ids: tf.Tensor2D, cache?: KVCache) =>
    tf.tidy(() => {
      const [B, T] = ids.shape;
      const { output } = attn.forward({ query: emb.forward(ids), cache, isCausal: true, needWeights: false });
      return head.forward(tf.reshape(tf.slice(output, [0, T - 1, 0], [B, 1, 16]), [B, 16])) as tf.Tensor2D;
    });
  const cached: GenerationModel<KVCache> = {
    initState: () => new KVCache(),
    step: ({ inputIds }, cache) => ({ logits: lastLogits(inputIds, cache), state: cache }),
    reorderState: (cache, indices) => cache.reorder(indices),
    disposeState: (cache) => cache.dispose(),
  };
  const recomputed: GenerationModel<number[][]> = {
    initState: (b) => Array.from({ length: b }, () => []),
    step: async ({ inputIds }, rows) => {
      const [B, T] = inputIds.shape;
      const ids = await inputIds.data();
      const next = rows.map((r, i) => [...r, ...ids.subarray(i * T, (i + 1) * T)]);
      const all = tf.tensor2d(next.flat(), [B, next[0]!.length], 'int32');
      const logits = lastLogits(all);
      all.dispose();
      return { logits, state: next };
    },
    reorderState: (rows, indices) => Array.from(indices.dataSync(), (i) => rows[i]!),
    disposeState: () => {},
  };
  const dispose = () => {
    for (const m of [emb, attn, head]) m.dispose();
  };
  return { cached, recomputed, dispose };
}

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `KVCache under core's generate on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('greedy, sampling and beam search give the same tokens with the cache as with recomputation', () =>
        withBackend(b.name, async () => {
          const { cached, recomputed, dispose } = tinyDecoder(11);
          const prompt = tf.tensor2d(
            [
              [1, 5, 2],
              [7, 3, 3],
            ],
            [2, 3],
            'int32',
          );
          for (const options of [
            { maxNewTokens: 6 },
            { maxNewTokens: 6, doSample: true, seed: 3, numReturnSequences: 2 },
            { maxNewTokens: 5, numBeams: 3, numReturnSequences: 3, eosTokenId: 0 },
          ]) {
            const a = await generateDetailed(cached, prompt, options);
            const r = await generateDetailed(recomputed, prompt, options);
            expect(a.sequences).toEqual(r.sequences);
            if (r.scores)
              expect(a.scores!.map((s, i) => Math.abs(s - r.scores![i]!))).toSatisfy(
                (d: number[]) => Math.max(...d) < 1e-4,
              );
          }
          prompt.dispose();
          dispose();
        }));
    },
  );
}
