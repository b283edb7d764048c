import { describe, expect, it } from 'vitest';
import { corpusBleu } from './bleu';
import { aggregateRouge, pairedBootstrapBleu } from './bootstrap';
import { LengthMismatchError } from './errors';
import { rougeScorer } from './rouge';

const refs = Array.from(
  { length: 60 },
  (_, i) => `the quick brown fox number ${i} jumps over the lazy dog today`,
);
const good = refs.map((r, i) => (i % 3 === 0 ? r.replace('lazy', 'sleepy') : r));
const bad = refs.map((r) => r.split(' ').slice(0, 7).join(' '));

describe('pairedBootstrapBleu', () => {
  it('reports the full-corpus difference and a seeded interval around it', () => {
    const r = pairedBootstrapBleu(bad, good, [refs], { samples: 200, seed: 7 });
    expect(r.baseline.score).toBe(corpusBleu(bad, [refs]).score);
    expect(r.system.score).toBe(corpusBleu(good, [refs]).score);
    expect(r.difference).toBeCloseTo(r.system.score - r.baseline.score, 12);
    expect(r.interval[0]).toBeLessThanOrEqual(r.difference);
    expect(r.interval[1]).toBeGreaterThanOrEqual(r.difference);
    expect(r.pValue).toBe(0);
    expect(r.signature).toBe('nrefs:1|bs:200|seed:7|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0');
    expect(pairedBootstrapBleu(bad, good, [refs], { samples: 200, seed: 7 })).toEqual(r);
  });
  it('a system compared with itself has a zero-width interval and p = 1', () => {
    const r = pairedBootstrapBleu(good, good, [refs], { samples: 50 });
    expect(r.interval).toEqual([0, 0]);
    expect(r.pValue).toBe(1);
  });
  it('rejects systems of different lengths', () => {
    expect(() => pairedBootstrapBleu(good, good.slice(1), [refs])).toThrow(LengthMismatchError);
  });
});

describe('aggregateRouge', () => {
  it('mean is exact and the interval brackets it', () => {
    const scorer = rougeScorer({ rougeTypes: ['rouge1', 'rougeL'] });
    const scores = refs.map((r, i) => scorer.score(r, bad[i] as string));
    const agg = aggregateRouge(scores, { samples: 300, seed: 3 });
    const mean = scores.reduce((a, s) => a + (s.rouge1?.fmeasure ?? 0), 0) / scores.length;
    expect(agg.rouge1?.mean.fmeasure).toBeCloseTo(mean, 12);
    expect(agg.rouge1?.low.fmeasure).toBeLessThanOrEqual(agg.rouge1?.mid.fmeasure as number);
    expect(agg.rouge1?.high.fmeasure).toBeGreaterThanOrEqual(agg.rouge1?.mid.fmeasure as number);
    expect(Math.abs((agg.rouge1?.mid.fmeasure as number) - mean)).toBeLessThan(0.01);
    // every pair has recall 7/12 here (7 of 12 target words), so the interval collapses
    expect(agg.rouge1?.low.recall).toBeCloseTo(7 / 12, 12);
    expect(agg.rouge1?.high.recall).toBeCloseTo(7 / 12, 12);
  });
});
