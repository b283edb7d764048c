import { describe, expect, it } from 'vitest';
import { ArgumentError } from './errors';
import { countNgrams } from './ngram-counts';
import { Vocabulary } from './vocabulary';

// "<s> a b </s>" and "<s> b </s>": every token after <s> is an event, counted in every order that fits.
const corpus = [['a', 'b'], ['b']];

describe('countNgrams', () => {
  it('counts every order up to n with one <s> and one </s> per sentence', () => {
    const c = countNgrams(corpus, { order: 3 });
    expect(c.tokens).toBe(5);
    expect(c.sentences).toBe(2);
    expect(c.count(['a'])).toBe(1);
    expect(c.count(['b'])).toBe(2);
    expect(c.count(['</s>'])).toBe(2);
    expect(c.count(['<s>'])).toBe(0); // context only, never predicted
    expect(c.count(['<s>', 'a'])).toBe(1);
    expect(c.count(['b', '</s>'])).toBe(2);
    expect(c.count(['<s>', 'a', 'b'])).toBe(1);
    expect(c.count(['<s>', 'b', '</s>'])).toBe(1);
    expect(c.count(['<s>', '<s>', 'a'])).toBe(0);
    expect(c.count(['b', 'a'])).toBe(0);
    expect([c.distinct(1), c.distinct(2), c.distinct(3)]).toEqual([4, 4, 3]); // unigram <s> node included
  });

  it('computes continuation counts, Kneser-Ney adjusted counts and context totals', () => {
    const c = countNgrams(corpus, { order: 3 });
    const node = (t: string[]) => c.find(t.map((x) => c.vocab.id(x)));
    expect(c.cont[node(['b', '</s>'])]).toBe(2); // a b </s>, <s> b </s>
    expect(c.cont[node(['b'])]).toBe(2); // a b, <s> b
    expect(c.adjusted[node(['b'])]).toBe(2); // continuation count below the top order
    expect(c.adjusted[node(['<s>', 'a'])]).toBe(1); // raw: starts with <s>
    expect(c.adjusted[node(['a', 'b', '</s>'])]).toBe(1); // raw: top order
    expect(c.rawTotal[0]).toBe(5);
    expect(c.adjTotal[0]).toBe(4); // bigram types
    expect(c.adjTypes[0]).toBe(3); // a, b, </s>
    expect(c.rawTotal[node(['<s>'])]).toBe(2);
  });

  it('maps words under minCount to <unk>', () => {
    const c = countNgrams([['x', 'y'], ['x']], { order: 2, minCount: 2 });
    expect(c.vocab.list()).toEqual(['<s>', '</s>', '<unk>', 'x']);
    expect(c.count(['x', '<unk>'])).toBe(1);
    expect(c.count(['y'])).toBe(1); // y is looked up as <unk>
  });

  it('accepts a given vocabulary', () => {
    const vocab = new Vocabulary(['a']);
    const c = countNgrams(corpus, { order: 1, vocabulary: vocab });
    expect(c.count(['<unk>'])).toBe(2);
  });

  it('rejects bad input with typed errors naming the argument', () => {
    expect(() => countNgrams(corpus, { order: 0 })).toThrow(ArgumentError);
    expect(() => countNgrams(corpus, { order: 0 })).toThrow(
      /order: expected an integer in \[1, 255\], received 0/,
    );
    expect(() => countNgrams(corpus, { order: 2.5 })).toThrow(/order/);
    expect(() => countNgrams([], { order: 2 })).toThrow(/sentences: expected a non-empty array/);
    expect(() => countNgrams([[], []], { order: 2 })).toThrow(/empty corpus/);
    expect(() => countNgrams(['a b' as unknown as string[]], { order: 2 })).toThrow(/sentences\[0\]/);
    expect(() => countNgrams([['<s>', 'a']], { order: 2 })).toThrow(/added automatically/);
    expect(() => countNgrams(corpus, { order: 2, minCount: 0 })).toThrow(/minCount/);
    expect(() => countNgrams(corpus, undefined as never)).toThrow(ArgumentError);
  });

  it('handles many nodes (table growth) and keeps counts exact', () => {
    const sentences: string[][] = [];
    for (let i = 0; i < 3000; i++) sentences.push([`w${i % 97}`, `w${(i * 7) % 89}`, `w${i % 13}`]);
    const c = countNgrams(sentences, { order: 4 });
    let expected = 0;
    for (let i = 0; i < 3000; i++) if (i % 97 === 5 && (i * 7) % 89 === 35) expected++;
    expect(c.count(['<s>', 'w5', 'w35'])).toBe(expected);
    expect(c.tokens).toBe(12000);
    expect(c.rawTotal[0]).toBe(12000);
  });
});
