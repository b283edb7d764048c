import { VocabularyError } from '../../errors';
import type { JsonObject } from '../json';
import type { Segmenter, TokenSink } from './segmenter';
import { VocabSegmenter, vocabJson } from './vocab-segmenter';

/**
 * BERT's WordPiece: greedy longest match from the left, `##` marks continuations.
 *
 * @example
 * ```ts
 * const seg = new WordPieceSegmenter(new Map([['[UNK]', 0], ['play', 1], ['##ing', 2]]));
 * const out = { ids: [], starts: [], ends: [] };
 * seg.tokenize('playing', out); // out.ids = [1, 2], out.starts = [0, 4], out.ends = [4, 7]
 * ```
 */
export class WordPieceSegmenter extends VocabSegmenter implements Segmenter {
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
