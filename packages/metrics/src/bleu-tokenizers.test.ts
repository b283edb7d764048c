import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tokenize13a, tokenizeRegexp, tokenizeZh } from './bleu-tokenizers';
import { tokenize13aReference, tokenizeRegexpReference } from './bleu-tokenizers-reference';

const fx = JSON.parse(
  readFileSync(new URL('../test/fixtures/sacrebleu-generated.json', import.meta.url), 'utf8'),
);
const segments: string[] = [];
for (const set of Object.values(fx.sets as Record<string, { hyps: string[]; refs: (string | null)[][] }>)) {
  segments.push(...set.hyps);
  for (const stream of set.refs) for (const r of stream) if (typeof r === 'string') segments.push(r);
}

// Mulberry32: deterministic random strings.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Pieces weighted towards the characters the rules care about.
const PIECES =
  '.|,|-|.|,|-|0|1|9|5|a|b|Z| | |  |\'|!|?|"|(|)|/|\\|@|~|{|`|^|_|[|:|;|$|%|&|&amp;|&quot;|&lt;|&gt;|&amp;lt;|<skipped>|<skip|ped>|\n|-\n|\t|\r|\v|\f|\x1c|\x1f|\x85|\xa0|\u1680|\u2000|\u2009|\u200a|\u200b|\u2028|\u202f|\u205f|\u3000|\ufeff|\u180e|é|ß|我|。|，|😀|\ud800|\udc00|１|٣|\u0660|…|–|—|·|x.y|1.5|1,000|3-4|a-b|..|,,|.,.|-.-|5.|.5|,5|5,'.split(
    '|',
  );

function randomString(r: () => number): string {
  const len = Math.floor(r() * 24);
  let s = '';
  for (let i = 0; i < len; i++) {
    if (r() < 0.15) s += String.fromCharCode(Math.floor(r() * 0x3100));
    else s += PIECES[Math.floor(r() * PIECES.length)];
  }
  return s;
}

describe('13a scanner equals the regular-expression pipeline', () => {
  it('on every fixture segment', () => {
    for (const s of segments) {
      expect(tokenize13a(s)).toBe(tokenize13aReference(s));
      expect(tokenizeRegexp(s)).toBe(tokenizeRegexpReference(s));
    }
  });

  it('on 60,000 random strings', () => {
    const r = rng(20240611);
    for (let k = 0; k < 60_000; k++) {
      const s = randomString(r);
      const a = tokenize13a(s);
      const b = tokenize13aReference(s);
      if (a !== b) expect({ s, a }).toEqual({ s, a: b });
      const c = tokenizeRegexp(s);
      const d = tokenizeRegexpReference(s);
      if (c !== d) expect({ s, c }).toEqual({ s, c: d });
    }
  });

  it('on exhaustive short strings over the rule alphabet', () => {
    const alpha = ['.', ',', '-', '1', 'a', ' ', '!', "'"];
    let checked = 0;
    const rec = (s: string, depth: number): void => {
      checked++;
      const a = tokenize13a(s);
      const b = tokenize13aReference(s);
      if (a !== b) expect({ s, a }).toEqual({ s, a: b });
      const c = tokenizeRegexp(s);
      const d = tokenizeRegexpReference(s);
      if (c !== d) expect({ s, c }).toEqual({ s, c: d });
      if (depth === 0) return;
      for (const ch of alpha) rec(s + ch, depth - 1);
    };
    rec('', 6);
    expect(checked).toBe((8 ** 7 - 1) / 7);
  });

  it('zh keeps using the same rules', () => {
    expect(tokenizeZh('我喜欢NLP。1,000.5-3 a.b,')).toBe('我 喜 欢 NLP 。 1,000.5 - 3 a . b ,');
  });
});
