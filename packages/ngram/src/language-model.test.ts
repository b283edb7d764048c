import { describe, expect, it } from 'vitest';
import { ArgumentError } from './errors';
import { KneserNeyModel } from './kneser-ney';
import { MleModel } from './mle';
import { countNgrams } from './ngram-counts';
import { modelFromCounts, trainLanguageModel } from './train';

const corpus = [
  ['the', 'cat', 'sat', 'on', 'the', 'mat'],
  ['the', 'dog', 'sat', 'on', 'the', 'log'],
  ['a', 'dog', 'ate', 'a', 'bone'],
];

describe('LanguageModel scoring', () => {
  const lm = trainLanguageModel(corpus, { order: 3, smoothing: 'kneser-ney' });

  it('logProb is the chain rule over words and </s>, with contexts truncated to n-1 tokens', () => {
    const s = ['the', 'dog', 'ate', 'the', 'fish'];
    const ctx = ['<s>', ...s];
    let expected = 0;
    for (let i = 1; i <= s.length + 1; i++) {
      const word = i <= s.length ? s[i - 1]! : '</s>';
      expected += Math.log(lm.prob(word, ctx.slice(Math.max(0, i - 2), i)));
    }
    expect(lm.logProb(s)).toBeCloseTo(expected, 12);
    expect(lm.tokenLogProbs(s).reduce((a, b) => a + b, 0)).toBeCloseTo(expected, 12);
    expect(lm.tokenLogProbs(s)).toHaveLength(6);
    // a longer context than n-1 tokens is truncated
    expect(lm.prob('sat', ['x', 'y', 'the', 'cat'])).toBe(lm.prob('sat', ['the', 'cat']));
  });

  it('bos/eos options change what is predicted', () => {
    const s = ['the', 'cat'];
    expect(lm.tokenLogProbs(s, { eos: false })).toHaveLength(2);
    expect(lm.logProb(s, { bos: false, eos: false })).toBeCloseTo(
      Math.log(lm.prob('the', [])) + Math.log(lm.prob('cat', ['the'])),
      12,
    );
  });

  it('perplexity = exp(mean NLL) over predicted tokens, counting OOV words', () => {
    const test = [
      ['the', 'cat', 'ate'],
      ['a', 'zebra'],
    ];
    const lps = test.flatMap((s) => lm.tokenLogProbs(s));
    expect(lps).toHaveLength(7);
    const e = lm.evaluate(test);
    expect(e.tokens).toBe(7);
    expect(e.oov).toBe(1);
    expect(e.perplexity).toBeCloseTo(Math.exp(-lps.reduce((a, b) => a + b, 0) / 7), 12);
    expect(lm.perplexity(test)).toBe(e.perplexity);
    // a model that predicts every token with p = 1 has perplexity 1
    const mle = new MleModel(countNgrams([['x', 'y']], { order: 2 }));
    expect(mle.perplexity([['x', 'y']])).toBe(1);
  });

  it('rejects bad input', () => {
    expect(() => lm.prob(3 as unknown as string)).toThrow(ArgumentError);
    expect(() => lm.logProb('the cat' as unknown as string[])).toThrow(/sentence: expected an array/);
    expect(() => lm.evaluate([])).toThrow(/sentences/);
    expect(() => lm.nextTokenDistribution('the' as unknown as string[])).toThrow(/context/);
    expect(() => trainLanguageModel(corpus, { order: 2, smoothing: 'witten-bell' as never })).toThrow(
      /smoothing: expected one of/,
    );
    expect(() => trainLanguageModel(corpus, { order: 0 })).toThrow(/order/);
    expect(() => trainLanguageModel(corpus, { order: 2, smoothing: 'add-k', k: 0 })).toThrow(/k: expected/);
  });
});

describe('LanguageModel.generate', () => {
  it('is deterministic for a seed and follows the only path a deterministic corpus allows', () => {
    const det = new MleModel(countNgrams([['one', 'two', 'three']], { order: 2 }));
    expect(det.generate({ seed: 7 })).toEqual(['one', 'two', 'three']);
    expect(det.generate({ prefix: ['two'], seed: 1 })).toEqual(['three']);
    expect(det.generate({ maxTokens: 2 })).toEqual(['one', 'two']);
  });

  it('samples with the model probabilities (seeded frequencies match)', () => {
    // after <s>: a with p = 3/4, b with p = 1/4
    const lm = new MleModel(countNgrams([['a'], ['a'], ['a'], ['b']], { order: 2 }));
    let a = 0;
    for (let seed = 0; seed < 2000; seed++) if (lm.generate({ seed, maxTokens: 1 })[0] === 'a') a++;
    expect(a / 2000).toBeGreaterThan(0.72);
    expect(a / 2000).toBeLessThan(0.78);
    const cold = Array.from(
      { length: 200 },
      (_, seed) => lm.generate({ seed, maxTokens: 1, temperature: 0.05 })[0],
    );
    expect(cold.every((t) => t === 'a')).toBe(true);
  });

  it('same seed, same text; different seeds differ; no <unk> unless allowed', () => {
    const lm = new KneserNeyModel(countNgrams(corpus, { order: 2, minCount: 2 }));
    const g1 = lm.generate({ seed: 3, maxTokens: 30 });
    expect(lm.generate({ seed: 3, maxTokens: 30 })).toEqual(g1);
    const all = Array.from({ length: 20 }, (_, seed) => lm.generate({ seed, maxTokens: 30 }).join(' '));
    expect(new Set(all).size).toBeGreaterThan(5);
    expect(all.join(' ')).not.toContain('<unk>');
    const withUnk = Array.from({ length: 50 }, (_, seed) =>
      lm.generate({ seed, allowUnknown: true }).join(' '),
    );
    expect(withUnk.join(' ')).toContain('<unk>');
    expect(() => lm.generate({ maxTokens: 0 })).toThrow(/maxTokens/);
    expect(() => lm.generate({ temperature: 0 })).toThrow(/temperature/);
  });
});

describe('training entry points', () => {
  it('accepts any iterable of sentences and shares counts between smoothers', () => {
    function* gen() {
      yield ['a', 'b'];
      yield ['b'];
    }
    const counts = countNgrams(gen(), { order: 2 });
    expect(counts.sentences).toBe(2);
    expect(modelFromCounts(counts, { smoothing: 'laplace' }).prob('b', ['a'])).toBeCloseTo(0.4, 15);
    expect(modelFromCounts(counts, { smoothing: 'mle' }).prob('b', ['a'])).toBe(1);
    expect(modelFromCounts(counts, { smoothing: 'stupid-backoff' }).normalized).toBe(false);
    expect(() => modelFromCounts({} as never)).toThrow(/counts: expected an NgramCounts/);
  });
});
