import { FormatError, VocabularyError } from '../errors';
import { BPEModel } from './bpe-model';
import { describe, field, type JsonObject, optBool, optInt, optString, type } from './json';
import { VocabModel } from './vocab-model';

/** Where a model writes the tokens of one piece; offsets are UTF-16 units within the piece. */
export interface TokenSink {
  ids: number[];
  starts: number[];
  ends: number[];
}

/** A tokenization model: turns one pre-tokenized piece into tokens. */
export interface Model {
  readonly type: 'BPE' | 'WordLevel' | 'WordPiece';
  readonly unkToken: string | null;
  /** Largest id + 1. */
  readonly vocabSize: number;
  tokenize(piece: string, out: TokenSink): void;
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
  /** Vocabulary as token → id. */
  getVocab(): Map<string, number>;
  toJSON(): JsonObject;
}

/** Reads a `{token: id}` vocabulary object (validated). */
export function vocabFromJson(j: unknown, where: string): Map<string, number> {
  const o = field(j, where);
  const m = new Map<string, number>();
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new FormatError(
        `${where}[${JSON.stringify(k)}]: expected a non-negative integer id, received ${describe(v)}`,
        {
          field: `${where}[${JSON.stringify(k)}]`,
        },
      );
    }
    m.set(k, v);
  }
  return m;
}

export function vocabJson(vocab: Map<string, number>): JsonObject {
  const o: JsonObject = {};
  for (const [t, id] of [...vocab].sort((a, b) => a[1] - b[1])) o[t] = id;
  return o;
}

/** Whole pieces looked up in a vocabulary; anything else is the unknown token. */
export class WordLevelModel extends VocabModel implements Model {
  readonly type = 'WordLevel';
  private readonly unkId: number | undefined;
  constructor(
    vocab: Map<string, number>,
    readonly unkToken: string | null = '[UNK]',
  ) {
    super(vocab);
    this.unkId = unkToken === null ? undefined : vocab.get(unkToken);
  }
  tokenize(piece: string, out: TokenSink): void {
    const id = this.vocab.get(piece) ?? this.unkId;
    if (id === undefined) {
      throw new VocabularyError(
        `encode: ${JSON.stringify(piece)} is not in the vocabulary and the model has no unknown token${this.unkToken ? ` (${JSON.stringify(this.unkToken)} is not in the vocabulary)` : ''}`,
        piece,
      );
    }
    out.ids.push(id);
    out.starts.push(0);
    out.ends.push(piece.length);
  }
  toJSON(): JsonObject {
    return { type: 'WordLevel', vocab: vocabJson(this.vocab), unk_token: this.unkToken };
  }
}

/** BERT's WordPiece: greedy longest match from the left, `##` marks continuations. */
export class WordPieceModel extends VocabModel implements Model {
  readonly type = 'WordPiece';
  private readonly unkId: number | undefined;
  constructor(
    vocab: Map<string, number>,
    readonly unkToken: string = '[UNK]',
    readonly continuingSubwordPrefix = '##',
    readonly maxInputCharsPerWord = 100,
  ) {
    super(vocab);
    this.unkId = vocab.get(unkToken);
  }
  tokenize(piece: string, out: TokenSink): void {
    const chars = Array.from(piece);
    if (chars.length <= this.maxInputCharsPerWord) {
      const n0 = out.ids.length;
      // UTF-16 offset of each code point boundary
      const at = new Array<number>(chars.length + 1);
      at[0] = 0;
      for (let i = 0; i < chars.length; i++) at[i + 1] = at[i]! + chars[i]!.length;
      let start = 0;
      let ok = true;
      while (start < chars.length) {
        let end = chars.length;
        let found = -1;
        while (start < end) {
          const sub = (start > 0 ? this.continuingSubwordPrefix : '') + piece.slice(at[start], at[end]);
          const id = this.vocab.get(sub);
          if (id !== undefined) {
            found = id;
            break;
          }
          end--;
        }
        if (found < 0) {
          ok = false;
          break;
        }
        out.ids.push(found);
        out.starts.push(at[start]!);
        out.ends.push(at[end]!);
        start = end;
      }
      if (ok) return;
      out.ids.length = n0;
      out.starts.length = n0;
      out.ends.length = n0;
    }
    if (this.unkId === undefined) {
      throw new VocabularyError(
        `encode: ${JSON.stringify(piece)} cannot be tokenized and ${JSON.stringify(this.unkToken)} is not in the vocabulary`,
        piece,
      );
    }
    out.ids.push(this.unkId);
    out.starts.push(0);
    out.ends.push(piece.length);
  }
  toJSON(): JsonObject {
    return {
      type: 'WordPiece',
      unk_token: this.unkToken,
      continuing_subword_prefix: this.continuingSubwordPrefix,
      max_input_chars_per_word: this.maxInputCharsPerWord,
      vocab: vocabJson(this.vocab),
    };
  }
}

/** Builds a model from its tokenizer.json object. */
export function modelFromJson(j: unknown, where = 'model'): Model {
  const o = field(j, where);
  const t = o.type === undefined ? guessModelType(o) : type(o, where);
  switch (t) {
    case 'BPE': {
      const vocab = vocabFromJson(o.vocab, `${where}.vocab`);
      const list = o.merges ?? [];
      if (!Array.isArray(list)) {
        throw new FormatError(`${where}.merges: expected an array, received ${describe(list)}`, {
          field: `${where}.merges`,
        });
      }
      const merges: [string, string][] = list.map((m, i) => {
        if (typeof m === 'string') {
          const sp = m.indexOf(' ', 1);
          if (sp < 0 || m.indexOf(' ', sp + 1) >= 0) {
            throw new FormatError(`${where}.merges[${i}]: expected "left right", received ${describe(m)}`, {
              field: `${where}.merges[${i}]`,
            });
          }
          return [m.slice(0, sp), m.slice(sp + 1)];
        }
        if (Array.isArray(m) && m.length === 2 && typeof m[0] === 'string' && typeof m[1] === 'string') {
          return [m[0], m[1]];
        }
        throw new FormatError(
          `${where}.merges[${i}]: expected "left right" or ["left", "right"], received ${describe(m)}`,
          {
            field: `${where}.merges[${i}]`,
          },
        );
      });
      const dropout = o.dropout;
      if (
        dropout !== null &&
        dropout !== undefined &&
        (typeof dropout !== 'number' || dropout < 0 || dropout > 1)
      ) {
        throw new FormatError(
          `${where}.dropout: expected null or a number in [0, 1], received ${describe(dropout)}`,
          {
            field: `${where}.dropout`,
          },
        );
      }
      return new BPEModel(vocab, merges, {
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
      return new WordLevelModel(vocabFromJson(o.vocab, `${where}.vocab`), optString(o, 'unk_token', where));
    case 'WordPiece':
      return new WordPieceModel(
        vocabFromJson(o.vocab, `${where}.vocab`),
        optString(o, 'unk_token', where) ?? '[UNK]',
        optString(o, 'continuing_subword_prefix', where) ?? '##',
        optInt(o, 'max_input_chars_per_word', where, 100),
      );
    default:
      throw new FormatError(
        `${where}.type: unsupported model ${JSON.stringify(t)} (supported: BPE, WordLevel, WordPiece)`,
        {
          field: `${where}.type`,
        },
      );
  }
}

function guessModelType(o: JsonObject): string {
  if (Array.isArray(o.merges)) return 'BPE';
  if (o.continuing_subword_prefix !== undefined || o.max_input_chars_per_word !== undefined)
    return 'WordPiece';
  if (o.vocab && typeof o.vocab === 'object' && !Array.isArray(o.vocab)) return 'WordLevel';
  throw new FormatError(
    'model.type: missing, and the model is not recognisably BPE, WordPiece or WordLevel',
    {
      field: 'model.type',
    },
  );
}
