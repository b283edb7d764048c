import { checkLength, type Encoding, padEncoding, type Side } from './encoding';
import { ArgumentError, VocabularyError } from './errors';
import type { AllowedSpecial } from './special-tokens';
import { type StreamDecoder, WindowStreamDecoder } from './stream';

/** Options of {@link Tokenizer.encode}. */
export interface EncodeOptions {
  /**
   * Special tokens that may be recognised in the text. tiktoken encodings: default `'none'` (tiktoken's
   * rule: text that merely looks like `<|endoftext|>` is ordinary text); pass `'all'` or a list to opt in.
   * `tokenizer.json` pipelines: default `'all'` (Hugging Face's rule); a list limits matching to those.
   */
  allowedSpecial?: AllowedSpecial;
  /**
   * `tokenizer.json` pipelines: read special tokens written in the text as plain text (Hugging Face's
   * `split_special_tokens`) — for untrusted input, where a user typing `<|im_end|>` must not end a turn.
   * Default: the tokenizer's own `splitSpecialTokens` (`false`). Ignored by tiktoken encodings, which
   * never match special tokens unless `allowedSpecial` says so.
   */
  splitSpecialTokens?: boolean;
  /** Add the post-processor's special tokens (`[CLS]`/`[SEP]`, BOS/EOS). Default `true` (a no-op without one). */
  addSpecialTokens?: boolean;
  /** Second sequence of a pair (BERT-style `[CLS] a [SEP] b [SEP]`, type ids 0 then 1). */
  pair?: string;
  /** Cut to `maxLength` tokens (special tokens included). Default: `true` when `maxLength` is given. */
  truncation?: boolean;
  /** Length limit for truncation (and for `padding: 'max_length'` in batches). */
  maxLength?: number;
  /** Which end truncation cuts. Default `'right'`. */
  truncationSide?: Side;
  /** Overlap of the windows put into `overflowing` when truncating. Default 0. */
  stride?: number;
}

/** Options of {@link Tokenizer.encodeBatch}. */
export interface BatchEncodeOptions extends Omit<EncodeOptions, 'pair'> {
  /** Second sequences, one per text. */
  pairs?: readonly string[];
  /**
   * `true` / `'longest'`: pad to the longest encoding; `'max_length'`: pad to `maxLength`;
   * `false` (default): no padding.
   */
  padding?: boolean | 'longest' | 'max_length';
  /** Round the padded length up to a multiple of this (e.g. 8 for tensor cores). */
  padToMultipleOf?: number;
  /** Where padding goes. Default `'right'`. */
  paddingSide?: Side;
  /** Padding id; defaults to the tokenizer's pad token. Required when it has none (tiktoken encodings). */
  padId?: number;
}

/** Options of {@link Tokenizer.decode}. */
export interface DecodeOptions {
  /** Leave special tokens out of the text. Default `false`. */
  skipSpecialTokens?: boolean;
}

/** Roles of special tokens; each names a token string of the vocabulary. */
export interface SpecialTokenRoles {
  bos?: string;
  eos?: string;
  pad?: string;
  unk?: string;
  mask?: string;
  cls?: string;
  sep?: string;
}

/**
 * What every tokenizer of this package offers: `encode` → {@link Encoding}, `decode`, batches with
 * padding and truncation, vocabulary look-ups, token counting and a streaming decoder.
 */
export abstract class Tokenizer {
  /** Number of ids (largest id + 1, special tokens included). */
  abstract get vocabSize(): number;
  /** Special token strings and their ids. */
  abstract get specialTokens(): ReadonlyMap<string, number>;
  /** Which special token plays which role (pad, unk, bos, …). */
  roles: SpecialTokenRoles = {};

  /** Id of a vocabulary string (as shown in `Encoding.tokens`), or `undefined`. */
  abstract tokenToId(token: string): number | undefined;
  /** Vocabulary string of an id, or `undefined`. */
  abstract idToToken(id: number): string | undefined;
  /** Encodes one text. */
  abstract encode(text: string, options?: EncodeOptions): Encoding;
  /** Turns ids back into text. Unknown ids are a {@link VocabularyError}. */
  abstract decode(ids: ArrayLike<number>, options?: DecodeOptions): string;

  /** Number of tokens `encode(text, options)` would give (may be faster than encoding). */
  countTokens(text: string, options?: EncodeOptions): number {
    return this.encode(text, options).ids.length;
  }

  /** Id of a role's token (`'pad'`, `'unk'`, …), or `undefined`. */
  roleId(role: keyof SpecialTokenRoles): number | undefined {
    const t = this.roles[role];
    return t === undefined ? undefined : this.tokenToId(t);
  }

  /**
   * Encodes several texts with shared padding and truncation.
   *
   * @example
   * ```ts
   * const batch = tok.encodeBatch(['a b c', 'a'], { padding: true, padId: 0 });
   * batch.map((e) => e.attentionMask); // [[1, 1, 1], [1, 0, 0]]
   * ```
   */
  encodeBatch(texts: readonly string[], options: BatchEncodeOptions = {}): Encoding[] {
    if (!Array.isArray(texts)) throw new ArgumentError('encodeBatch(texts)', 'an array of strings', texts);
    const { pairs, padding = false, padToMultipleOf, paddingSide = 'right', padId, ...enc } = options;
    if (pairs !== undefined && pairs.length !== texts.length) {
      throw new ArgumentError('encodeBatch(options.pairs)', `${texts.length} entries (one per text)`, pairs);
    }
    if (padding === 'max_length' && options.maxLength === undefined) {
      throw new ArgumentError(
        'encodeBatch(options.maxLength)',
        "a length (padding is 'max_length')",
        options.maxLength,
      );
    }
    if (padToMultipleOf !== undefined && (!Number.isInteger(padToMultipleOf) || padToMultipleOf < 1)) {
      throw new ArgumentError('encodeBatch(options.padToMultipleOf)', 'a positive integer', padToMultipleOf);
    }
    const out = texts.map((t, i) => this.encode(t, pairs ? { ...enc, pair: pairs[i] } : enc));
    if (padding === false) return out;
    let target = padding === 'max_length' ? options.maxLength! : Math.max(0, ...out.map((e) => e.length));
    if (padToMultipleOf) target = Math.ceil(target / padToMultipleOf) * padToMultipleOf;
    const pid = padId ?? this.roleId('pad');
    if (pid === undefined) {
      if (out.every((e) => e.length >= target)) return out;
      throw new ArgumentError(
        'encodeBatch(options.padId)',
        'a pad id, as this tokenizer has no pad token (for tiktoken encodings the end-of-text id is a common choice)',
        padId,
      );
    }
    const ptok = this.idToToken(pid) ?? '';
    return out.map((e) => padEncoding(e, target, pid, ptok, paddingSide));
  }

  /** Decodes several id sequences. */
  decodeBatch(batch: readonly ArrayLike<number>[], options?: DecodeOptions): string[] {
    return batch.map((ids) => this.decode(ids, options));
  }

  /** A {@link StreamDecoder} that turns ids into text incrementally (for generation). */
  decodeStream(options?: DecodeOptions): StreamDecoder {
    return new WindowStreamDecoder((ids) => this.decode(ids, options));
  }

  /** Throws a {@link VocabularyError} for an id outside the vocabulary. */
  protected badId(id: number): never {
    throw new VocabularyError(`decode: id ${id} is not in the vocabulary (size ${this.vocabSize})`, id);
  }
}

/** Validates `maxLength` / `truncation` options and returns the effective limit (or undefined). */
export function truncationLimit(options: EncodeOptions | undefined): number | undefined {
  if (!options || options.maxLength === undefined) {
    if (options?.truncation) {
      throw new ArgumentError(
        'options.maxLength',
        'a length (options.truncation is true)',
        options.maxLength,
      );
    }
    return undefined;
  }
  checkLength('options.maxLength', options.maxLength);
  return options.truncation === false ? undefined : options.maxLength;
}
