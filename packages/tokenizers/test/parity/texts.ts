import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Committed sample lines: Shakespeare, French, Chinese, Japanese, Korean, Arabic, Hebrew, Hindi, Thai, … */
export const SAMPLE_LINES: readonly string[] = readFileSync(
  join(here, '..', 'fixtures', 'parity-sample.txt'),
  'utf8',
)
  .split('\n')
  .filter((l) => l.length > 0);

/** Mulberry32. */
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

const WHITESPACE = [
  ' ',
  '  ',
  '   ',
  '\t',
  '\n',
  '\n\n',
  '\n\n\n',
  '\r\n',
  ' \n ',
  '  \t\n',
  '\u00a0',
  '\u3000',
  '\u2003',
  '\u0085',
  '\u200b',
  '\ufeff',
  '        ',
];
const MARKS = [
  'e\u0301',
  'a\u0308\u0304',
  'Z\u0351\u0352\u0353\u0354',
  '\u0301',
  'n\u0303o',
  '\u1100\u1161\u11a8',
  'क्षि',
  'ﷺ',
  'ǅ',
];
const NUMBERS = [
  '0',
  '7',
  '42',
  '1234',
  '3.14159',
  '1,000,000',
  '２０２４',
  '½',
  '²³',
  'Ⅻ',
  '٣٤٥',
  '१२३',
  '𝟙𝟚',
];
const SYMBOLS = [
  '...',
  '!?',
  '—',
  '“quoted”',
  "'s",
  "'LL",
  "'Re",
  "n't",
  '(',
  ')]}',
  '<',
  '>',
  '</',
  '|',
  '@#$%',
  '->',
  '::',
  '\u0000',
  '\u0007',
  '\u001b[0m',
  '\\',
];
const EMOJI = ['😀', '👩🏾‍💻', '🇫🇷', '❤️', '🤷‍♀️', '1️⃣', '🧑‍🤝‍🧑', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '🏳️‍🌈'];
/** Lone surrogates: Hugging Face reads each as U+FFFD (napi's UTF-8 conversion); glossa does the same. */
const LONE = ['\ud800', '\udfff', '\udc00\ud800', 'a\ud83d', '\ude00b'];

/**
 * Deterministic varied texts for parity checks: sample lines and their words, whitespace runs, combining
 * marks, numbers, symbols, emoji, lone surrogates, the given special tokens written in the text (and near
 * misses), and a few long runs.
 */
export function parityTexts(specials: readonly string[], count: number, seed = 1): string[] {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const words = SAMPLE_LINES.flatMap((l) => l.split(/\s+/)).filter(Boolean);
  const near = specials.flatMap((s) => [s.slice(0, -1), s.slice(1), s.toUpperCase(), `${s}${s}`]);
  const pools: (() => string)[] = [
    () => pick(SAMPLE_LINES),
    () => pick(words),
    () => pick(words),
    () => pick(WHITESPACE),
    () => pick(MARKS),
    () => pick(NUMBERS),
    () => pick(SYMBOLS),
    () => pick(EMOJI),
    () => pick(LONE),
    () => (specials.length ? pick(specials) : pick(words)),
    () => (near.length ? pick(near) : pick(SYMBOLS)),
  ];
  const out: string[] = [...SAMPLE_LINES, SAMPLE_LINES.join('\n'), ''];
  out.push('a'.repeat(3000), ' '.repeat(500), '\n'.repeat(300), `${'ab'.repeat(800)}!`, '你好'.repeat(700));
  out.push(
    `${' '.repeat(7)}x${'\t'.repeat(5)}y\n\n\n\nz   `,
    '\u00a0 \u00a0\u3000\u3000',
    'é'.normalize('NFD').repeat(40),
  );
  for (const s of specials) out.push(s, ` ${s} `, `x${s}y`, `${s}\n${s}`, `  ${s}hello${s}  `);
  while (out.length < count) {
    const parts = 1 + Math.floor(r() * 12);
    let s = '';
    for (let k = 0; k < parts; k++) {
      s += pick(pools)();
      const sep = r();
      if (sep < 0.55) s += ' ';
      else if (sep < 0.7) s += pick(WHITESPACE);
    }
    out.push(s);
  }
  return out.slice(0, Math.max(count, out.length));
}
