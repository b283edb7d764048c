import type { TiktokenOptions } from './options';

/**
 * What glossa knows of an OpenAI encoding besides its ranks: the split pattern, the special tokens, and
 * the number and checksum of the ranks, so that rank data given for it can be checked.
 */
export interface EncodingSpec {
  /** The split regex (JS syntax, as js-tiktoken's `pat_str`). */
  pattern: string;
  /** Special tokens and their ids. */
  specialTokens: Record<string, number>;
  /** Number of ordinary tokens (ranks) in the rank file. */
  ranks: number;
  /** {@link TokenTable.checksum} of the ranks (FNV-1a over lengths and bytes in rank order). */
  checksum: number;
}

/** Name of a known encoding (`gpt2` is `r50k_base`). */
export type EncodingName = 'r50k_base' | 'p50k_base' | 'p50k_edit' | 'cl100k_base' | 'o200k_base' | 'gpt2';

/** Options of `getEncoding` and `loadEncoding`: the tuning options of {@link TiktokenOptions}. */
export type EncodingOptions = Pick<TiktokenOptions, 'warmUp' | 'scanner' | 'cacheSize'>;
