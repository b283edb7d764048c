import { ArgumentError } from '../errors';
import type { TiktokenOptions } from './options';
import { type RankSource, readRanks } from './rank-source';
import { TiktokenTokenizer } from './tiktoken';

/**
 * Loads any tiktoken-style rank table with its split pattern and special tokens: a `.tiktoken` file
 * (`<base64> <rank>` lines, text or bytes), js-tiktoken's rank module or `bpe_ranks` string, or glossa's
 * compact ranks. js-tiktoken's module carries its pattern and special tokens, so `options` may be left
 * out for it. For the OpenAI encodings, `getEncoding`/`loadEncoding` also check the ranks.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const enc = fromTiktoken(readFileSync('my_encoding.tiktoken'), {
 *   pattern: "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
 *   specialTokens: { '<|endoftext|>': 50256 },
 * });
 * enc.decode(enc.encode('hello world').ids); // 'hello world'
 * ```
 */
export function fromTiktoken(ranks: RankSource, options?: Partial<TiktokenOptions>): TiktokenTokenizer {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new ArgumentError('fromTiktoken(options)', '{ pattern, specialTokens? }', options);
  }
  const read = readRanks(ranks, 'fromTiktoken(ranks)');
  const pattern = options?.pattern ?? read.pattern;
  if (typeof pattern !== 'string') {
    throw new ArgumentError(
      'fromTiktoken(options.pattern)',
      'the split regex as a string (only js-tiktoken rank modules carry their own)',
      options?.pattern,
    );
  }
  const specialTokens = options?.specialTokens ?? read.specialTokens;
  return new TiktokenTokenizer(read.table, {
    ...options,
    pattern,
    ...(specialTokens ? { specialTokens } : {}),
    ...(options?.name === undefined && read.name !== undefined ? { name: read.name } : {}),
  });
}
