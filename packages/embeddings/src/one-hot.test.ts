import { backendsUnderTest, withBackend } from '@glossa/core/testing';
import { describe, expect, it } from 'vitest';
import { fixtureBytes } from '../test/helpers';
import { KeyedVectors } from './keyed-vectors';
import { compareOneHotAndDense, cosineSimilarityMatrix, oneHotVectors } from './one-hot';

const wv = KeyedVectors.parse(fixtureBytes('gensim-vectors.bin'), { format: 'word2vec-binary' });

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `one-hot versus dense on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('one-hot vectors are orthogonal: every pair of distinct words has cosine 0', () =>
        withBackend(b.name, async () => {
          const x = oneHotVectors([2, 0, 3], 4);
          expect(await x.array()).toEqual([
            [0, 0, 1, 0],
            [1, 0, 0, 0],
            [0, 0, 0, 1],
          ]);
          const s = cosineSimilarityMatrix(x);
          expect(await s.array()).toEqual([
            [1, 0, 0],
            [0, 1, 0],
            [0, 0, 1],
          ]);
          x.dispose();
          s.dispose();
        }));

      it('learned vectors are not: related words are close, unrelated ones less so', () =>
        withBackend(b.name, async () => {
          const { oneHot, dense } = await compareOneHotAndDense(wv, ['two', 'three', 'mother', 'father']);
          for (let i = 0; i < 4; i++) {
            for (let j = 0; j < 4; j++) {
              expect(oneHot[i]![j]).toBe(i === j ? 1 : 0);
              if (i === j) expect(dense[i]![j]).toBeCloseTo(1, 4);
            }
          }
          expect(dense[0]![1]).toBeGreaterThan(0.8); // two ~ three
          expect(dense[2]![3]).toBeGreaterThan(0.8); // mother ~ father
          expect(dense[0]![1]).toBeGreaterThan(dense[0]![2]! + 0.2); // two is closer to three than to mother
          expect(dense[0]![1]).toBeCloseTo(wv.similarity('two', 'three'), 4);
        }));
    },
  );
}

describe('oneHotVectors', () => {
  it('rejects ids outside [0, depth)', () => {
    expect(() => oneHotVectors([4], 4)).toThrow(/ids\[0\].*\[0, 4\)/);
    return expect(compareOneHotAndDense(wv, ['two', 'zzz'])).rejects.toThrow(/words\[1\]/);
  });
});
