import type { TiktokenOptions } from './options';
import { parseTiktokenRanks } from './ranks';
import { TiktokenTokenizer } from './tiktoken';

/**
 * Loads a tiktoken rank file (`<base64> <rank>` lines) with its split pattern and special tokens.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const enc = fromTiktoken(readFileSync('cl100k_base.tiktoken'), {
 *   pattern: encodings.cl100k_base.pat_str_js,
 *   specialTokens: { '<|endoftext|>': 100257 },
 * });
 * enc.decode(enc.encode('hello world').ids); // 'hello world'
 * ```
 */
export function fromTiktoken(ranks: string | Uint8Array, options: TiktokenOptions): TiktokenTokenizer {
  return new TiktokenTokenizer(parseTiktokenRanks(ranks), options);
}
