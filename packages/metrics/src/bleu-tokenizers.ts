import { pySplit, pyStrip } from './py-string.js';

/** Names of the BLEU tokenizers, as in sacreBLEU. */
export const BLEU_TOKENIZERS = ['13a', 'none', 'intl', 'char', 'zh'] as const;
/** A sacreBLEU tokenizer name. */
export type BleuTokenizerName = (typeof BLEU_TOKENIZERS)[number];

// mteval-v13a post-tokenizer rules (sacreBLEU's TokenizerRegexp), applied in order.
// Rule 1: isolate ASCII punctuation and symbols: { | } ~ [ \ ] ^ _ ` ! " # $ % & ( ) * + : ; < = > ? @ /
// (mteval also pads the space character itself; that only adds whitespace, which the final split
// removes, and no later rule distinguishes one space from three, so we skip it for speed).
const RE_13A_PUNCT = /([\x7b-\x7e\x5b-\x60\x21-\x26\x28-\x2b\x3a-\x40\x2f])/g;
// Rule 2/3: period and comma unless preceded/followed by a digit.
const RE_13A_PERIOD_AFTER = /([^0-9])([.,])/g;
const RE_13A_PERIOD_BEFORE = /([.,])([^0-9])/g;
// Rule 4: dash preceded by a digit.
const RE_13A_DASH = /([0-9])(-)/g;

function joinTokens(s: string): string {
  return pySplit(s).join(' ');
}

/** sacreBLEU's shared post-tokenizer for '13a' and 'zh' (mteval-v13a regular expressions). */
export function tokenizeRegexp(line: string): string {
  let s = line.replace(RE_13A_PUNCT, ' $1 ');
  if (s.includes('.') || s.includes(',')) {
    s = s.replace(RE_13A_PERIOD_AFTER, '$1 $2 ');
    s = s.replace(RE_13A_PERIOD_BEFORE, ' $1 $2');
  }
  if (s.includes('-')) s = s.replace(RE_13A_DASH, '$1 $2 ');
  return joinTokens(s);
}

/**
 * The mteval-v13a tokenizer used by WMT and sacreBLEU's default (`tok:13a`).
 *
 * @example
 * ```ts
 * tokenize13a("It wasn't surprising."); // "It wasn ' t surprising ."
 * ```
 */
export function tokenize13a(line: string): string {
  let s = line;
  if (s.includes('<skipped>')) s = s.split('<skipped>').join('');
  if (s.includes('\n')) s = s.split('-\n').join('').split('\n').join(' ');
  if (s.includes('&')) {
    s = s.split('&quot;').join('"').split('&amp;').join('&').split('&lt;').join('<').split('&gt;').join('>');
  }
  return tokenizeRegexp(` ${s} `);
}

const RE_INTL_1 = /(\P{N})(\p{P})/gu;
const RE_INTL_2 = /(\p{P})(\P{N})/gu;
const RE_INTL_3 = /(\p{S})/gu;

/**
 * The mteval-v14 international tokenizer (`tok:intl`): splits on Unicode punctuation and symbols,
 * except punctuation between digits.
 *
 * @example
 * ```ts
 * tokenizeIntl('Ça coûte 1,5 €!'); // "Ça coûte 1,5 € !"
 * ```
 */
export function tokenizeIntl(line: string): string {
  let s = line.replace(RE_INTL_1, '$1 $2 ');
  s = s.replace(RE_INTL_2, ' $1 $2');
  s = s.replace(RE_INTL_3, ' $1 ');
  return joinTokens(s);
}

/**
 * Character tokenizer (`tok:char`): every code point becomes a token.
 *
 * @example
 * ```ts
 * tokenizeChar('abc'); // "a b c"
 * ```
 */
export function tokenizeChar(line: string): string {
  return Array.from(line).join(' ');
}

// sacreBLEU's CJK ranges for 'zh'. Two of its ranges are written in Python as 5-hex-digit `\u`
// escapes ('\u20000', '\u2f800', ...), which Python reads as a 4-digit escape plus a literal digit;
// compared against one character, they act as U+2001..U+2A6D and U+2F81..U+2FA1. We reproduce that
// behaviour exactly so that scores stay identical to sacreBLEU.
const ZH_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x3400, 0x4db5],
  [0x4e00, 0x9fa5],
  [0x9fa6, 0x9fbb],
  [0xf900, 0xfa2d],
  [0xfa30, 0xfa6a],
  [0xfa70, 0xfad9],
  [0x2001, 0x2a6d],
  [0x2f81, 0x2fa1],
  [0xff00, 0xffef],
  [0x2e80, 0x2eff],
  [0x3000, 0x303f],
  [0x31c0, 0x31ef],
  [0x2f00, 0x2fdf],
  [0x2ff0, 0x2fff],
  [0x3100, 0x312f],
  [0x31a0, 0x31bf],
  [0xfe10, 0xfe1f],
  [0xfe30, 0xfe4f],
  [0x2600, 0x26ff],
  [0x2700, 0x27bf],
  [0x3200, 0x32ff],
  [0x3300, 0x33ff],
];

/** Whether sacreBLEU's 'zh' tokenizer treats this code point as a Chinese character. */
export function isSacrebleuChineseChar(codePoint: number): boolean {
  if (codePoint < 0x2001 || codePoint > 0xffef) return false;
  for (const [lo, hi] of ZH_RANGES) if (codePoint >= lo && codePoint <= hi) return true;
  return false;
}

/**
 * sacreBLEU's Chinese tokenizer (`tok:zh`): each CJK character is a token, the rest goes through
 * the 13a regular expressions.
 *
 * @example
 * ```ts
 * tokenizeZh('我喜欢NLP。'); // "我 喜 欢 NLP 。"
 * ```
 */
export function tokenizeZh(line: string): string {
  const stripped = pyStrip(line);
  let out = '';
  for (const ch of stripped) {
    const cp = ch.codePointAt(0) as number;
    out += isSacrebleuChineseChar(cp) ? ` ${ch} ` : ch;
  }
  return tokenizeRegexp(out);
}

/**
 * Returns the tokenizer function for a sacreBLEU tokenizer name.
 *
 * @example
 * ```ts
 * getBleuTokenizer('13a')('Hello, world!'); // "Hello , world !"
 * ```
 */
export function getBleuTokenizer(name: BleuTokenizerName): (line: string) => string {
  switch (name) {
    case '13a':
      return tokenize13a;
    case 'intl':
      return tokenizeIntl;
    case 'char':
      return tokenizeChar;
    case 'zh':
      return tokenizeZh;
    case 'none':
      return (line) => line;
  }
}
