import { describe, expect, it } from 'vitest';
import { fromTokenizerJson } from '../src/index';
import { encoding, randomText, rng, wellFormed } from './helpers';

const NAMES = ['r50k_base', 'p50k_base', 'cl100k_base', 'o200k_base'] as const;

describe.each(NAMES)('%s: arbitrary Unicode round-trips', (name) => {
  it('decode(encode(s)) === s for random strings (emoji, ZWJ, combining marks, CJK, Arabic…)', () => {
    const enc = encoding(name);
    const r = rng(1234);
    for (let i = 0; i < 400; i++) {
      const s = randomText(r, Math.floor(r() * 80), false);
      const e = enc.encode(s);
      expect(enc.decode(e.ids)).toBe(s);
      expect(enc.countTokens(s)).toBe(e.ids.length);
      // offsets: inside the text, ordered, and together they cover it
      let prevEnd = 0;
      for (const [a, b] of e.offsets) {
        expect(a).toBeLessThanOrEqual(b);
        expect(a).toBeGreaterThanOrEqual(Math.min(prevEnd, a));
        expect(b).toBeLessThanOrEqual(s.length);
        prevEnd = b;
      }
      if (s.length) expect(prevEnd).toBe(s.length);
      // streaming decode gives the same text, never a broken character
      const st = enc.decodeStream();
      const parts = e.ids.map((id) => st.write(id));
      parts.push(st.flush());
      expect(parts.join('')).toBe(s);
      for (const p of parts) expect(p).not.toMatch(/\ufffd/);
    }
  });

  it('lone surrogates are encoded as U+FFFD (what UTF-8 and TextEncoder allow); the rest round-trips', () => {
    const enc = encoding(name);
    expect(enc.encode('a\ud800b').ids).toEqual(enc.encode('a\ufffdb').ids);
    expect(enc.decode(enc.encode('x\udc00').ids)).toBe('x\ufffd');
    expect(enc.encode('a\ud800b').offsets.at(-1)).toEqual([2, 3]);
    const r = rng(99);
    for (let i = 0; i < 200; i++) {
      const s = randomText(r, Math.floor(r() * 60), true);
      expect(enc.decode(enc.encode(s).ids)).toBe(wellFormed(s));
    }
  });
});

describe('the tokenizer.json form of r50k_base agrees with the rank form on random text', () => {
  it('same ids and offsets', () => {
    const enc = encoding('r50k_base');
    const hf = fromTokenizerJson(enc.toTokenizerJson());
    const r = rng(5);
    for (let i = 0; i < 300; i++) {
      const s = randomText(r, Math.floor(r() * 60), true);
      const a = enc.encode(s);
      const b = hf.encode(s);
      expect(b.ids).toEqual(a.ids);
      expect(b.offsets).toEqual(a.offsets);
      expect(hf.decode(b.ids)).toBe(wellFormed(s));
    }
  });
});
