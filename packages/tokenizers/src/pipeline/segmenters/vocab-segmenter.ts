import type { JsonObject } from '../json';

/**
 * What every vocabulary-based segmenter (BPE, WordLevel, WordPiece) shares: the vocabulary both ways and its
 * accessors.
 *
 * @example
 * ```ts
 * class Whole extends VocabSegmenter {
 *   tokenize(piece: string, out: TokenSink) { … this.vocab.get(piece) … }
 * }
 * ```
 */
export abstract class VocabSegmenter {
  /** Token of each id (holes where the vocabulary skips ids). */
  protected readonly tokens: string[];
  /** Largest id + 1. */
  readonly vocabSize: number;

  constructor(readonly vocab: Map<string, number>) {
    let size = 0;
    for (const id of vocab.values()) if (id + 1 > size) size = id + 1;
    this.tokens = new Array(size);
    for (const [t, id] of vocab) this.tokens[id] = t;
    this.vocabSize = size;
  }

  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.tokens[id];
  }

  /** Vocabulary as token → id (a copy). */
  getVocab(): Map<string, number> {
    return new Map(this.vocab);
  }
}

/**
 * A vocabulary as the `{token: id}` object of `tokenizer.json`, in id order.
 *
 * @example
 * ```ts
 * vocabJson(new Map([['b', 1], ['a', 0]])); // { a: 0, b: 1 }
 * ```
 */
export function vocabJson(vocab: Map<string, number>): JsonObject {
  const o: JsonObject = {};
  for (const [t, id] of [...vocab].sort((a, b) => a[1] - b[1])) o[t] = id;
  return o;
}
