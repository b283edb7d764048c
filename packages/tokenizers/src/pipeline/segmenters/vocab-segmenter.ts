/**
 * What every vocabulary-based model (BPE, WordLevel, WordPiece) shares: the vocabulary both ways and
 * its accessors. In its own module so that models.ts and bpe-model.ts, which import each other, can
 * both extend it.
 */
export abstract class VocabModel {
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
