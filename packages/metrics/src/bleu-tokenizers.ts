import { isPySpace, pySplit, pyStrip } from './py-string';

/** Names of the BLEU tokenizers, as in sacreBLEU. */
export const BLEU_TOKENIZERS = ['13a', 'none', 'intl', 'char', 'zh'] as const;
/** A sacreBLEU tokenizer name. */
export type BleuTokenizerName = (typeof BLEU_TOKENIZERS)[number];

// mteval-v13a post-tokenizer rules (sacreBLEU's TokenizerRegexp), applied in order to the line:
//   R1 /([\{-\~\[-\` -\&\(-\+\:-\@\/])/ → ' \1 '   isolate ASCII punctuation and symbols
//   R2 /([^0-9])([\.,])/ → '\1 \2 '                period/comma unless preceded by a digit
//   R3 /([\.,])([^0-9])/ → ' \1 \2'                period/comma unless followed by a digit
//   R4 /([0-9])(-)/ → '\1 \2 '                     dash preceded by a digit
// followed by a whitespace split. The rules only ever insert spaces, so every output token is a
// substring of the input; `scan13a` computes, in one pass per rule over the input, which gaps between
// adjacent characters receive a space. Each rule matches exactly two characters (one for R1), so
// the leftmost-first non-overlapping global replacement reduces to a recurrence on the previous
// character: R2 matches at a [.,] unless its predecessor (as seen after R1) is a digit, or is a
// [.,] that R2 itself consumed; R3 matches at a [.,] followed by a non-digit unless the [.,] was
// consumed as the second character of R3's previous match. Spaces inserted by a rule are seen by
// the later rules only (a gap holding one space or several behaves identically). The regular
// expression pipeline is kept in `bleu-tokenizers-reference.ts` and the two are compared in tests.

// Character classes of ASCII code units.
const C_OTHER = 0;
const C_PUNCT = 1; // R1 class
const C_DIGIT = 2;
const C_DOTCOMMA = 3;
const C_DASH = 4;
const C_SPACE = 5; // Python str.isspace()
const ASCII_CLASS = (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    if (
      (c >= 0x7b && c <= 0x7e) ||
      (c >= 0x5b && c <= 0x60) ||
      (c >= 0x21 && c <= 0x26) ||
      (c >= 0x28 && c <= 0x2b) ||
      (c >= 0x3a && c <= 0x40) ||
      c === 0x2f
    )
      t[c] = C_PUNCT;
    else if (c >= 0x30 && c <= 0x39) t[c] = C_DIGIT;
    else if (c === 0x2e || c === 0x2c) t[c] = C_DOTCOMMA;
    else if (c === 0x2d) t[c] = C_DASH;
    else if ((c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20)) t[c] = C_SPACE;
  }
  return t;
})();

let CLS = new Uint8Array(256);
// Gap flags: GAP[i] != 0 when a space is inserted between code units i-1 and i (bit 1: R1, 2: R2,
// 4: R3, 8: R4).
let GAP = new Uint8Array(257);
/** Token boundaries of the last `scan13a` call: token k is `line.slice(TOK[2k], TOK[2k+1])`. */
let TOK = new Int32Array(256);

/**
 * Runs the four mteval-v13a rules and the whitespace split on `line` (optionally as if padded with
 * one space on each side, as 13a does). Returns the number of tokens; their bounds are in `TOK`.
 */
export function scan13a(line: string, padded: boolean): number {
  const L = line.length;
  if (CLS.length < L) {
    let n = CLS.length;
    while (n < L) n *= 2;
    CLS = new Uint8Array(n);
    GAP = new Uint8Array(n + 1);
    TOK = new Int32Array(2 * n);
  }
  const cls = CLS;
  const gap = GAP;
  gap.fill(0, 0, L + 1);
  let hasDot = false;
  let hasDash = false;
  // R1 and classification.
  for (let i = 0; i < L; i++) {
    const c = line.charCodeAt(i);
    let k = C_OTHER;
    if (c < 128) {
      k = ASCII_CLASS[c] as number;
      if (k === C_PUNCT) {
        gap[i] = 1;
        gap[i + 1] = 1;
      } else if (k === C_DOTCOMMA) hasDot = true;
      else if (k === C_DASH) hasDash = true;
    } else if (isPySpace(c)) k = C_SPACE;
    cls[i] = k;
  }
  if (hasDot) {
    // R2 on the R1 output (sees bit 1 only). prev: whether code unit q-1 was matched by R2.
    let prev = false;
    for (let q = 0; q < L; q++) {
      if (cls[q] !== C_DOTCOMMA) continue;
      let m: boolean;
      if ((gap[q] as number) & 1) m = true;
      else if (q === 0) m = padded;
      else {
        const p = cls[q - 1] as number;
        m = p === C_DIGIT ? false : p === C_DOTCOMMA ? !prev : true;
      }
      if (m) {
        gap[q] = (gap[q] as number) | 2;
        gap[q + 1] = (gap[q + 1] as number) | 2;
      }
      prev = m;
    }
    // R3 on the R2 output (sees bits 1 and 2).
    prev = false;
    for (let q = 0; q < L; q++) {
      if (cls[q] !== C_DOTCOMMA) continue;
      const consumed = ((gap[q] as number) & 3) === 0 && q > 0 && cls[q - 1] === C_DOTCOMMA && prev;
      let m = false;
      if (!consumed) {
        if ((gap[q + 1] as number) & 3) m = true;
        else if (q + 1 < L) m = cls[q + 1] !== C_DIGIT;
        else m = padded;
      }
      if (m) {
        gap[q] = (gap[q] as number) | 4;
        gap[q + 1] = (gap[q + 1] as number) | 4;
      }
      prev = m;
    }
  }
  if (hasDash) {
    // R4 on the R3 output.
    for (let q = 1; q < L; q++) {
      if (cls[q] === C_DASH && gap[q] === 0 && cls[q - 1] === C_DIGIT) {
        gap[q] = (gap[q] as number) | 8;
        gap[q + 1] = (gap[q + 1] as number) | 8;
      }
    }
  }
  // Whitespace split.
  const tok = TOK;
  let n = 0;
  let start = -1;
  for (let i = 0; i < L; i++) {
    if (cls[i] === C_SPACE) {
      if (start >= 0) {
        tok[n++] = start;
        tok[n++] = i;
        start = -1;
      }
    } else if (start < 0) start = i;
    else if (gap[i] !== 0) {
      tok[n++] = start;
      tok[n++] = i;
      start = i;
    }
  }
  if (start >= 0) {
    tok[n++] = start;
    tok[n++] = L;
  }
  return n >> 1;
}

/** Token bounds of the last {@link scan13a} call (valid until the next call). */
export function tokenBounds(): Int32Array {
  return TOK;
}

function scanToList(line: string, padded: boolean): string[] {
  const n = scan13a(line, padded);
  const out = new Array<string>(n);
  const tok = TOK;
  for (let k = 0; k < n; k++) out[k] = line.slice(tok[2 * k] as number, tok[2 * k + 1] as number);
  return out;
}

/** sacreBLEU's shared post-tokenizer for '13a' and 'zh' (mteval-v13a regular expressions). */
export function tokenizeRegexp(line: string): string {
  return scanToList(line, false).join(' ');
}

function joinTokens(s: string): string {
  return pySplit(s).join(' ');
}

/** The 13a input normalisation before the regular expressions (`<skipped>`, line breaks, entities). */
export function normalize13a(line: string): string {
  let s = line;
  if (s.includes('<skipped>')) s = s.split('<skipped>').join('');
  if (s.includes('\n')) s = s.split('-\n').join('').split('\n').join(' ');
  if (s.includes('&')) {
    s = s.split('&quot;').join('"').split('&amp;').join('&').split('&lt;').join('<').split('&gt;').join('>');
  }
  return s;
}

/** The tokens of {@link tokenize13a} as an array (no join and re-split). */
export function tokenize13aList(line: string): string[] {
  return scanToList(normalize13a(line), true);
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
  return tokenize13aList(line).join(' ');
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
