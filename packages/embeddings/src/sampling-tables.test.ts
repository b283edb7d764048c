import { describe, expect, it } from 'vitest';
import {
  cumulativeTable,
  drawFromTable,
  keepProbabilities,
  sampleThresholds,
  subsamplingThreshold,
} from './sampling-tables';

describe('negative-sampling table (gensim make_cum_table)', () => {
  it('is the rounded cumulative share of count^0.75', () => {
    // 16^0.75 = 8 and 1^0.75 = 1: shares 8/9 and 9/9 of the domain.
    expect([...cumulativeTable([16, 1], 0.75, 9)]).toEqual([8, 9]);
    expect([...cumulativeTable([1, 1, 1, 1], 0.75, 100)]).toEqual([25, 50, 75, 100]);
    // Python's round: 2.5 → 2 (half to even).
    expect([...cumulativeTable([1, 1], 0.75, 5)]).toEqual([2, 5]);
  });

  it('matches gensim 4.2 on counts 1000, 100, 5 (domain 2^31 − 1)', () => {
    // gensim: Word2Vec(min_count=1).build_vocab([['a']*1000 + ['b']*100 + ['c']*5]).cum_table
    expect([...cumulativeTable([1000, 100, 5])]).toEqual([1794608133, 2113739603, 2147483647]);
  });

  it('draws each word for exactly its share of the domain', () => {
    // 81^0.75 = 27, 16^0.75 = 8, 1: table [27, 35, 36]; every r in [0, 36) once.
    const table = cumulativeTable([81, 16, 1], 0.75, 36);
    expect([...table]).toEqual([27, 35, 36]);
    const hits = [0, 0, 0];
    for (let r = 0; r < 36; r++) hits[drawFromTable(table, r)]!++;
    expect(hits).toEqual([27, 8, 1]);
  });
});

describe('frequent-word subsampling (gensim prepare_vocab)', () => {
  it('uses t = sample × retained words, or the sample ≥ 1 shorthand, or keeps everything at 0', () => {
    expect(subsamplingThreshold(1e-3, 1_000_000)).toBeCloseTo(1000, 9);
    expect(subsamplingThreshold(10, 123)).toBe(26); // floor(10 · (3 + √5) / 2) = floor(26.18)
    expect(subsamplingThreshold(0, 123)).toBe(123);
  });

  it('keeps a word of count c with probability min(1, (√(c/t) + 1)·t/c)', () => {
    // counts 1000, 100, 5 (1105 words), sample 1e-3 → t = 1.105:
    //   c = 1000: (√(1000/1.105) + 1) · 1.105/1000 = (30.0829 + 1) · 0.001105 = 0.0343465
    //   c = 100:  (√(100/1.105) + 1) · 1.105/100  = (9.5130 + 1) · 0.01105   = 0.1161690
    //   c = 5:    (√(5/1.105) + 1) · 1.105/5      = (2.1272 + 1) · 0.221     = 0.6911064
    const p = keepProbabilities([1000, 100, 5], 1e-3);
    expect(p[0]).toBeCloseTo(0.0343465, 6);
    expect(p[1]).toBeCloseTo(0.116169, 6);
    expect(p[2]).toBeCloseTo(0.6911064, 6);
    expect([...keepProbabilities([1000, 5], 1e-3, 10_000)]).toEqual([0.11, 1]);
    expect([...keepProbabilities([7, 3], 0)]).toEqual([1, 1]);
  });

  it('turns probabilities into gensim sample_int thresholds', () => {
    // gensim: [147517267, 498941970, 2968279260] for the counts above.
    expect([...sampleThresholds(keepProbabilities([1000, 100, 5], 1e-3))]).toEqual([
      147517267, 498941970, 2968279260,
    ]);
    expect([...sampleThresholds([1, 0.5, 0])]).toEqual([4294967295, 2147483647, 0]);
  });
});
