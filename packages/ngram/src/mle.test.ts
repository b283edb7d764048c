import { describe, expect, it } from 'vitest';
import { MleModel } from './mle';
import { countNgrams } from './ngram-counts';

const corpus = [['a', 'b'], ['b']]; // events: a|<s> b|a </s>|b b|<s> </s>|b

describe('MleModel (hand-computed)', () => {
  it('bigram relative frequencies', () => {
    const lm = new MleModel(countNgrams(corpus, { order: 2 }));
    expect(lm.prob('b', ['a'])).toBe(1);
    expect(lm.prob('a', ['<s>'])).toBe(0.5);
    expect(lm.prob('a', ['b'])).toBe(0);
    expect(lm.prob('a', ['zebra'])).toBe(0); // unseen context
    expect(lm.logProb(['a', 'b'])).toBeCloseTo(Math.log(0.5), 14);
    expect(lm.perplexity([['a', 'b']])).toBeCloseTo(2 ** (1 / 3), 14);
    expect(lm.perplexity([['b', 'a']])).toBe(Infinity);
  });

  it('unigram relative frequencies exclude <s>', () => {
    const lm = new MleModel(countNgrams(corpus, { order: 1 }));
    expect(lm.prob('a')).toBe(0.2);
    expect(lm.prob('b', ['ignored', 'context'])).toBe(0.4);
    expect(lm.prob('</s>')).toBe(0.4);
    expect(lm.prob('<s>')).toBe(0);
  });
});
