import { describe, expect, it } from 'vitest';
import { Generator } from '../random';
import { fastExp } from './fast-exp';
import {
  applyRepetitionPenalty,
  applyTemperature,
  banRepeatedNgrams,
  minPFilter,
  topKFilter,
  topPFilter,
} from './logits-processors';
import { argmax, logSumExp, sampleToken } from './select-token';
import { buildRankHeap, popBest, TopKHeap, topIndices } from './top-indices';

const NEG = Number.NEGATIVE_INFINITY;
const f32 = (v: number[]) => new Float32Array(v);
const kept = (s: Float32Array) => [...s.keys()].filter((i) => s[i]! > NEG);
const logs = (p: number[]) => f32(p.map(Math.log));

/** HF's TopPLogitsWarper, literally: sort ascending, cumulative softmax, remove ≤ 1 − p, keep the last minKeep. */
function hfTopP(scores: Float32Array, p: number, minKeep = 1): number[] {
  const order = [...scores.keys()].sort((a, b) => scores[a]! - scores[b]! || b - a); // ascending; ties: higher id first
  const max = Math.max(...scores);
  const z = order.reduce((s, i) => s + Math.exp(scores[i]! - max), 0);
  let cum = 0;
  const keep: number[] = [];
  order.forEach((i, r) => {
    cum += Math.exp(scores[i]! - max) / z;
    if (cum > 1 - p || r >= order.length - minKeep) keep.push(i);
  });
  return keep.sort((a, b) => a - b);
}

describe('repetition penalty (HF RepetitionPenaltyLogitsProcessor)', () => {
  it('divides positive and multiplies negative scores of seen tokens, once per distinct token', () => {
    const s = applyRepetitionPenalty(f32([3, -1, 2, 0, -4]), [0, 1, 0, 0, 3, 1], 1.5);
    expect(Array.from(s)).toEqual([2, -1.5, 2, 0, -4]);
  });
  it('penalty < 1 encourages repeats; 1 is a no-op', () => {
    expect(Array.from(applyRepetitionPenalty(f32([2, -2]), [0, 1], 0.5))).toEqual([4, -1]);
    expect(Array.from(applyRepetitionPenalty(f32([2, -2]), [0, 1], 1))).toEqual([2, -2]);
  });
});

describe('no-repeat n-grams (HF NoRepeatNGramLogitsProcessor)', () => {
  const banned = (tokens: number[], n: number, v = 6) =>
    kept(banRepeatedNgrams(new Float32Array(v), tokens, n));
  it('bans the tokens that followed earlier occurrences of the last n − 1 tokens', () => {
    // trigrams: 1 2 3, 2 3 1, 3 1 2, 1 2 4, 2 4 1, 4 1 2 → after "1 2": 3 and 4 banned
    expect(banned([1, 2, 3, 1, 2, 4, 1, 2], 3)).toEqual([0, 1, 2, 5]);
    expect(banned([1, 2, 3, 1, 2], 2)).toEqual([0, 1, 2, 4, 5]); // bigram "2 3" → 3 banned
  });
  it('bans nothing until the sequence can hold an n-gram; n = 1 bans every seen token; 0 is off', () => {
    expect(banned([1, 1], 4)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(banned([1, 2, 1], 3)).toEqual([0, 1, 2, 3, 4, 5]); // no trigram starts with "2 1"
    expect(banned([1, 2, 1, 2], 3)).toEqual([0, 2, 3, 4, 5]); // "1 2 1" → after "1 2", 1 is banned
    expect(banned([4, 2, 4], 1)).toEqual([0, 1, 3, 5]);
    expect(banned([4, 4, 4], 0)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('temperature, top-k, top-p, min-p (HF warpers)', () => {
  it('temperature divides', () => {
    expect(Array.from(applyTemperature(f32([2, -1, 0.5]), 0.5))).toEqual([4, -2, 1]);
  });

  it('top-k keeps the k largest and every tie of the k-th; k ≥ V or fewer finite keeps all; 0 is off', () => {
    expect(kept(topKFilter(f32([1, 3, 2, 2, 0]), 2))).toEqual([1, 2, 3]);
    expect(kept(topKFilter(f32([1, 3, 2, 2, 0]), 3))).toEqual([1, 2, 3]);
    expect(kept(topKFilter(f32([1, 3, 2, 2, 0]), 1))).toEqual([1]);
    expect(kept(topKFilter(f32([1, 3, 2]), 9))).toEqual([0, 1, 2]);
    expect(kept(topKFilter(f32([1, NEG, 2]), 3))).toEqual([0, 2]);
    expect(kept(topKFilter(f32([1, 3, 2]), 0))).toEqual([0, 1, 2]);
    expect(kept(topKFilter(f32([1, 3, 2]), 1, 2))).toEqual([1, 2]); // minTokensToKeep
  });

  it('top-p keeps the smallest prefix reaching p (hand-computed sets)', () => {
    const p = logs([0.1, 0.5, 0.15, 0.25]); // order 1 (0.5), 3 (0.25), 2 (0.15), 0 (0.1)
    expect(kept(topPFilter(p.slice(), 0.4))).toEqual([1]);
    expect(kept(topPFilter(p.slice(), 0.6))).toEqual([1, 3]); // mass before 3 is 0.5 < 0.6
    expect(kept(topPFilter(p.slice(), 0.8))).toEqual([1, 2, 3]);
    expect(kept(topPFilter(p.slice(), 0.95))).toEqual([0, 1, 2, 3]);
    expect(kept(topPFilter(p.slice(), 1))).toEqual([0, 1, 2, 3]);
    expect(kept(topPFilter(p.slice(), 0.01))).toEqual([1]); // min_tokens_to_keep = 1
    expect(kept(topPFilter(p.slice(), 0.01, 3))).toEqual([1, 2, 3]);
  });

  it('top-p on ties: equal scores rank by token id; an exact boundary mass is not kept beyond', () => {
    // four equal tokens, p = 0.5: mass before the 3rd is exactly 0.5, so two are kept (HF too)
    expect(kept(topPFilter(f32([0, 0, 0, 0]), 0.5))).toEqual([0, 1]);
    expect(kept(topPFilter(f32([0, 0, 0, 0]), 0.51))).toEqual([0, 1, 2]);
    expect(kept(topPFilter(f32([1, 0, 1, 0]), 0.6))).toEqual([0, 2]);
    expect(kept(topPFilter(f32([0, NEG, 0, 5]), 0.999))).toEqual([0, 2, 3]);
  });

  it('top-p equals HF’s sort-based rule on 200 random rows up to V = 5000 (distinct scores)', () => {
    const g = new Generator(7);
    for (let t = 0; t < 200; t++) {
      const v = [5, 50, 700, 5000][t % 4]!;
      const row = g.fillNormal(new Float32Array(v), 0, [0.3, 1, 3, 8][t % 4]!);
      const p = [0.05, 0.5, 0.9, 0.999][Math.floor(t / 4) % 4]!;
      const minKeep = t % 7 === 0 ? 3 : 1;
      expect(kept(topPFilter(row.slice(), p, minKeep)), `row ${t}, p ${p}`).toEqual(hfTopP(row, p, minKeep));
    }
  });

  it('top-p equals the sort-based rule with ties, removed tokens and scores spread beyond e^−64', () => {
    const g = new Generator(8);
    for (let t = 0; t < 120; t++) {
      const v = [40, 900, 3000][t % 3]!;
      const row = g.fillNormal(new Float32Array(v), 0, [1, 4, 40][Math.floor(t / 3) % 3]!);
      if (t % 2 === 0) for (let i = 0; i < v; i++) row[i] = Math.round(row[i]! * 2) / 2; // many ties
      for (let i = 0; i < v; i += 5 + (t % 4)) row[i] = NEG;
      const p = [0.3, 0.8, 0.99][t % 3]!;
      const minKeep = [1, 1, 4, 60][t % 4]!;
      const ref = hfTopP(row.map((x) => (x === NEG ? -1e30 : x)) as Float32Array, p, minKeep).filter(
        (i) => row[i]! > NEG,
      );
      expect(kept(topPFilter(row.slice(), p, minKeep)), `row ${t}`).toEqual(ref);
    }
  });

  it('min-p removes probabilities below minP × the top one; keeps minTokensToKeep', () => {
    const p = logs([0.5, 0.25, 0.04, 0.21]);
    expect(kept(minPFilter(p.slice(), 0.1))).toEqual([0, 1, 3]); // 0.04 < 0.05
    expect(kept(minPFilter(p.slice(), 0.45))).toEqual([0, 1]); // 0.21 < 0.225
    expect(kept(minPFilter(p.slice(), 1))).toEqual([0]);
    expect(kept(minPFilter(p.slice(), 1, 2))).toEqual([0, 1]);
    expect(kept(minPFilter(p.slice(), 0))).toEqual([0, 1, 2, 3]);
    expect(kept(minPFilter(f32([2, 2, 0]), 0.9))).toEqual([0, 1]);
  });
});

describe('selection helpers', () => {
  it('topIndices and TopKHeap: largest first, ties by index, skip -Infinity/NaN', () => {
    expect(Array.from(topIndices(f32([0.5, 2, NEG, 2, 1, Number.NaN]), 3))).toEqual([1, 3, 4]);
    expect(Array.from(topIndices(f32([NEG, 1]), 3))).toEqual([1]);
    const g = new Generator(3);
    const row = g.fillNormal(new Float32Array(3000));
    for (let i = 0; i < 3000; i += 7) row[i] = 0.5; // many ties
    const ref = [...row.keys()].sort((a, b) => row[b]! - row[a]! || a - b);
    for (const k of [1, 2, 17, 500, 3000]) expect(Array.from(topIndices(row, k))).toEqual(ref.slice(0, k));
    const ids = Int32Array.from(row.keys());
    buildRankHeap(row, ids, ids.length);
    const popped = Array.from({ length: 300 }, (_, k) => popBest(row, ids, ids.length - k));
    expect(popped).toEqual(ref.slice(0, 300));
    const heap = new TopKHeap(2);
    for (const [i, v] of [5, 1, 7, 5].entries()) if (v > heap.floor) heap.push(v, i);
    expect(heap.sorted()).toEqual({ ids: [2, 0], values: [7, 5] });
  });

  it('argmax takes the first maximum; fastExp matches Math.exp to 1e-11', () => {
    expect(argmax(f32([0.1, 3, 3, -1]))).toBe(1);
    expect(argmax(f32([NEG, NEG]))).toBe(0);
    for (let x = -70; x <= 0; x += 0.00731) {
      expect(Math.abs(fastExp(x) - Math.exp(x))).toBeLessThanOrEqual(Math.exp(x) * 1e-11 + 1e-27);
    }
    expect(fastExp(NEG)).toBe(0);
    expect(fastExp(1)).toBe(Math.E);
    expect(logSumExp(f32([0, 0]))).toBeCloseTo(Math.LN2, 12);
  });

  it('sampleToken: seeded, never draws removed tokens, frequencies match the softmax', () => {
    const probs = [0.05, 0.4, 0, 0.25, 0.3];
    const row = logs(probs);
    const g = new Generator(11);
    const n = 40_000;
    const counts = new Array(5).fill(0);
    for (let i = 0; i < n; i++) counts[sampleToken(row, g)]++;
    expect(counts[2]).toBe(0);
    for (let t = 0; t < 5; t++) {
      const sd = Math.sqrt((probs[t]! * (1 - probs[t]!)) / n);
      expect(Math.abs(counts[t]! / n - probs[t]!)).toBeLessThanOrEqual(4 * sd + 1e-9);
    }
    const a = new Generator(5);
    const b = new Generator(5);
    for (let i = 0; i < 50; i++) expect(sampleToken(row, a)).toBe(sampleToken(row, b));
    expect(sampleToken(f32([NEG, NEG, NEG]), g)).toBe(0);
  });
});
