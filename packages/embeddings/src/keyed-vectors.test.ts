import { ArgumentError, Embedding } from '@glossa/core';
import { withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fixtureBytes, fixtureText } from '../test/helpers';
import { KeyedVectors, type WordSimilarity } from './keyed-vectors';

// Expected values: gensim 4.2 on the same files (tooling/fixtures/embeddings/gen_gensim.py).
interface Query {
  positive: string[];
  negative: string[];
  topN: number;
  restrictVocab?: number;
  result: Array<[string, number]>;
}
const ref = JSON.parse(fixtureText('gensim-reference.json')) as {
  size: number;
  vectorSize: number;
  words: string[];
  mostSimilar: Query[];
  mostSimilarAnalogy: Query[];
  mostSimilarRestricted: Query[];
  mostSimilarCosmul: Query[];
  similarity: Array<[string, string, number]>;
  doesntMatch: Array<[string[], string]>;
  similarByVector: Query[];
};
const wv = KeyedVectors.parse(fixtureBytes('gensim-vectors.bin'), { format: 'word2vec-binary' });

function expectSame(actual: WordSimilarity[], expected: Array<[string, number]>): void {
  expect(actual.map((r) => r.word)).toEqual(expected.map((r) => r[0]));
  actual.forEach((r, i) => {
    expect(Math.abs(r.similarity - expected[i]![1])).toBeLessThan(1e-5);
  });
}

describe("KeyedVectors answers gensim's queries on gensim's vectors", () => {
  it('loads the file gensim wrote', () => {
    expect(wv.size).toBe(ref.size);
    expect(wv.vectorSize).toBe(ref.vectorSize);
    expect(wv.words.slice(0, 5)).toEqual(ref.words);
  });

  it('mostSimilar: same words in the same order, similarities to 1e-5', () => {
    for (const q of ref.mostSimilar) expectSame(wv.mostSimilar(q.positive, { topN: q.topN }), q.result);
  });

  it('mostSimilar with negatives (3CosAdd analogies), query words left out', () => {
    for (const q of ref.mostSimilarAnalogy) {
      const got = wv.mostSimilar(q.positive, { negative: q.negative, topN: q.topN });
      expectSame(got, q.result);
      for (const w of [...q.positive, ...q.negative]) expect(got.map((r) => r.word)).not.toContain(w);
    }
  });

  it('mostSimilar restricted to the first N words', () => {
    for (const q of ref.mostSimilarRestricted) {
      const got = wv.mostSimilar(q.positive, { topN: q.topN, restrictVocab: q.restrictVocab! });
      expectSame(got, q.result);
      for (const r of got) expect(wv.indexOf(r.word)).toBeLessThan(q.restrictVocab!);
    }
  });

  it('mostSimilarCosmul (3CosMul)', () => {
    for (const q of ref.mostSimilarCosmul) {
      expectSame(wv.mostSimilarCosmul(q.positive, { negative: q.negative, topN: q.topN }), q.result);
    }
  });

  it('similarity, doesntMatch and similarByVector (king − man + woman)', () => {
    for (const [a, b, s] of ref.similarity) expect(Math.abs(wv.similarity(a, b) - s)).toBeLessThan(1e-5);
    for (const [words, odd] of ref.doesntMatch) expect(wv.doesntMatch(words)).toBe(odd);
    const q = ref.similarByVector[0]!;
    const v = wv.combine(q.positive, q.negative);
    const byHand = wv.get('king').map((x, i) => x - wv.get('man')[i]! + wv.get('woman')[i]!);
    for (let i = 0; i < v.length; i++) expect(v[i]).toBeCloseTo(byHand[i]!, 6);
    expectSame(wv.similarByVector(v, { topN: q.topN }), q.result);
  });

  it('names the argument and the unknown word in errors', () => {
    expect(() => wv.mostSimilar(['zzzz'])).toThrow(ArgumentError);
    expect(() => wv.mostSimilar(['two'], { negative: ['qqq'] })).toThrow(
      /mostSimilar\(negative\)\[0\].*"qqq"/,
    );
    expect(() => wv.similarity('two', 'xx')).toThrow(/similarity\(b\)/);
    expect(() => wv.mostSimilar(['two'], { topN: -1 })).toThrow(/topN/);
    expect(() => wv.similarByVector([1, 2])).toThrow(/16 numbers/);
    expect(wv.mostSimilar(['two'], { topN: 0 })).toEqual([]);
  });

  it('unit vectors and norms', () => {
    const u = wv.get('two', { norm: true });
    expect(Math.hypot(...u)).toBeCloseTo(1, 6);
    expect(wv.norms()[wv.indexOf('two')]).toBeCloseTo(Math.hypot(...wv.get('two')), 5);
  });
});

describe('KeyedVectors as a core Embedding', () => {
  it('toEmbedding({ freeze }) holds the vectors, row = word index', () =>
    withBackend('cpu', async () => {
      const small = new KeyedVectors(['a', 'b', 'c'], Float32Array.of(1, 2, 3, 4, 5, 6), 2);
      const frozen = small.toEmbedding();
      expect(frozen).toBeInstanceOf(Embedding);
      expect(frozen.weight.trainable).toBe(false);
      const ids = tf.tensor2d([[small.indexOf('c'), small.indexOf('a')]], [1, 2], 'int32');
      const x = frozen.forward(ids);
      expect(x.shape).toEqual([1, 2, 2]);
      expect([...(await x.data())]).toEqual([5, 6, 1, 2]);
      const trainable = small.toEmbedding({ freeze: false });
      expect(Object.keys(trainable.trainableParameters())).toEqual(['weight']);
      tf.dispose([ids, x]);
      frozen.dispose();
      trainable.dispose();
    }));

  it('rejects mismatched shapes and duplicate words', () => {
    expect(() => new KeyedVectors(['a'], new Float32Array(3), 2)).toThrow(/1 × 2 values/);
    expect(() => new KeyedVectors(['a', 'a'], new Float32Array(4), 2)).toThrow(/distinct words/);
  });
});
