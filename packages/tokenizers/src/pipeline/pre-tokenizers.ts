import { escapeRegExp } from '../special-tokens';
import type { JsonObject } from './json';
import type { NormalizedString } from './normalized-string';
import type { PreTokenizer } from './pre-tokenizer';
import { applyBehavior, JSON_BEHAVIOR, regexRanges, type SplitBehavior } from './split';

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
        (this.prependScheme === 'always' ||
          // 'first': only the run at the start of the input (not one after an added token), as Hugging Face
          (this.prependScheme === 'first' && i === 0 && p.originalRange(0, 0)[0] === 0))
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
