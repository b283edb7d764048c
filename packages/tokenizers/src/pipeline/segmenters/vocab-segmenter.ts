import type { JsonObject } from '../json';
import { type ByteVocabIndex, byteLookupOf } from './byte-vocab';
import { VocabIndex } from './vocab-index';

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
  protected readonly tokens: (string | undefined)[];
  /** Largest id + 1. */
  readonly vocabSize: number;
  private map: Map<string, number> | undefined;
  private hashIndex: VocabIndex | undefined;
  /** The index `tokenizer.json` loading built over the tokens' bytes (token lookups without a second index). */
  private readonly byteIndex: ByteVocabIndex | undefined;

  /** @param vocab token → id, or the token of each id (`tokenizer.json` loading passes this: no map is built until asked for). */
  constructor(vocab: Map<string, number> | readonly (string | undefined)[]) {
    if (vocab instanceof Map) {
      let size = 0;
      for (const id of vocab.values()) if (id + 1 > size) size = id + 1;
      this.tokens = new Array(size);
      for (const [t, id] of vocab) this.tokens[id] = t;
      this.map = vocab;
    } else this.tokens = vocab as (string | undefined)[];
    this.byteIndex = this.map === undefined ? byteLookupOf(this.tokens) : undefined;
    this.vocabSize = this.tokens.length;
  }

  /** The vocabulary as token → id (built on first use when the segmenter was made from a token list). */
  get vocab(): Map<string, number> {
    if (this.map === undefined) {
      const m = new Map<string, number>();
      const tokens = this.tokens;
      for (let id = 0; id < tokens.length; id++) {
        const t = tokens[id];
        if (t !== undefined) m.set(t, id);
      }
      this.map = m;
    }
    return this.map;
  }

  /** A hash index of the tokens that looks up substrings without building them. */
  protected get index(): VocabIndex {
    if (this.hashIndex === undefined) this.hashIndex = new VocabIndex(this.tokens);
    return this.hashIndex;
  }

  tokenToId(token: string): number | undefined {
    if (this.map !== undefined) return this.map.get(token);
    const id = this.byteIndex !== undefined ? this.byteIndex.get(token) : this.index.get(token);
    return id < 0 ? undefined : id;
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
