import { ArgumentError } from './errors';

/** `[start, end)` in UTF-16 code units of the input text. Special and padding tokens have `[0, 0]`. */
export type Offset = [start: number, end: number];

interface Lazy<T> {
  value?: T;
  make?: () => T;
}

function force<T>(l: Lazy<T>): T {
  if (l.value === undefined) {
    l.value = l.make!();
    l.make = undefined;
  }
  return l.value;
}

/** Fields of an {@link Encoding}; `tokens` and `offsets` may be given as functions, computed on first access. */
export interface EncodingInit {
  ids: number[];
  tokens?: string[] | (() => string[]);
  offsets?: Offset[] | (() => Offset[]);
  attentionMask?: number[] | (() => number[]);
  typeIds?: number[] | (() => number[]);
  specialTokensMask?: number[] | (() => number[]);
  /** Index of the word (pre-tokenizer piece) each token came from; `null` for special tokens. */
  wordIds?: (number | null)[] | (() => (number | null)[]);
  /** Tokens cut off by truncation, as their own encodings. */
  overflowing?: Encoding[];
}

/**
 * The result of encoding one text: `ids`, `tokens`, `offsets`, `attentionMask` (1 = real token,
 * 0 = padding), `typeIds` (0 for the first sequence, 1 for a pair's second) and `specialTokensMask`.
 *
 * `tokens` and `offsets` are computed on first access, so code that only needs ids does not pay for them.
 *
 * @example
 * ```ts
 * const enc = tok.encode('Hello world');
 * enc.ids;      // [9906, 1917]
 * enc.tokens;   // ['Hello', 'Ġworld']
 * enc.offsets;  // [[0, 5], [5, 11]]
 * ```
 */
export class Encoding {
  readonly ids: number[];
  readonly overflowing: Encoding[];
  private readonly _attention: Lazy<number[]>;
  private readonly _types: Lazy<number[]>;
  private readonly _special: Lazy<number[]>;
  private readonly _tokens: Lazy<string[]>;
  private readonly _offsets: Lazy<Offset[]>;
  private readonly _wordIds: Lazy<(number | null)[]>;

  constructor(init: EncodingInit) {
    const n = init.ids.length;
    this.ids = init.ids;
    this._attention = lazy(init.attentionMask, () => new Array<number>(n).fill(1));
    this._types = lazy(init.typeIds, () => new Array<number>(n).fill(0));
    this._special = lazy(init.specialTokensMask, () => new Array<number>(n).fill(0));
    this.overflowing = init.overflowing ?? [];
    this._tokens = lazy(init.tokens, () => new Array<string>(n).fill(''));
    this._offsets = lazy(init.offsets, () => Array.from({ length: n }, (): Offset => [0, 0]));
    this._wordIds = lazy(init.wordIds, () => new Array<number | null>(n).fill(null));
  }

  /** 1 for real tokens, 0 for padding. */
  get attentionMask(): number[] {
    return force(this._attention);
  }

  /** 0 for the first sequence, 1 for a pair's second sequence. */
  get typeIds(): number[] {
    return force(this._types);
  }

  /** 1 for special tokens (added by the post-processor, recognised in text, or padding). */
  get specialTokensMask(): number[] {
    return force(this._special);
  }

  /** The vocabulary string of each token (byte-level vocabularies show `Ġ` for a space). */
  get tokens(): string[] {
    return force(this._tokens);
  }

  /** `[start, end)` UTF-16 offsets of each token in the input text. */
  get offsets(): Offset[] {
    return force(this._offsets);
  }

  /** Index of the pre-tokenizer piece ("word") each token belongs to, `null` for special/padding tokens. */
  get wordIds(): (number | null)[] {
    return force(this._wordIds);
  }

  /** Number of tokens (padding included). */
  get length(): number {
    return this.ids.length;
  }

  /** A new encoding with the tokens `[start, end)` (all per-token fields sliced alike). */
  slice(start: number, end: number = this.ids.length): Encoding {
    return new Encoding({
      ids: this.ids.slice(start, end),
      tokens: () => this.tokens.slice(start, end),
      offsets: () => this.offsets.slice(start, end),
      wordIds: () => this.wordIds.slice(start, end),
      attentionMask: this.attentionMask.slice(start, end),
      typeIds: this.typeIds.slice(start, end),
      specialTokensMask: this.specialTokensMask.slice(start, end),
    });
  }

  /** Concatenates encodings (e.g. a sequence and its special tokens). */
  static merge(parts: Encoding[]): Encoding {
    if (parts.length === 1) return parts[0]!;
    const cat = <T>(f: (e: Encoding) => T[]): T[] => ([] as T[]).concat(...parts.map(f));
    return new Encoding({
      ids: cat((e) => e.ids),
      tokens: () => cat((e) => e.tokens),
      offsets: () => cat((e) => e.offsets),
      wordIds: () => cat((e) => e.wordIds),
      attentionMask: cat((e) => e.attentionMask),
      typeIds: cat((e) => e.typeIds),
      specialTokensMask: cat((e) => e.specialTokensMask),
      overflowing: cat((e) => e.overflowing),
    });
  }

  /** Plain object with every field materialised (for JSON or logging). */
  toJSON(): {
    ids: number[];
    tokens: string[];
    offsets: Offset[];
    attentionMask: number[];
    typeIds: number[];
    specialTokensMask: number[];
  } {
    return {
      ids: this.ids,
      tokens: this.tokens,
      offsets: this.offsets,
      attentionMask: this.attentionMask,
      typeIds: this.typeIds,
      specialTokensMask: this.specialTokensMask,
    };
  }
}

function lazy<T>(v: T | (() => T) | undefined, fallback: () => T): Lazy<T> {
  if (v === undefined) return { make: fallback };
  if (typeof v === 'function') return { make: v as () => T };
  return { value: v };
}

/** Which end to cut or pad. */
export type Side = 'left' | 'right';

/**
 * Keeps at most `maxLength` tokens; the rest go to `overflowing` (in windows of `maxLength`, each
 * overlapping the previous by `stride` tokens).
 */
export function truncateEncoding(
  enc: Encoding,
  maxLength: number,
  side: Side = 'right',
  stride = 0,
): Encoding {
  checkLength('maxLength', maxLength);
  const n = enc.length;
  if (n <= maxLength) return enc;
  if (stride < 0 || stride >= Math.max(1, maxLength)) {
    throw new ArgumentError('stride', `a number in [0, maxLength) = [0, ${maxLength})`, stride);
  }
  const overflow: Encoding[] = [];
  const step = maxLength - stride;
  let kept: Encoding;
  if (side === 'right') {
    kept = enc.slice(0, maxLength);
    if (maxLength > 0) {
      for (let s = step; s + stride < n; s += step) overflow.push(enc.slice(s, Math.min(n, s + maxLength)));
    }
  } else {
    kept = enc.slice(n - maxLength, n);
    if (maxLength > 0) {
      for (let e = n - step; e - stride > 0; e -= step)
        overflow.push(enc.slice(Math.max(0, e - maxLength), e));
    }
  }
  return new Encoding({
    ids: kept.ids,
    tokens: () => kept.tokens,
    offsets: () => kept.offsets,
    wordIds: () => kept.wordIds,
    attentionMask: kept.attentionMask,
    typeIds: kept.typeIds,
    specialTokensMask: kept.specialTokensMask,
    overflowing: overflow,
  });
}

/** Pads to `length` with `padId` (attention mask 0, special mask 1, offsets `[0, 0]`). */
export function padEncoding(
  enc: Encoding,
  length: number,
  padId: number,
  padToken: string,
  side: Side = 'right',
  padTypeId = 0,
): Encoding {
  const k = length - enc.length;
  if (k <= 0) return enc;
  const fill = <T>(a: T[], v: T): T[] => {
    const pad = new Array<T>(k).fill(v);
    return side === 'right' ? a.concat(pad) : pad.concat(a);
  };
  return new Encoding({
    ids: fill(enc.ids, padId),
    tokens: () => fill(enc.tokens, padToken),
    offsets: () => {
      const pad = Array.from({ length: k }, (): Offset => [0, 0]);
      return side === 'right' ? enc.offsets.concat(pad) : pad.concat(enc.offsets);
    },
    wordIds: () => fill(enc.wordIds, null),
    attentionMask: fill(enc.attentionMask, 0),
    typeIds: fill(enc.typeIds, padTypeId),
    specialTokensMask: fill(enc.specialTokensMask, 1),
    overflowing: enc.overflowing,
  });
}

/** An {@link ArgumentError} naming `name` unless `v` is a non-negative integer. @example `checkLength('options.maxLength', 512)` */
export function checkLength(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) {
    throw new ArgumentError(name, 'a non-negative integer', v);
  }
}
