import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, fixtureFile, randomText, rng, shakespeare } from '../../test/helpers';
import { PATTERNS } from './patterns';
import { scanCl100k, scanO200k, scanR50k } from './scanner';

function viaRegex(pattern: string, text: string): string[] {
  return Array.from(text.matchAll(new RegExp(pattern, 'gu')), (m) => m[0]);
}

function viaScanner(scan: (t: string, i: number) => number, text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const e = scan(text, i);
    out.push(text.slice(i, e));
    i = e;
  }
  return out;
}

const CASES = [
  ['r50k', scanR50k],
  ['cl100k', scanCl100k],
  ['o200k', scanO200k],
] as const;

const EDGE = [
  "I'm you'RE it'S 'll 'LL x'd",
  '  hello\n\n  world \t\r\n x',
  'Ünïcödé naïve e\u0301 \u0301\u0301 x\u0301y',
  'ΑΒΓ δεζ ABCdef abcDEF ǅungla ʰʰx 中文 カタカナ',
  '12345 6789 ½¾ ①② ٣٤٥',
  '!!! ?? ... //\n/ x/\r\n',
  '😀😀 👩🏾‍💻 🇯🇵 a😀b',
  '\ud800 \udc00x \ud83d',
  '\u00a0\u00a0a \u3000\u3000b \u2028 \u2029',
  'a\n\n\nb   \n   c    ',
  "can't WON'T shouldn't",
];

describe.each(CASES)('hand-written %s scanner equals the regex', (name, scan) => {
  const pattern = PATTERNS[name];
  it('on edge cases and every fixture string', () => {
    for (const s of [...EDGE, ...fixture.cases.map((c) => c.text)]) {
      expect(viaScanner(scan, s), JSON.stringify(s)).toEqual(viaRegex(pattern, s));
    }
  });

  it('on random strings (letters of all cases, marks, digits, spaces, emoji, lone surrogates)', () => {
    const r = rng(name.length * 7919);
    for (let k = 0; k < 2000; k++) {
      const s = randomText(r, Math.floor(r() * 40), true);
      expect(viaScanner(scan, s), JSON.stringify(s)).toEqual(viaRegex(pattern, s));
    }
  });

  it('on dense strings over an alphabet of tricky characters', () => {
    const alphabet = [
      ..."'sSlLeErREvV \n\r\t\u00a01!/\u0301ʰǅA中😀x٣Ωω\u2028",
      '\ud800',
      '\udc00',
      '\u3000',
      'ß',
    ];
    const r = rng(17 + name.length);
    for (let k = 0; k < 5000; k++) {
      let s = '';
      const n = Math.floor(r() * 12);
      for (let j = 0; j < n; j++) s += alphabet[Math.floor(r() * alphabet.length)];
      expect(viaScanner(scan, s), JSON.stringify(s)).toEqual(viaRegex(pattern, s));
    }
  });

  it('on Tiny Shakespeare (96 kB) and the UDHR in 27 languages', () => {
    expect(viaScanner(scan, shakespeare)).toEqual(viaRegex(pattern, shakespeare));
    const udhr = readFileSync(fixtureFile('multilingual.txt'), 'utf8');
    expect(viaScanner(scan, udhr)).toEqual(viaRegex(pattern, udhr));
  });
});
