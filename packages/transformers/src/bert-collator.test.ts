// The masked-LM collator's statistics (binomial bounds on 100k tokens), its invariants, and NSP pairs.
import { ArgumentError, Generator } from '@glossa/core';
import { describe, expect, it } from 'vitest';
import { makeSentencePairs, maskTokens, padBatch } from './bert-collator';

const V = 1000;
const MASK = 4;
const SPECIAL = [0, 2, 3];

/** 1,000 rows of 100 ids: [CLS] …98 ordinary ids… [SEP], ordinary ids in [5, V). */
function corpus(seed: number): number[][] {
  const g = new Generator(seed);
  return Array.from({ length: 1000 }, () => [2, ...Array.from({ length: 98 }, () => 5 + g.int(V - 5)), 3]);
}

/** |observed − n·p| within 5 standard deviations of a Binomial(n, p) (a false alarm ~1 in 3.5 million). */
function expectBinomial(observed: number, n: number, p: number) {
  const sd = Math.sqrt(n * p * (1 - p));
  expect(Math.abs(observed - n * p), `${observed} of ${n} vs p = ${p}`).toBeLessThan(5 * sd);
}

describe('maskTokens', () => {
  it('selects 15 % of ordinary tokens, of those 80 % [MASK] / 10 % random / 10 % kept; specials never', () => {
    const rows = corpus(1);
    const { inputIds, labels } = maskTokens(rows, {
      maskTokenId: MASK,
      vocabSize: V,
      specialIds: SPECIAL,
      generator: new Generator(7),
    });
    let ordinary = 0;
    let selected = 0;
    let masked = 0;
    let kept = 0;
    let random = 0;
    rows.forEach((row, r) => {
      row.forEach((id, i) => {
        const out = inputIds[r]![i]!;
        const label = labels[r]![i]!;
        if (SPECIAL.includes(id)) {
          expect([out, label]).toEqual([id, -100]);
          return;
        }
        ordinary++;
        if (label === -100) {
          expect(out).toBe(id); // unselected tokens are never changed
          return;
        }
        expect(label).toBe(id);
        selected++;
        if (out === MASK) masked++;
        else if (out === id) kept++;
        else random++;
      });
    });
    expect(ordinary).toBe(98_000);
    expectBinomial(selected, ordinary, 0.15);
    // A random replacement equals the original id with probability 1/V: counted as kept.
    expectBinomial(masked, selected, 0.8);
    expectBinomial(random, selected, 0.1 * (1 - 1 / V));
    expectBinomial(kept, selected, 0.1 + 0.1 / V);
    expect(rows[0]![0]).toBe(2); // the input rows are not changed
  });

  it('same seed, same masks; another seed, other masks', () => {
    const rows = corpus(2).slice(0, 50);
    const opts = { maskTokenId: MASK, vocabSize: V, specialIds: SPECIAL };
    const a = maskTokens(rows, { ...opts, generator: new Generator(3) });
    const b = maskTokens(rows, { ...opts, generator: new Generator(3) });
    const c = maskTokens(rows, { ...opts, generator: new Generator(4) });
    expect(b).toEqual(a);
    expect(c.labels).not.toEqual(a.labels);
  });

  it('random replacements are uniform over the vocabulary (chi-square over 10 bins)', () => {
    const rows = corpus(5);
    const { inputIds, labels } = maskTokens(rows, {
      maskTokenId: MASK,
      vocabSize: V,
      specialIds: SPECIAL,
      maskReplace: 0,
      randomReplace: 1,
      generator: new Generator(9),
    });
    const bins = new Array(10).fill(0);
    let n = 0;
    inputIds.forEach((row, r) => {
      row.forEach((id, i) => {
        if (labels[r]![i] !== -100) {
          bins[Math.floor((id * 10) / V)]++;
          n++;
        }
      });
    });
    const chi2 = bins.reduce((s, o) => s + (o - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(33.7); // χ²(9) at p = 1e-4
  });

  it('rejects bad options and ids with an ArgumentError naming them', () => {
    const o = { maskTokenId: MASK, vocabSize: V, specialIds: SPECIAL };
    expect(() => maskTokens([[1, 2]], { ...o, mlmProbability: 1.5 })).toThrow(/mlmProbability/);
    expect(() => maskTokens([[1, 2]], { ...o, maskReplace: 0.9, randomReplace: 0.2 })).toThrow(
      /randomReplace/,
    );
    expect(() => maskTokens([[1, V]], o)).toThrow(/batch\[0\]\[1\]/);
    expect(() => maskTokens([[1]], { ...o, maskTokenId: V })).toThrow(ArgumentError);
  });
});

describe('makeSentencePairs', () => {
  const sentences = Array.from({ length: 4001 }, (_, i) => [100 + i, 7, 8]);
  it('50 % true next sentences; random ones are never the true next or the sentence itself', () => {
    const pairs = makeSentencePairs(sentences, {
      clsId: 2,
      sepId: 3,
      maxLength: 16,
      generator: new Generator(1),
    });
    expect(pairs.length).toBe(4000);
    const next = pairs.filter((p) => p.nextSentenceLabel === 0).length;
    expectBinomial(next, 4000, 0.5);
    pairs.forEach((p, i) => {
      const b = p.inputIds[5]!; // [CLS] a0 a1 a2 [SEP] b0 …
      expect(p.inputIds.slice(0, 5)).toEqual([2, 100 + i, 7, 8, 3]);
      if (p.nextSentenceLabel === 0) expect(b).toBe(101 + i);
      else expect([100 + i, 101 + i]).not.toContain(b);
      expect(p.tokenTypeIds).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1]);
    });
  });

  it('cuts the longer sentence first to fit maxLength, and pads batches with a mask', () => {
    const long = [Array.from({ length: 10 }, (_, i) => 10 + i), [50, 51], [60, 61, 62]];
    const [p] = makeSentencePairs(long, { clsId: 2, sepId: 3, maxLength: 8, nextProbability: 1 });
    expect(p!.inputIds).toEqual([2, 10, 11, 12, 3, 50, 51, 3]);
    expect(padBatch([[1, 2, 3], [4]], 0)).toEqual({
      ids: [
        [1, 2, 3],
        [4, 0, 0],
      ],
      attentionMask: [
        [1, 1, 1],
        [1, 0, 0],
      ],
    });
    expect(() => makeSentencePairs([[1]], { clsId: 2, sepId: 3, maxLength: 8 })).toThrow(ArgumentError);
  });
});
