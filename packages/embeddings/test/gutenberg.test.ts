// word2vec learns from real text: skip-gram on 3 MB of Project Gutenberg novels (public domain in the
// USA; see fixtures/README.md) puts days next to days and numbers next to numbers, and solves some
// analogies. One worker, so the run — and these assertions — are the same every time.
import { describe, expect, it } from 'vitest';
import { evaluateWordAnalogies } from '../src/evaluate';
import { Word2Vec } from '../src/word2vec';
import { fixtureText, tokenize } from './helpers';

describe('word2vec on Gutenberg text', () => {
  it('learns neighbours and analogies (skip-gram, 5 epochs, one worker)', async () => {
    const sentences = tokenize(fixtureText('gutenberg-en.slice.txt.gz'));
    const model = await Word2Vec.train(sentences, {
      mode: 'skipgram',
      vectorSize: 50,
      window: 5,
      minCount: 5,
      negative: 5,
      sample: 1e-3,
      epochs: 5,
      workers: 1,
      seed: 1,
    });
    const near = (w: string, n = 10) => model.wv.mostSimilar([w], { topN: n }).map((r) => r.word);
    const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
    const numbers = [
      'two',
      'three',
      'four',
      'five',
      'six',
      'seven',
      'eight',
      'nine',
      'ten',
      'twelve',
      'twenty',
    ];
    const family = [
      'mother',
      'father',
      'sister',
      'brother',
      'aunt',
      'uncle',
      'wife',
      'husband',
      'daughter',
      'son',
    ];
    const overlap = (xs: string[], ys: string[]) => xs.filter((x) => ys.includes(x));
    expect(overlap(near('saturday'), days).length).toBeGreaterThanOrEqual(1);
    expect(overlap(near('monday'), days).length).toBeGreaterThanOrEqual(1);
    expect(overlap(near('two'), numbers).length).toBeGreaterThanOrEqual(4);
    expect(overlap(near('three'), numbers).length).toBeGreaterThanOrEqual(4);
    expect(overlap(near('mother'), family).length).toBeGreaterThanOrEqual(3);
    const analogies = evaluateWordAnalogies(model.wv, fixtureText('questions-words.subset.txt'), {
      restrictVocab: 300000,
    });
    // Measured: 43 of 468 (9.2 %), 40 of them in the family section; gensim 4.2 (same settings, 2 workers)
    // gets 44 and 51 with seeds 2 and 1.
    expect(analogies.score).toBeGreaterThanOrEqual(0.02);
  }, 60_000);
});
