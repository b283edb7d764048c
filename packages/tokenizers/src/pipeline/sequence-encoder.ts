import { Encoding, type Offset } from '../encoding';
import type { AllowedSpecial } from '../special-tokens';
import type { AddedToken, AddedVocabulary } from './added-tokens';
import { type FastEncoder, type SequenceSink, wellFormed } from './fast-encoder';
import { NormalizedString } from './normalized-string';
import type { Normalizer } from './normalizers';
import type { PreTokenizer } from './pre-tokenizer';
import type { Segmenter, TokenSink } from './segmenters/segmenter';

/** The stages a {@link SequenceEncoder} runs. */
interface Stages {
  readonly normalizer: Normalizer | null;
  readonly preTokenizer: PreTokenizer | null;
  readonly segmenter: Segmenter;
  readonly added: AddedVocabulary;
}

/**
 * Encodes one sequence of a {@link PipelineTokenizer} as Hugging Face does: added tokens found in the raw
 * text, then for each run between them the normalizer, the added tokens found in normalized text, the
 * pre-tokenizer and the segmenter — or the pipeline's fast encoder, which does those stages in one pass.
 * Offsets and word ids are tracked; with a fast encoder they come from a second, recording pass made only
 * when asked for.
 *
 * @example
 * ```ts
 * const seq = new SequenceEncoder(tok, null);
 * seq.encode('Hello<|endoftext|>', 'all', 0, (id) => tok.idToToken(id)).ids;
 * ```
 */
export class SequenceEncoder {
  private readonly pieceSink: TokenSink = { ids: [], starts: [], ends: [] };

  constructor(
    private readonly stages: Stages,
    /** The one-pass encoder of the pipeline's shape, if any. */
    readonly fast: FastEncoder | null,
  ) {}

  /** The encoding of `input` (type id `typeId`, special tokens allowed by `allowed`), without post-processing. */
  encode(
    input: string,
    allowed: AllowedSpecial,
    typeId: number,
    idToToken: (id: number) => string | undefined,
  ): Encoding {
    const text = wellFormed(input);
    const specialAt: number[] = [];
    // with a fast encoder, ids first; offsets and word ids from a recording pass when asked for
    const sink = this.encodeText(text, allowed, this.fast === null, specialAt);
    let full: SequenceSink | null = sink.record ? sink : null;
    const detail = () => {
      if (full === null) full = this.encodeText(text, allowed, true, []);
      return full;
    };
    const ids = sink.ids;
    const n = ids.length;
    return new Encoding({
      ids,
      tokens: () => ids.map((id) => idToToken(id) ?? ''),
      offsets: () => {
        const { starts, ends } = detail();
        return ids.map((_, i): Offset => [starts[i]!, ends[i]!]);
      },
      wordIds: () => detail().words.slice(),
      typeIds: new Array<number>(n).fill(typeId),
      specialTokensMask: () => {
        const mask = new Array<number>(n).fill(0);
        for (const i of specialAt) mask[i] = 1;
        return mask;
      },
    });
  }

  /** The tokens of `text` (offsets and words too when `record`). */
  private encodeText(
    text: string,
    allowed: AllowedSpecial,
    record: boolean,
    specialAt: number[],
  ): SequenceSink {
    const sink: SequenceSink = { ids: [], starts: [], ends: [], words: [], word: 0, record };
    for (const seg of this.stages.added.split(text, allowed)) {
      if (seg.token) this.pushAdded(seg.token, seg.start, seg.end, sink, specialAt);
      else if (seg.end > seg.start) this.encodeRun(text, seg.start, seg.end, allowed, sink, specialAt);
    }
    return sink;
  }

  /** Appends an added token found in the text. */
  private pushAdded(token: AddedToken, start: number, end: number, sink: SequenceSink, specialAt: number[]) {
    if (token.special) specialAt.push(sink.ids.length);
    sink.ids.push(token.id);
    sink.starts.push(start);
    sink.ends.push(end);
    sink.words.push(sink.word++);
  }

  /** Normalizes, pre-tokenizes and segments `text[start, end)`, a run without raw added tokens. */
  private encodeRun(
    text: string,
    start: number,
    end: number,
    allowed: AllowedSpecial,
    sink: SequenceSink,
    specialAt: number[],
  ): void {
    const fast = this.fast;
    if (fast !== null) {
      if (!this.stages.added.hasNormalized) {
        if (fast.encode(text, start, end, sink)) return;
      } else if (fast.identityNormalizer) {
        // the normalizer is the identity: normalized added tokens are found in the run itself
        for (const seg of this.stages.added.split(text.slice(start, end), allowed, true)) {
          const s = start + seg.start;
          const e = start + seg.end;
          if (seg.token) this.pushAdded(seg.token, s, e, sink, specialAt);
          else if (!fast.encode(text, s, e, sink))
            this.segmentPieces(new NormalizedString(text.slice(s, e), s), sink);
        }
        return;
      }
    }
    let ns = new NormalizedString(text.slice(start, end), start);
    if (this.stages.normalizer) ns = this.stages.normalizer.normalize(ns);
    if (!this.stages.added.hasNormalized) {
      this.segmentPieces(ns, sink);
      return;
    }
    for (const seg of this.stages.added.split(ns.text, allowed, true)) {
      if (seg.token) {
        const [s, e] = ns.originalRange(seg.start, seg.end);
        this.pushAdded(seg.token, s, e, sink, specialAt);
      } else if (seg.end > seg.start) this.segmentPieces(ns.slice(seg.start, seg.end), sink);
    }
  }

  /** Pre-tokenizes normalized text and segments each piece (the general path). */
  private segmentPieces(ns: NormalizedString, sink: SequenceSink): void {
    const pieces = this.stages.preTokenizer ? this.stages.preTokenizer.preTokenize([ns]) : [ns];
    const tmp = this.pieceSink;
    for (const p of pieces) {
      if (p.length === 0) continue;
      tmp.ids.length = 0;
      tmp.starts.length = 0;
      tmp.ends.length = 0;
      this.stages.segmenter.tokenize(p.text, tmp);
      for (let k = 0; k < tmp.ids.length; k++) {
        const [s, e] = p.originalRange(tmp.starts[k]!, tmp.ends[k]!);
        sink.ids.push(tmp.ids[k]!);
        sink.starts.push(s);
        sink.ends.push(e);
        sink.words.push(sink.word);
      }
      sink.word++;
    }
  }
}
