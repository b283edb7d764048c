import type { JsonObject } from '../json';

/**
 * Where a segmenter writes the tokens of one piece: parallel arrays of ids and UTF-16 `[start, end)` offsets
 * within the piece.
 *
 * @example
 * ```ts
 * const sink: TokenSink = { ids: [], starts: [], ends: [] };
 * segmenter.tokenize('hello', sink); // sink.ids = [31373], sink.starts = [0], sink.ends = [5]
 * ```
 */
export interface TokenSink {
  ids: number[];
  starts: number[];
  ends: number[];
}

/**
 * A segmenter: the vocabulary algorithm (BPE, Unigram, WordLevel or WordPiece — the `model` of a Hugging Face
 * `tokenizer.json`) that turns one pre-tokenized piece into tokens. Called "segmenter" so that it is not
 * confused with neural models.
 *
 * @example
 * ```ts
 * const seg: Segmenter = new WordLevelSegmenter(new Map([['[UNK]', 0], ['hi', 1]]), '[UNK]');
 * seg.tokenToId('hi'); // 1
 * ```
 */
export interface Segmenter {
  readonly type: 'BPE' | 'WordLevel' | 'WordPiece' | 'Unigram';
  readonly unkToken: string | null;
  /** Largest id + 1. */
  readonly vocabSize: number;
  tokenize(piece: string, out: TokenSink): void;
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
  /** Vocabulary as token → id. */
  getVocab(): Map<string, number>;
  /** The `model` object of `tokenizer.json`. */
  toJSON(): JsonObject;
}
