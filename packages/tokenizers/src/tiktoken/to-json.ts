import type { JsonObject } from '../pipeline/json';
import { bytesToByteLevel } from '../utf8';
import type { TokenTable } from './token-table';

/**
 * Splits token `r` into the two parts tiktoken's merge produces when only ranks below `r` are
 * allowed — the merge rule that creates `r`. Returns `null` if the token is not reachable that way.
 */
function splitToken(table: TokenTable, r: number): [number, number] | null {
  const bytes = table.tokenBytes(r);
  const n = bytes.length;
  const pos: number[] = [];
  for (let i = 0; i <= n; i++) pos.push(i);
  for (;;) {
    let best = -1;
    let bestRank = r;
    for (let i = 0; i + 2 < pos.length; i++) {
      const k = table.lookup(bytes, pos[i]!, pos[i + 2]!);
      if (k >= 0 && k < bestRank) {
        bestRank = k;
        best = i;
      }
    }
    if (best < 0) break;
    pos.splice(best + 1, 1);
  }
  if (pos.length !== 3) return null;
  return [table.lookup(bytes, 0, pos[1]!), table.lookup(bytes, pos[1]!, n)];
}

/**
 * A Hugging Face `tokenizer.json` object equivalent to a tiktoken encoding: byte-level BPE whose
 * merges are derived from the ranks (as Hugging Face's own converter does), `ignore_merges` so whole
 * pieces in the vocabulary map directly (tiktoken's first step), the same split regex, byte-level
 * decoder, and the special tokens as added tokens. Takes what it reads of a `TiktokenTokenizer` (which calls
 * it from `toJSON`), so this module does not import the tokenizer's.
 *
 * @example
 * ```ts
 * const json = tiktokenToTokenizerJson(enc); // enc: a TiktokenTokenizer
 * fromTokenizerJson(json).encode('hello').ids; // same ids as enc.encode('hello').ids
 * ```
 */
export function tiktokenToTokenizerJson(tok: {
  readonly table: TokenTable;
  readonly specialTokens: ReadonlyMap<string, number>;
  readonly pattern: string;
}): JsonObject {
  const table = tok.table;
  const vocab: JsonObject = {};
  const merges: string[] = [];
  const str: string[] = new Array(table.size);
  for (let r = 0; r < table.size; r++) {
    if (!table.has(r)) continue;
    const s = bytesToByteLevel(table.tokenBytes(r));
    str[r] = s;
    vocab[s] = r;
  }
  for (let r = 0; r < table.size; r++) {
    if (!table.has(r) || table.length(r) < 2) continue;
    const parts = splitToken(table, r);
    if (parts) merges.push(`${str[parts[0]]} ${str[parts[1]]}`);
  }
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [...tok.specialTokens].map(([content, id]) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: tok.pattern }, behavior: 'Isolated', invert: false },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: true,
      vocab,
      merges,
    },
  };
}
