import { ArgumentError } from '../errors';
import { decodeCompactRanks, isCompactRanks } from './compact-ranks';
import { type JsTiktokenRanks, looksLikeJsTiktokenRanks, parseJsTiktokenRanks } from './js-tiktoken-ranks';
import { parseTiktokenRanks } from './ranks';
import type { TokenTable } from './token-table';

/**
 * Rank data in any form glossa reads: a `.tiktoken` file (text or bytes), js-tiktoken's rank module
 * (`import ranks from 'js-tiktoken/ranks/cl100k_base'`) or its `bpe_ranks` string, or glossa's compact
 * string (`import { ranks } from '@glossa/tokenizers/encodings/cl100k_base'`).
 */
export type RankSource = string | Uint8Array | JsTiktokenRanks;

/** A rank table read from a {@link RankSource}, with what the source says about itself. */
export interface ReadRanks {
  table: TokenTable;
  /** The encoding's name, if the source carries one (compact ranks do). */
  name?: string;
  /** The split pattern, if the source carries one (js-tiktoken's modules do). */
  pattern?: string;
  /** The special tokens, if the source carries them (js-tiktoken's modules do). */
  specialTokens?: Record<string, number>;
}

/**
 * Reads rank data in any supported form (see {@link RankSource}); the form is recognised from the
 * data. Malformed data is a `FormatError`; anything else an {@link ArgumentError} naming `argument`.
 *
 * @example
 * ```ts
 * readRanks('YQ== 0\nYg== 1\n', 'fromTiktoken(ranks)').table.size; // 2
 * ```
 */
export function readRanks(ranks: RankSource, argument: string): ReadRanks {
  if (isCompactRanks(ranks)) return decodeCompactRanks(ranks);
  if (typeof ranks === 'string' || ranks instanceof Uint8Array) {
    const bytes = typeof ranks === 'string' ? new TextEncoder().encode(ranks) : ranks;
    return {
      table: looksLikeJsTiktokenRanks(bytes) ? parseJsTiktokenRanks(bytes) : parseTiktokenRanks(bytes),
    };
  }
  if (ranks && typeof ranks === 'object' && typeof (ranks as JsTiktokenRanks).bpe_ranks === 'string') {
    const js = ranks as JsTiktokenRanks;
    const read: ReadRanks = { table: parseJsTiktokenRanks(js.bpe_ranks) };
    if (typeof js.pat_str === 'string') read.pattern = js.pat_str;
    if (js.special_tokens && typeof js.special_tokens === 'object') read.specialTokens = js.special_tokens;
    return read;
  }
  throw new ArgumentError(
    argument,
    'rank data: a .tiktoken file as a string or Uint8Array, a js-tiktoken rank module ({ pat_str, special_tokens, bpe_ranks }) or its bpe_ranks, or glossa compact ranks',
    ranks,
  );
}
