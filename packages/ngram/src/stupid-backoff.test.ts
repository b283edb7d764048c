import { describe, expect, it } from 'vitest';
import { ArgumentError } from './errors';
import { countNgrams } from './ngram-counts';
import { StupidBackoffModel } from './stupid-backoff';

const corpus = [['a', 'b'], ['b']]; // unigram counts a 1, b 2, </s> 2 (N = 5)

describe('StupidBackoffModel (hand-computed)', () => {
  it('backs off with a constant factor and is not normalised', () => {
    const lm = new StupidBackoffModel(countNgrams(corpus, { order: 3 }), { alpha: 0.4 });
    expect(lm.normalized).toBe(false);
    expect(lm.prob('b', ['<s>'])).toBe(0.5);
    expect(lm.prob('b', ['<s>', 'a'])).toBe(1);
    expect(lm.prob('</s>', ['zebra', 'b'])).toBeCloseTo(0.4, 15); // (<unk> b) unseen → 0.4·p(</s> | b)
    expect(lm.prob('a', ['a', 'b'])).toBeCloseTo(0.4 * 0.4 * 0.2, 15);
    expect(lm.prob('<unk>', ['a', 'b'])).toBe(0);
    const d = lm.nextTokenDistribution(['a', 'b']);
    expect(d.get('</s>')).toBe(1);
    expect(d.get('a')).toBeCloseTo(0.032, 15);
    expect(d.get('b')).toBeCloseTo(0.16 * 0.4, 15);
    expect([...d.values()].reduce((s, x) => s + x, 0)).toBeGreaterThan(1);
  });

  it('generates by normalising its scores (seeded)', () => {
    const lm = new StupidBackoffModel(countNgrams([['one', 'two', 'three']], { order: 2 }));
    // after <s> only "one" has a bigram score (1); two, three, </s> back off to 0.4·1/4 each (<unk> is excluded)
    const firsts = Array.from({ length: 400 }, (_, seed) => lm.generate({ seed, maxTokens: 1 })[0] ?? '</s>');
    const share = firsts.filter((t) => t === 'one').length / 400;
    expect(share).toBeGreaterThan(1 / 1.3 - 0.06); // 1 / (1 + 3·0.1) ≈ 0.769
    expect(share).toBeLessThan(1 / 1.3 + 0.06);
  });

  it('rejects alpha outside (0, 1]', () => {
    expect(() => new StupidBackoffModel(countNgrams(corpus, { order: 2 }), { alpha: 0 })).toThrow(
      ArgumentError,
    );
  });
});
