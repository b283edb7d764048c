import { describe, expect, it } from 'vitest';
import { NgramMatcher } from './bleu-counter';

function naive(hyp: string[], refs: string[][], N: number): number[] {
  const count = (t: string[], n: number) => {
    const m = new Map<string, number>();
    for (let i = 0; i + n <= t.length; i++) {
      const k = t.slice(i, i + n).join('\u0001');
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  };
  const out: number[] = [];
  for (let n = 1; n <= N; n++) {
    const max = new Map<string, number>();
    for (const r of refs) for (const [k, c] of count(r, n)) max.set(k, Math.max(max.get(k) ?? 0, c));
    let c = 0;
    for (const [k, h] of count(hyp, n)) c += Math.min(h, max.get(k) ?? 0);
    out.push(c);
  }
  return out;
}

describe('NgramMatcher', () => {
  it('clips exactly like a string-keyed count, through vocabulary resets', () => {
    let seed = 7;
    const rand = (k: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % k;
    };
    const m = new NgramMatcher(4);
    const correct = [0, 0, 0, 0];
    for (let seg = 0; seg < 3000; seg++) {
      // Small alphabets give many repeated n-grams; every 50th segment floods the vocabulary.
      const V = seg % 50 === 0 ? 1e9 : 3 + rand(5);
      const word = () => `w${rand(V)}`;
      const refs = Array.from({ length: 1 + rand(3) }, () =>
        Array.from({ length: seg % 50 === 0 ? 1500 : rand(40) }, word),
      );
      const hyp = Array.from({ length: rand(40) }, word);
      m.maxOrder = 1 + rand(4);
      m.begin();
      const bounds: number[] = [];
      for (const r of refs) {
        const a = m.length;
        for (const t of r) {
          if (rand(2)) m.push(t);
          else m.pushRange(` ${t}!`, 1, t.length + 1);
        }
        bounds.push(a, m.length);
      }
      const hs = m.length;
      for (const t of hyp) m.pushRange(t, 0, t.length);
      m.match(bounds, hs, correct);
      expect(correct.slice(0, m.maxOrder)).toEqual(naive(hyp, refs, m.maxOrder));
    }
  });
});
