import { describeValue, FormatError } from '../../errors';
import { field, isId, type JsonObject, optBool, optInt, optString, type } from '../json';
import { ScannedUnigramVocab, ScannedVocab } from '../json-scan';
import { serdeJsonNumber } from '../serde-number';
import { BPESegmenter } from './bpe';
import { ScannedMerges } from './byte-vocab';
import { type BPEMerges, isMergeRanges, type MergeRanges } from './merge-rules';
import type { Segmenter } from './segmenter';
import { UnigramSegmenter } from './unigram';
import { WordLevelSegmenter } from './word-level';
import { WordPieceSegmenter } from './wordpiece';

/**
 * Reads a `{token: id}` vocabulary object of `tokenizer.json` (ids validated) into a map.
 *
 * @example
 * ```ts
 * vocabFromJson({ a: 0, b: 1 }, 'model.vocab'); // Map { 'a' => 0, 'b' => 1 }
 * ```
 */
export function vocabFromJson(j: unknown, where: string): Map<string, number> {
  if (j instanceof ScannedVocab) return tokenMap(j.tokens);
  const o = field(j, where);
  const m = new Map<string, number>();
  let largest = -1;
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (!isId(v)) badId(where, k, v);
    if (v > largest) largest = v;
    m.set(k, v);
  }
  checkDense(largest, m.size, where);
  return m;
}

function badId(where: string, k: string, v: unknown): never {
  throw new FormatError(
    `${where}[${JSON.stringify(k)}]: expected a non-negative integer id, received ${describeValue(v)}`,
    { field: `${where}[${JSON.stringify(k)}]` },
  );
}

/**
 * Segmenters keep their vocabulary as an id → token table, so ids far beyond the number of tokens (a file
 * with `"x": 1000000000` among 300 tokens) would mean a table of a billion slots: a {@link FormatError}
 * instead of a stall or an out-of-memory. Real vocabularies number their tokens from 0 with few gaps.
 */
function checkDense(largest: number, count: number, where: string): void {
  if (largest > 4 * count + 65536) {
    throw new FormatError(
      `${where}: id ${largest} is far beyond the vocabulary's ${count} tokens (ids must number the tokens from 0, with few gaps)`,
      { field: where },
    );
  }
}

/**
 * Reads a `{token: id}` vocabulary object of `tokenizer.json` (ids validated) as the token of each id,
 * without building a map (a map only when the ids are far apart).
 *
 * @example
 * ```ts
 * tokensFromJson({ a: 0, b: 2 }, 'model.vocab'); // ['a', undefined, 'b']
 * ```
 */
export function tokensFromJson(j: unknown, where: string): (string | undefined)[] | Map<string, number> {
  const o = field(j, where);
  const tokens: (string | undefined)[] = [];
  let count = 0;
  for (const k in o) {
    count++;
    const v = o[k];
    if (!isId(v)) badId(where, k, v);
    // far-apart ids so far (the file's order is free): a map, checked as a whole
    if (v > 4 * count + 65536) return vocabFromJson(j, where);
    tokens[v] = k;
  }
  return tokens;
}

/**
 * Builds a segmenter from the `model` object of a `tokenizer.json` (BPE, Unigram, WordLevel or WordPiece; the type is
 * guessed from the fields when `type` is missing, as Hugging Face does). Malformed input is a
 * {@link FormatError} naming the field.
 *
 * @example
 * ```ts
 * const seg = segmenterFromJson({ type: 'WordLevel', vocab: { '[UNK]': 0, hi: 1 }, unk_token: '[UNK]' });
 * seg.tokenToId('hi'); // 1
 * ```
 */
export function segmenterFromJson(j: unknown, where = 'model'): Segmenter {
  const o = field(j, where);
  const t = o.type === undefined ? guessType(o) : type(o, where);
  switch (t) {
    case 'BPE': {
      const vocab =
        o.vocab instanceof ScannedVocab ? o.vocab.tokens : tokensFromJson(o.vocab, `${where}.vocab`);
      const list = o.merges ?? [];
      if (!Array.isArray(list) && !isMergeRanges(list) && !(list instanceof ScannedMerges)) {
        throw new FormatError(`${where}.merges: expected an array, received ${describeValue(list)}`, {
          field: `${where}.merges`,
        });
      }
      const merges = list as BPEMerges | MergeRanges | ScannedMerges;
      const dropout = o.dropout;
      if (
        dropout !== null &&
        dropout !== undefined &&
        (typeof dropout !== 'number' || dropout < 0 || dropout > 1)
      ) {
        throw new FormatError(
          `${where}.dropout: expected null or a number in [0, 1], received ${describeValue(dropout)}`,
          {
            field: `${where}.dropout`,
          },
        );
      }
      return new BPESegmenter(vocab, merges, {
        unkToken: optString(o, 'unk_token', where),
        continuingSubwordPrefix: optString(o, 'continuing_subword_prefix', where),
        endOfWordSuffix: optString(o, 'end_of_word_suffix', where),
        fuseUnk: optBool(o, 'fuse_unk', where, false),
        byteFallback: optBool(o, 'byte_fallback', where, false),
        ignoreMerges: optBool(o, 'ignore_merges', where, false),
        dropout: (dropout as number | null | undefined) ?? null,
      });
    }
    case 'WordLevel':
      return new WordLevelSegmenter(
        vocabFromJson(o.vocab, `${where}.vocab`),
        optString(o, 'unk_token', where),
      );
    case 'WordPiece':
      return new WordPieceSegmenter(
        vocabFromJson(o.vocab, `${where}.vocab`),
        optString(o, 'unk_token', where) ?? '[UNK]',
        optString(o, 'continuing_subword_prefix', where) ?? '##',
        optInt(o, 'max_input_chars_per_word', where, 100),
      );
    case 'Unigram':
      return new UnigramSegmenter(unigramVocab(o.vocab, `${where}.vocab`), {
        unkId: o.unk_id === null || o.unk_id === undefined ? null : optInt(o, 'unk_id', where, 0),
        byteFallback: optBool(o, 'byte_fallback', where, false),
      });
    default:
      throw new FormatError(
        `${where}.type: unsupported model ${JSON.stringify(t)} (supported: BPE, Unigram, WordLevel, WordPiece)`,
        {
          field: `${where}.type`,
        },
      );
  }
}

/**
 * The `[[piece, score], …]` vocabulary of a Unigram model, scores as Hugging Face's JSON parser reads their
 * literals ({@link serdeJsonNumber}; for an already parsed object, of the shortest literal of each score).
 */
function unigramVocab(j: unknown, where: string): [string, number][] {
  if (j instanceof ScannedUnigramVocab) return j.pieces;
  if (!Array.isArray(j)) {
    throw new FormatError(`${where}: expected an array of [piece, score], received ${describeValue(j)}`, {
      field: where,
    });
  }
  return j.map((p, i) => {
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'string' || typeof p[1] !== 'number') {
      throw new FormatError(`${where}[${i}]: expected [piece, score], received ${describeValue(p)}`, {
        field: `${where}[${i}]`,
      });
    }
    const score = serdeJsonNumber(String(p[1]));
    return [p[0], Number.isNaN(score) ? p[1] : score];
  });
}

function tokenMap(tokens: readonly (string | undefined)[]): Map<string, number> {
  const m = new Map<string, number>();
  tokens.forEach((t, id) => {
    if (t !== undefined) m.set(t, id);
  });
  return m;
}

/** The segmenter type of a `model` object without `type`, from the fields it has. */
function guessType(o: JsonObject): string {
  if (Array.isArray(o.merges) || isMergeRanges(o.merges) || o.merges instanceof ScannedMerges) return 'BPE';
  if (Array.isArray(o.vocab) || o.vocab instanceof ScannedUnigramVocab) return 'Unigram';
  if (o.continuing_subword_prefix !== undefined || o.max_input_chars_per_word !== undefined)
    return 'WordPiece';
  if (o.vocab instanceof ScannedVocab || (o.vocab && typeof o.vocab === 'object' && !Array.isArray(o.vocab)))
    return 'WordLevel';
  throw new FormatError(
    'model.type: missing, and the model is not recognisably BPE, Unigram, WordPiece or WordLevel',
    {
      field: 'model.type',
    },
  );
}
