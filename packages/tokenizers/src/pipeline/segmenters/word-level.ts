import { VocabularyError } from '../../errors';
import type { JsonObject } from '../json';
import type { Segmenter, TokenSink } from './segmenter';
import { VocabSegmenter, vocabJson } from './vocab-segmenter';

/**
 * WordLevel: whole pieces looked up in a vocabulary; anything else is the unknown token.
 *
 * @example
 * ```ts
 * const seg = new WordLevelSegmenter(new Map([['[UNK]', 0], ['hello', 1]]), '[UNK]');
 * const out = { ids: [], starts: [], ends: [] };
 * seg.tokenize('hello', out); // out.ids = [1]
 * ```
 */
export class WordLevelSegmenter extends VocabSegmenter implements Segmenter {
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
