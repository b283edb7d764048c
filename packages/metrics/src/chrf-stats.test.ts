import { describe, expect, it } from 'vitest';
import { chrfSegmentStats } from './chrf';
import { pyRemoveWhitespace } from './py-string';

// String-keyed statistics for one reference, as sacreBLEU computes them (Array.from code points).
function naiveChars(hyp: string, ref: string, N: number, keepWs: boolean): number[] {
  const strip = (s: string) => (keepWs ? s : pyRemoveWhitespace(s));
  const h = Array.from(strip(hyp));
  const r = Array.from(strip(ref));
  const count = (t: string[], n: number) => {
    const m = new Map<string, number>();
    for (let i = 0; i + n <= t.length; i++) {
      const k = t.slice(i, i + n).join('');
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  };
  const out: number[] = [];
  for (let n = 1; n <= N; n++) {
    const hm = count(h, n);
    const rm = count(r, n);
    let match = 0;
    for (const [k, c] of hm) match += Math.min(c, rm.get(k) ?? 0);
    out.push(rm.size > 0 ? Math.max(0, h.length - n + 1) : 0, Math.max(0, r.length - n + 1), match);
  }
  return out;
}

describe('chrF integer-keyed statistics', () => {
  it('equal string-keyed counting on random text with surrogates and whitespace', () => {
    let seed = 99;
    const rand = (k: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % k;
    };
    const alphabet = [
      'a',
      'b',
      'c',
      'ab',
      ' ',
      '\t',
      '\u3000',
      '\x85',
      '😀',
      '😁',
      '\ud800',
      '\udc00',
      'é',
      'e\u0301',
      '1',
      '.',
    ];
    const text = () => Array.from({ length: rand(30) }, () => alphabet[rand(alphabet.length)]).join('');
    for (let k = 0; k < 3000; k++) {
      const hyp = text();
      const ref = text();
      const ws = rand(2) === 1;
      const N = 1 + rand(7);
      const [got] = chrfSegmentStats([hyp], [[ref]], { charOrder: N, whitespace: ws });
      expect(got).toEqual(naiveChars(hyp, ref, N, ws));
    }
  });
});
