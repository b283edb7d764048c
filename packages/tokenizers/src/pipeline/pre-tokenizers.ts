import { FormatError } from '../errors.js';
import { escapeRegExp } from '../special-tokens.js';
import { BYTE_TO_CHAR } from '../utf8.js';
import { describe, field, type JsonObject, optBool, optString, reqString, type } from './json.js';
import { NormalizedString } from './normalized-string.js';
import { patternRegex } from './normalizers.js';

/** Splits normalized text into pieces ("words") that the model tokenizes independently. */
export interface PreTokenizer {
  preTokenize(pieces: NormalizedString[]): NormalizedString[];
  toJSON(): JsonObject;
}

/** What happens to the delimiters a split finds. */
export type SplitBehavior =
  | 'removed'
  | 'isolated'
  | 'merged_with_previous'
  | 'merged_with_next'
  | 'contiguous';
const BEHAVIORS: Record<string, SplitBehavior> = {
  removed: 'removed',
  isolated: 'isolated',
  mergedwithprevious: 'merged_with_previous',
  mergedwithnext: 'merged_with_next',
  contiguous: 'contiguous',
};
const JSON_BEHAVIOR: Record<SplitBehavior, string> = {
  removed: 'Removed',
  isolated: 'Isolated',
  merged_with_previous: 'MergedWithPrevious',
  merged_with_next: 'MergedWithNext',
  contiguous: 'Contiguous',
};

/** GPT-2's split pattern (used by `ByteLevel` with `use_regex`). */
export const GPT2_PATTERN =
  "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

/** Splits `s` given `[start, end, isDelimiter]` ranges that cover it in order. */
function applyBehavior(
  s: NormalizedString,
  ranges: [number, number, boolean][],
  behavior: SplitBehavior,
): NormalizedString[] {
  const out: [number, number][] = [];
  let pendingStart = -1; // for merged_with_next
  for (let k = 0; k < ranges.length; k++) {
    const [a, b, delim] = ranges[k]!;
    if (a === b) continue;
    switch (behavior) {
      case 'removed':
        if (!delim) out.push([a, b]);
        break;
      case 'isolated':
        out.push([a, b]);
        break;
      case 'contiguous': {
        const last = out[out.length - 1];
        if (delim && last && ranges[k - 1]?.[2] && last[1] === a) last[1] = b;
        else out.push([a, b]);
        break;
      }
      case 'merged_with_previous': {
        const last = out[out.length - 1];
        if (delim && last && last[1] === a) last[1] = b;
        else out.push([a, b]);
        break;
      }
      case 'merged_with_next':
        if (delim) {
          if (pendingStart < 0) pendingStart = a;
          else {
            out.push([pendingStart, a]);
            pendingStart = a;
          }
        } else {
          out.push([pendingStart >= 0 ? pendingStart : a, b]);
          pendingStart = -1;
        }
        break;
    }
  }
  if (pendingStart >= 0) out.push([pendingStart, s.length]);
  return out.map(([a, b]) => s.slice(a, b));
}

/** Matches and the gaps between them, each its own piece (the common GPT-style split). */
function isolate(re: RegExp, pieces: NormalizedString[]): NormalizedString[] {
  const out: NormalizedString[] = [];
  for (const p of pieces) {
    const text = p.text;
    re.lastIndex = 0;
    let last = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const len = m[0].length;
      if (len === 0) {
        re.lastIndex++;
        continue;
      }
      if (m.index > last) out.push(p.slice(last, m.index));
      out.push(p.slice(m.index, m.index + len));
      last = m.index + len;
    }
    if (last < text.length) out.push(p.slice(last, text.length));
  }
  return out;
}

/** Ranges of matches (delimiters unless `invert`) and the gaps between them. */
function regexRanges(re: RegExp, text: string, invert: boolean): [number, number, boolean][] {
  const out: [number, number, boolean][] = [];
  re.lastIndex = 0;
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (m.index > last) out.push([last, m.index, invert]);
    out.push([m.index, m.index + m[0].length, !invert]);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push([last, text.length, invert]);
  return out;
}

/** Splits on a regex or literal. `Isolated` keeps matches and gaps as pieces (GPT-style splitting). */
export class Split implements PreTokenizer {
  private readonly re: RegExp | null;
  constructor(
    readonly pattern: { String: string } | { Regex: string },
    readonly behavior: SplitBehavior = 'isolated',
    readonly invert = false,
  ) {
    this.re = 'Regex' in pattern && pattern.Regex === '\\X' ? null : patternRegex(pattern, 'Split.pattern');
  }
  preTokenize(pieces: NormalizedString[]): NormalizedString[] {
    if (this.re && this.behavior === 'isolated') return isolate(this.re, pieces);
    return pieces.flatMap((p) =>
      applyBehavior(
        p,
        this.re ? regexRanges(this.re, p.text, this.invert) : graphemeRanges(p.text),
        this.behavior,
      ),
    );
  }
  toJSON(): JsonObject {
    return {
      type: 'Split',
      pattern: this.pattern,
      behavior: JSON_BEHAVIOR[this.behavior],
      invert: this.invert,
    };
  }
}

let segmenter: Intl.Segmenter | null | undefined;
/** Grapheme clusters (Intl.Segmenter; code points where it is unavailable). */
export function graphemes(text: string): string[] {
  if (segmenter === undefined) {
    segmenter =
      typeof Intl !== 'undefined' && 'Segmenter' in Intl
        ? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
        : null;
  }
  if (!segmenter) return Array.from(text);
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

function graphemeRanges(text: string): [number, number, boolean][] {
  const out: [number, number, boolean][] = [];
  let i = 0;
  for (const g of graphemes(text)) {
    out.push([i, i + g.length, true]);
    i += g.length;
  }
  return out;
}

// \w in Rust/Oniguruma Unicode mode: letters, marks, digits, connector punctuation and the joiners
const WORD = /(?:[\p{L}\p{N}\p{M}\p{Pc}]|\u200c|\u200d)+|(?:(?!\u200c|\u200d)[^\p{L}\p{N}\p{M}\p{Pc}\s])+/gu;

/** `\w+|[^\w\s]+` (Unicode word characters), whitespace dropped. */
export class Whitespace implements PreTokenizer {
  preTokenize(pieces: NormalizedString[]): NormalizedString[] {
    return pieces.flatMap((p) => applyBehavior(p, regexRanges(WORD, p.text, true), 'removed'));
  }
  toJSON(): JsonObject {
    return { type: 'Whitespace' };
  }
}

const WS = /\s+/gu;

/** Splits on whitespace, dropping it. */
export class WhitespaceSplit implements PreTokenizer {
  preTokenize(pieces: NormalizedString[]): NormalizedString[] {
    return pieces.flatMap((p) => applyBehavior(p, regexRanges(WS, p.text, false), 'removed'));
  }
  toJSON(): JsonObject {
    return { type: 'WhitespaceSplit' };
  }
}

const PUNCT = /[\p{P}\u0021-\u002f\u003a-\u0040\u005b-\u0060\u007b-\u007e]/gu;

/** Isolates every punctuation character. */
export class Punctuation implements PreTokenizer {
  constructor(readonly behavior: SplitBehavior = 'isolated') {}
  preTokenize(pieces: NormalizedString[]): NormalizedString[] {
    return pieces.flatMap((p) => applyBehavior(p, regexRanges(PUNCT, p.text, false), this.behavior));
  }
  toJSON(): JsonObject {
    return { type: 'Punctuation', behavior: JSON_BEHAVIOR[this.behavior] };
  }
}

/** BERT: split on whitespace (dropped) and isolate each punctuation character. */
export class BertPreTokenizer implements PreTokenizer {
  preTokenize(pieces: NormalizedString[]): NormalizedString[] {
    const words = new WhitespaceSplit().preTokenize(pieces);
    return new Punctuation('isolated').preTokenize(words);
  }
  toJSON(): JsonObject {
    return { type: 'BertPreTokenizer' };
  }
}

/** Isolates digits: each one (`individual`) or each run. */
export class Digits implements PreTokenizer {
  constructor(readonly individual = false) {}
  preTokenize(pieces: NormalizedString[]): NormalizedString[] {
    const re = this.individual ? /\p{Nd}/gu : /\p{Nd}+/gu;
    return pieces.flatMap((p) => applyBehavior(p, regexRanges(re, p.text, false), 'isolated'));
  }
  toJSON(): JsonObject {
    return { type: 'Digits', individual_digits: this.individual };
  }
}

/** Splits on one delimiter character, dropping it. */
export class CharDelimiterSplit implements PreTokenizer {
  private readonly re: RegExp;
  constructor(readonly delimiter: string) {
    this.re = new RegExp(escapeRegExp(delimiter), 'gu');
  }
  preTokenize(pieces: NormalizedString[]): NormalizedString[] {
    return pieces.flatMap((p) => applyBehavior(p, regexRanges(this.re, p.text, false), 'removed'));
  }
  toJSON(): JsonObject {
    return { type: 'CharDelimiterSplit', delimiter: this.delimiter };
  }
}

/** Replaces spaces by `▁`, optionally prepends one, and splits before each `▁` (SentencePiece style). */
export class Metaspace implements PreTokenizer {
  constructor(
    readonly replacement = '\u2581',
    readonly prependScheme: 'always' | 'first' | 'never' = 'always',
    readonly split = true,
  ) {}
  preTokenize(pieces: NormalizedString[]): NormalizedString[] {
    const out: NormalizedString[] = [];
    pieces.forEach((p, i) => {
      let s = p.text.includes(' ')
        ? p.mapChunks(spaceChunks(p.text), (c) => (c === ' ' ? this.replacement : c))
        : p;
      if (
        s.text.length &&
        !s.text.startsWith(this.replacement) &&
        (this.prependScheme === 'always' || (this.prependScheme === 'first' && i === 0))
      ) {
        s = s.prepend(this.replacement);
      }
      if (!this.split) {
        out.push(s);
        return;
      }
      const re = new RegExp(escapeRegExp(this.replacement), 'gu');
      out.push(...applyBehavior(s, regexRanges(re, s.text, false), 'merged_with_next'));
    });
    return out;
  }
  toJSON(): JsonObject {
    return {
      type: 'Metaspace',
      replacement: this.replacement,
      prepend_scheme: this.prependScheme,
      split: this.split,
    };
  }
}

function* spaceChunks(text: string): Generator<[number, number]> {
  for (let i = 0; i < text.length; i++) yield [i, i + 1];
}

/**
 * GPT-2 byte-level: optional prefix space, optional GPT-2 regex split, then every UTF-8 byte becomes
 * one printable char (`Ġ` for a space) aligned to its source character.
 */
export class ByteLevel implements PreTokenizer {
  private readonly re: RegExp;
  constructor(
    readonly addPrefixSpace = false,
    readonly useRegex = true,
    readonly trimOffsets = true,
  ) {
    this.re = new RegExp(GPT2_PATTERN, 'gu');
  }
  preTokenize(pieces: NormalizedString[]): NormalizedString[] {
    let ps = pieces;
    if (this.addPrefixSpace)
      ps = ps.map((p) => (p.text.length && !p.text.startsWith(' ') ? p.prepend(' ') : p));
    if (this.useRegex)
      ps = ps.flatMap((p) => applyBehavior(p, regexRanges(this.re, p.text, false), 'isolated'));
    return ps.map(toByteLevel);
  }
  toJSON(): JsonObject {
    return {
      type: 'ByteLevel',
      add_prefix_space: this.addPrefixSpace,
      trim_offsets: this.trimOffsets,
      use_regex: this.useRegex,
    };
  }
}

/** Maps a piece to byte-level chars, each aligned to the original range of its source character. */
/** ASCII text in byte-level form: only controls, space and DEL change (`Ġ` for a space). */
function asciiByteLevel(t: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c <= 32 || c === 127) {
      out += t.slice(last, i) + BYTE_TO_CHAR[c]!;
      last = i + 1;
    }
  }
  return last === 0 ? t : out + t.slice(last);
}

export function toByteLevel(p: NormalizedString): NormalizedString {
  const t = p.text;
  let ascii = true;
  for (let i = 0; i < t.length && ascii; i++) if (t.charCodeAt(i) > 126) ascii = false;
  // ASCII: one byte per unit, so the alignment is unchanged
  if (ascii) return new NormalizedString(asciiByteLevel(t), p.base, p.align);
  let out = '';
  const al = new Int32Array(2 * 3 * t.length);
  let n = 0;
  const B = BYTE_TO_CHAR;
  for (let i = 0; i < t.length; ) {
    let cp = t.charCodeAt(i);
    let w = 1;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < t.length && (t.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      cp = 0x10000 + ((cp - 0xd800) << 10) + (t.charCodeAt(i + 1) - 0xdc00);
      w = 2;
    } else if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    let s: number;
    let e: number;
    if (p.align === null) {
      s = p.base + i;
      e = s + w;
    } else [s, e] = p.originalRange(i, i + w);
    let k: number;
    if (cp < 0x80) {
      out += B[cp]!;
      k = 1;
    } else if (cp < 0x800) {
      out += B[0xc0 | (cp >> 6)]! + B[0x80 | (cp & 63)]!;
      k = 2;
    } else if (cp < 0x10000) {
      out += B[0xe0 | (cp >> 12)]! + B[0x80 | ((cp >> 6) & 63)]! + B[0x80 | (cp & 63)]!;
      k = 3;
    } else {
      out +=
        B[0xf0 | (cp >> 18)]! +
        B[0x80 | ((cp >> 12) & 63)]! +
        B[0x80 | ((cp >> 6) & 63)]! +
        B[0x80 | (cp & 63)]!;
      k = 4;
    }
    for (let j = 0; j < k; j++) {
      al[n++] = s;
      al[n++] = e;
    }
    i += w;
  }
  return new NormalizedString(out, 0, al.slice(0, n));
}

/** Several pre-tokenizers in order. */
export class PreTokenizerSequence implements PreTokenizer {
  constructor(readonly preTokenizers: PreTokenizer[]) {}
  preTokenize(pieces: NormalizedString[]): NormalizedString[] {
    for (const p of this.preTokenizers) pieces = p.preTokenize(pieces);
    return pieces;
  }
  toJSON(): JsonObject {
    return { type: 'Sequence', pretokenizers: this.preTokenizers.map((p) => p.toJSON()) };
  }
}

function behaviorOf(o: JsonObject, where: string, dflt: SplitBehavior): SplitBehavior {
  const v = o.behavior;
  if (v === undefined || v === null) return dflt;
  const b = typeof v === 'string' ? BEHAVIORS[v.toLowerCase().replace(/_/g, '')] : undefined;
  if (!b) {
    throw new FormatError(
      `${where}.behavior: expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous, received ${describe(v)}`,
      { field: `${where}.behavior` },
    );
  }
  return b;
}

/** Builds a pre-tokenizer from its tokenizer.json object. */
export function preTokenizerFromJson(j: unknown, where = 'pre_tokenizer'): PreTokenizer | null {
  if (j === null || j === undefined) return null;
  const o = field(j, where);
  const t = type(o, where);
  switch (t) {
    case 'ByteLevel':
      return new ByteLevel(
        optBool(o, 'add_prefix_space', where, true),
        optBool(o, 'use_regex', where, true),
        optBool(o, 'trim_offsets', where, true),
      );
    case 'Whitespace':
      return new Whitespace();
    case 'WhitespaceSplit':
      return new WhitespaceSplit();
    case 'BertPreTokenizer':
      return new BertPreTokenizer();
    case 'Punctuation':
      return new Punctuation(behaviorOf(o, where, 'isolated'));
    case 'Digits':
      return new Digits(optBool(o, 'individual_digits', where, false));
    case 'CharDelimiterSplit':
      return new CharDelimiterSplit(reqString(o, 'delimiter', where));
    case 'Split':
      if (!o.pattern) throw new FormatError(`${where}.pattern: missing`, { field: `${where}.pattern` });
      return new Split(
        o.pattern as { Regex: string },
        behaviorOf(o, where, 'isolated'),
        optBool(o, 'invert', where, false),
      );
    case 'Metaspace': {
      const rep = optString(o, 'replacement', where) ?? '\u2581';
      let scheme = optString(o, 'prepend_scheme', where);
      if (scheme === null) scheme = optBool(o, 'add_prefix_space', where, true) ? 'always' : 'never';
      if (scheme !== 'always' && scheme !== 'first' && scheme !== 'never') {
        throw new FormatError(
          `${where}.prepend_scheme: expected always, first or never, received ${describe(scheme)}`,
          {
            field: `${where}.prepend_scheme`,
          },
        );
      }
      return new Metaspace(rep, scheme, optBool(o, 'split', where, true));
    }
    case 'Sequence': {
      const list = o.pretokenizers;
      if (!Array.isArray(list)) {
        throw new FormatError(`${where}.pretokenizers: expected an array, received ${describe(list)}`, {
          field: `${where}.pretokenizers`,
        });
      }
      return new PreTokenizerSequence(
        list
          .map((p, i) => preTokenizerFromJson(p, `${where}.pretokenizers[${i}]`))
          .filter((p): p is PreTokenizer => !!p),
      );
    }
    default:
      throw new FormatError(
        `${where}.type: unsupported pre-tokenizer ${JSON.stringify(t)} (supported: ByteLevel, Whitespace, WhitespaceSplit, BertPreTokenizer, Punctuation, Digits, CharDelimiterSplit, Split, Metaspace, Sequence)`,
        { field: `${where}.type` },
      );
  }
}
