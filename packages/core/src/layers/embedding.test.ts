import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture, lossWeights } from '../../test/fixtures/load';
import { ArgumentError, ShapeError } from '../errors';
import { Generator } from '../random';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { Embedding } from './embedding';

interface EmbCase {
  name: string;
  config: { num_embeddings: number; embedding_dim: number; padding_idx: number | null };
  params: { weight: FixtureTensor };
  ids: FixtureTensor;
  output: FixtureTensor;
  grads: { weight: FixtureTensor };
}
const cases = loadFixture('layers.torch.json').embedding as EmbCase[];

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `Embedding on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      for (const c of cases) {
        it(`matches PyTorch forward and weight gradient (${c.name})`, () =>
          withBackend(b.name, async () => {
            const emb = new Embedding({
              numEmbeddings: c.config.num_embeddings,
              embeddingDim: c.config.embedding_dim,
              paddingIdx: c.config.padding_idx ?? undefined,
            });
            emb.loadStateDict(c.params);
            const ids = tf.tensor(c.ids.data, c.ids.shape, 'int32');
            const y = emb.forward(ids);
            expect(y.shape).toEqual(c.output.shape);
            expect(await maxAbsDiff(y, c.output.data)).toBeLessThan(1e-6);
            const w = tf.tensor(lossWeights(y.shape), y.shape);
            const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(emb.forward(ids), w)) as tf.Scalar);
            expect(await maxAbsDiff(grads[emb.weight.name]!, c.grads.weight.data)).toBeLessThan(1e-5);
            tf.dispose([ids, y, w, value, ...Object.values(grads)]);
            emb.dispose();
          }));
      }

      it('initialises N(0, 1) with the padding row zeroed, seeded', () =>
        withBackend(b.name, async () => {
          const emb = new Embedding({
            numEmbeddings: 200,
            embeddingDim: 50,
            paddingIdx: 3,
            generator: new Generator(5),
          });
          const w = (await emb.weight.data()) as Float32Array;
          expect(Array.from(w.slice(150, 200))).toEqual(new Array(50).fill(0));
          const mean = w.reduce((a, v) => a + v, 0) / w.length;
          const std = Math.sqrt(w.reduce((a, v) => a + (v - mean) ** 2, 0) / w.length);
          expect(Math.abs(mean)).toBeLessThan(0.05);
          expect(Math.abs(std - 1)).toBeLessThan(0.05);
          emb.dispose();
        }));

      it('rejects ids outside the vocabulary with a typed error naming the id and the size', () =>
        withBackend(b.name, async () => {
          const emb = new Embedding({ numEmbeddings: 10, embeddingDim: 4 });
          for (const [ids, re] of [
            [
              [[1, 2, 10]],
              /Embedding\.forward\(ids\[0, 2\]\): expected a token id in \[0, 10\) \(the vocabulary size is 10\), received 10 \(number\)/,
            ],
            [[[-1, 2, 3]], /ids\[0, 0\].*received -1/],
          ] as const) {
            const t = tf.tensor2d(ids as unknown as number[][], [1, 3], 'int32');
            expect(() => emb.forward(t)).toThrow(ArgumentError);
            expect(() => emb.forward(t)).toThrow(re);
            t.dispose();
          }
          const ok = tf.tensor2d([[0, 9, 3]], [1, 3], 'int32');
          const y = emb.forward(ok);
          expect(y.shape).toEqual([1, 3, 4]);
          tf.dispose([ok, y, ...emb.parameters()]);
        }));

      it('loads pretrained weights, frozen or trainable', () =>
        withBackend(b.name, async () => {
          const vectors = { shape: [3, 2], data: [1, 2, 3, 4, 5, 6] };
          const frozen = new Embedding({ weights: vectors, freeze: true });
          const live = new Embedding({ weights: vectors });
          expect([frozen.numEmbeddings, frozen.embeddingDim]).toEqual([3, 2]);
          expect(Object.keys(frozen.trainableParameters())).toEqual([]);
          expect(Object.keys(live.trainableParameters())).toEqual(['weight']);
          const ids = tf.tensor1d([2, 0], 'int32');
          const y = frozen.forward(ids);
          expect(Array.from(await y.data())).toEqual([5, 6, 1, 2]);
          tf.dispose([ids, y]);
          frozen.dispose();
          live.dispose();
        }));
    },
  );
}

describe('Embedding arguments', () => {
  it('rejects bad sizes, padding index and weights', async () => {
    const { useBackend } = await import('../backend/backend');
    await useBackend('cpu', { verbose: false });
    expect(() => new Embedding({ numEmbeddings: 4, embeddingDim: -1 })).toThrow(ArgumentError);
    expect(() => new Embedding({ numEmbeddings: 4, embeddingDim: 2, paddingIdx: 4 })).toThrow(
      /paddingIdx\): expected an integer in \[-4, 3\], received 4/,
    );
    expect(() => new Embedding({ weights: { shape: [4], data: [1, 2, 3, 4] } })).toThrow(ShapeError);
    expect(() => new Embedding({ numEmbeddings: 5, weights: { shape: [4, 1], data: [1, 2, 3, 4] } })).toThrow(
      ShapeError,
    );
  });
});
