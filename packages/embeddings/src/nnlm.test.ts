import { Generator, SGD } from '@glossa/core';
import { withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { NNLM, nnlmData, nnlmPerplexity, trainNNLM } from './nnlm';
import { Vocabulary } from './vocabulary';

// A tiny corpus from a seeded grammar: subject, verb, object, with agreement between them.
function corpus(n: number, seed: number): string[][] {
  const g = new Generator(seed);
  const pick = <T>(xs: readonly T[]): T => xs[g.int(xs.length)]!;
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    const animal = pick(['cat', 'dog', 'cow']);
    const food = { cat: ['fish', 'milk'], dog: ['meat', 'bones'], cow: ['grass', 'hay'] }[animal]!;
    out.push([pick(['the', 'a']), animal, pick(['eats', 'likes']), pick(food), '</s>']);
  }
  return out;
}

describe('NNLM (Bengio et al. 2003)', () => {
  it('has the paper’s parameters under PyTorch-style names, with optional direct connections', () =>
    withBackend('cpu', () => {
      const lm = new NNLM({
        vocabSize: 10,
        order: 4,
        embeddingDim: 5,
        hiddenSize: 7,
        directConnections: true,
      });
      const shapes = Object.fromEntries(lm.namedParameters().map(([k, v]) => [k, v.shape]));
      expect(shapes).toEqual({
        'embedding.weight': [10, 5],
        'hidden.weight': [7, 15],
        'hidden.bias': [7],
        'output.weight': [10, 7],
        'output.bias': [10],
        'direct.weight': [10, 15],
      });
      const x = tf.tensor2d([[1, 2, 3]], [1, 3], 'int32');
      const y = lm.forward(x);
      expect(y.shape).toEqual([1, 10]);
      const bad = tf.zeros([1, 2], 'int32');
      expect(() => lm.forward(bad)).toThrow(/shape \[B, 3\]/);
      tf.dispose([x, y, bad]);
      lm.dispose();
    }));

  it('builds n-gram windows padded before each sentence', () => {
    const d = nnlmData([[4, 5, 6], [7]], 3, 0);
    expect([...d.contexts]).toEqual([0, 0, 0, 4, 4, 5, 0, 0]);
    expect([...d.targets]).toEqual([4, 5, 6, 7]);
  });

  for (const direct of [false, true]) {
    it(`learns a tiny corpus: perplexity far below the vocabulary size and a unigram model${direct ? ' (direct connections)' : ''}`, () =>
      withBackend('cpu', async () => {
        const train = corpus(150, 1);
        const vocab = Vocabulary.fromSentences(train);
        const pad = vocab.size; // an extra id for "before the sentence"
        const ids = train.map((s) => vocab.encode(s));
        const data = nnlmData(ids, 3, pad);
        // The unigram baseline on the same predictions: exp(−mean log p(w)) with p from counts.
        const counts = new Map<number, number>();
        for (const t of data.targets) counts.set(t, (counts.get(t) ?? 0) + 1);
        let nll = 0;
        for (const t of data.targets) nll -= Math.log(counts.get(t)! / data.targets.length);
        const unigram = Math.exp(nll / data.targets.length);
        const lm = new NNLM({
          vocabSize: vocab.size + 1,
          order: 3,
          embeddingDim: 8,
          hiddenSize: 16,
          directConnections: direct,
          generator: new Generator(2),
        });
        const before = await nnlmPerplexity(lm, data);
        const { history } = await trainNNLM(lm, data, { epochs: 8, batchSize: 32, lr: 0.02, valid: data });
        const after = history[history.length - 1]!.validPerplexity!;
        expect(after).toBeLessThan(before);
        expect(after).toBeLessThan(unigram * 0.6);
        expect(after).toBeLessThan(vocab.size / 3);
        // The grammar's own perplexity is exp(ln 24 / 5) ≈ 1.89 (24 equally likely sentences of 5 tokens);
        // measured here: about 1.92 (unigram 11.7, vocabulary 14).
        expect(history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        lm.dispose();
      }));
  }

  it('trains with any core optimizer (SGD, as the paper)', () =>
    withBackend('cpu', async () => {
      const lm = new NNLM({
        vocabSize: 5,
        order: 2,
        embeddingDim: 3,
        hiddenSize: 4,
        generator: new Generator(1),
      });
      const data = nnlmData(
        [
          [1, 2, 3, 4],
          [1, 2, 3, 4],
        ],
        2,
        0,
      );
      const optimizer = new SGD({ lr: 0.5, params: lm });
      const { history } = await trainNNLM(lm, data, { epochs: 30, optimizer });
      expect(history[29]!.trainPerplexity).toBeLessThan(history[0]!.trainPerplexity);
      optimizer.dispose();
      lm.dispose();
    }));
});
