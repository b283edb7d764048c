import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TiktokenTokenizer } from '../src/index';
import { getEncoding } from '../src/node';

const here = dirname(fileURLToPath(import.meta.url));

/** A file of test/fixtures (everything the tests read is in the repository). */
export function fixtureFile(name: string): string {
  return join(here, 'fixtures', name);
}

/** The OpenAI encodings glossa ships. */
export const ENCODING_NAMES = ['r50k_base', 'p50k_base', 'p50k_edit', 'cl100k_base', 'o200k_base'] as const;

const cache = new Map<string, TiktokenTokenizer>();
/** A shipped tiktoken encoding, read synchronously (cached per test file). */
export function encoding(name: string): TiktokenTokenizer {
  let e = cache.get(name);
  if (!e) {
    e = getEncoding(name);
    cache.set(name, e);
  }
  return e;
}

/** The first 98,275 bytes of Tiny Shakespeare (test/fixtures/README.md). */
export const shakespeare: string = readFileSync(fixtureFile('tinyshakespeare-96k.txt'), 'utf8');

export interface BpeFixture {
  cases: { id: number; text: string; tokens: Record<string, number[]> }[];
}

/** Strings with js-tiktoken's ids for r50k_base, p50k_base, cl100k_base and o200k_base. */
export const fixture: BpeFixture = JSON.parse(readFileSync(fixtureFile('bpe.public.json'), 'utf8'));

/** Mulberry32: small seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random string mixing ASCII, Latin-1, CJK, emoji (with ZWJ and skin tones), combining marks, spaces and lone surrogates. */
export function randomText(r: () => number, len: number, loneSurrogates = true): string {
  const pools: (() => string)[] = [
    () => String.fromCharCode(32 + Math.floor(r() * 95)),
    () => ' \n\t\r\u00a0\u3000'[Math.floor(r() * 6)]!,
    () => String.fromCharCode(0xa0 + Math.floor(r() * 0x160)),
    () => String.fromCharCode(0x4e00 + Math.floor(r() * 0x5000)),
    () => String.fromCodePoint(0x1f300 + Math.floor(r() * 0x300)),
    () => '\u200d',
    () => String.fromCodePoint(0x1f3fb + Math.floor(r() * 5)),
    () => String.fromCharCode(0x300 + Math.floor(r() * 0x70)),
    () => String.fromCharCode(0x600 + Math.floor(r() * 0x100)),
    () => String.fromCharCode(0x900 + Math.floor(r() * 0x80)),
    () => "'s",
    () => '0123456789'[Math.floor(r() * 10)]!,
  ];
  if (loneSurrogates) pools.push(() => String.fromCharCode(0xd800 + Math.floor(r() * 0x800)));
  let s = '';
  while (s.length < len) s += pools[Math.floor(r() * pools.length)]!();
  return s;
}

/** `s` with lone surrogates replaced by U+FFFD (what UTF-8 can carry). */
export function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/**
 * A tiny rank table for unit tests: all 256 bytes (rank = byte), then the given merges' results in
 * order. Returns the tiktoken file text.
 */
export function tinyRanks(extra: (string | number[])[]): string {
  const lines: string[] = [];
  for (let b = 0; b < 256; b++) lines.push(`${Buffer.from([b]).toString('base64')} ${b}`);
  for (const [i, t] of extra.entries()) {
    const bytes = typeof t === 'string' ? Buffer.from(t, 'utf8') : Buffer.from(t);
    lines.push(`${bytes.toString('base64')} ${256 + i}`);
  }
  return `${lines.join('\n')}\n`;
}
