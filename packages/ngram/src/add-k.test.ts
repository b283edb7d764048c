import { describe, expect, it } from 'vitest';
import { AddKModel } from './add-k';
import { ArgumentError } from './errors';
import { countNgrams } from './ngram-counts';

const corpus = [['a', 'b'], ['b']]; // V = 4: </s>, <unk>, a, b

describe('AddKModel (hand-computed)', () => {
  it('add-one (Laplace)', () => {
    const lm = new AddKModel(countNgrams(corpus, { order: 2 }));
    expect(lm.prob('b', ['a'])).toBeCloseTo(2 / 5, 15);
    expect(lm.prob('a', ['<s>'])).toBeCloseTo(2 / 6, 15);
    expect(lm.prob('<unk>', ['b'])).toBeCloseTo(1 / 6, 15);
    expect(lm.prob('a', ['zebra'])).toBeCloseTo(1 / 4, 15);
  });

  it('add-k with k = 0.5', () => {
    const lm = new AddKModel(countNgrams(corpus, { order: 2 }), { k: 0.5 });
    expect(lm.prob('b', ['a'])).toBeCloseTo(1.5 / 3, 15);
    expect(lm.prob('a', ['<s>'])).toBeCloseTo(1.5 / 4, 15);
    expect(lm.logProb(['b'])).toBeCloseTo(Math.log(1.5 / 4) + Math.log(2.5 / 4), 14);
  });

  it('rejects k <= 0', () => {
    const counts = countNgrams(corpus, { order: 2 });
    expect(() => new AddKModel(counts, { k: 0 })).toThrow(ArgumentError);
    expect(() => new AddKModel(counts, { k: -1 })).toThrow(/k: expected a finite number > 0, received -1/);
  });
});
