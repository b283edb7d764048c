import { VocabularyError } from '../../errors';
import type { JsonObject } from '../json';
import type { Segmenter, TokenSink } from './segmenter';
import { FNV_SEED, fnvStep, VocabIndex } from './vocab-index';

/** Hugging Face's (and SentencePiece's) penalty of an unknown char below the lowest piece score. */
const UNK_PENALTY = 10;

/**
 * Options of {@link UnigramSegmenter} (the fields of a Unigram `model` in `tokenizer.json`, camel-cased).
 *
 * @example
 * ```ts
 * const options: UnigramOptions = { unkId: 0, byteFallback: true };
 * ```
 */
export interface UnigramOptions {
  /** Id of the unknown token (`unk_id`); without one, text with an unknown char cannot be encoded. */
  unkId?: number | null;
  /** Unknown chars become their UTF-8 bytes as `<0xXX>` tokens where the vocabulary has them. */
  byteFallback?: boolean;
}

/**
 * SentencePiece's Unigram model (T5, ALBERT, XLM-R, mBART `tokenizer.json`s): the segmentation with the
 * highest total log-probability, found by Viterbi over every vocabulary piece that starts at each char, as
 * Hugging Face tokenizers does it — ties keep the first candidate, a char no piece covers costs the lowest
 * score minus 10 and becomes the unknown token, adjacent unknown chars fuse into one token, and with byte
 * fallback an unknown run becomes its `<0xXX>` bytes.
 *
 * @example
 * ```ts
 * const seg = new UnigramSegmenter([['<unk>', 0], ['▁he', -2], ['llo', -2.5], ['▁hello', -4], ['▁', -3]], { unkId: 0 });
 * const out = { ids: [], starts: [], ends: [] };
 * seg.tokenize('▁hello', out); // out.ids = [3] (−4 beats −2 − 2.5)
 * ```
 */
export class UnigramSegmenter implements Segmenter {
  readonly type = 'Unigram';
  readonly unkToken: string | null;
  readonly vocabSize: number;
  readonly unkId: number | null;
  readonly byteFallback: boolean;
  private readonly tokens: string[];
  private readonly scores: Float64Array;
  private readonly index: VocabIndex;
  private readonly maxLen: number;
  private readonly unkScore: number;
  private best = new Float64Array(256);
  private from = new Int32Array(256);
  private node = new Int32Array(256);

  /** @param vocab `[piece, log-probability]` per id. */
  constructor(
    readonly vocab: readonly (readonly [string, number])[],
    options: UnigramOptions = {},
  ) {
    this.tokens = vocab.map((p) => p[0]);
    this.scores = Float64Array.from(vocab, (p) => p[1]);
    this.vocabSize = vocab.length;
    this.index = new VocabIndex(this.tokens);
    let maxLen = 1;
    let min = Number.POSITIVE_INFINITY;
    for (let i = 0; i < vocab.length; i++) {
      if (this.tokens[i]!.length > maxLen) maxLen = this.tokens[i]!.length;
      if (this.scores[i]! < min) min = this.scores[i]!;
    }
    this.maxLen = maxLen;
    this.unkScore = min - UNK_PENALTY;
    this.unkId = options.unkId ?? null;
    this.unkToken = this.unkId === null ? null : (this.tokens[this.unkId] ?? null);
    this.byteFallback = options.byteFallback ?? false;
  }

  tokenize(piece: string, out: TokenSink): void {
    const n = piece.length;
    if (n === 0) return;
    if (this.best.length < n + 1) {
      this.best = new Float64Array(2 * n + 2);
      this.from = new Int32Array(2 * n + 2);
      this.node = new Int32Array(2 * n + 2);
    }
    const { best, from, node, index, scores } = this;
    best.fill(0, 0, n + 1);
    from.fill(-1, 0, n + 1);
    for (let i = 0; i < n; ) {
      const c = piece.charCodeAt(i);
      const w =
        c >= 0xd800 && c <= 0xdbff && i + 1 < n && (piece.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
      const base = best[i]!;
      let single = false;
      let h = FNV_SEED;
      const last = Math.min(n, i + this.maxLen);
      for (let e = i + 1; e <= last; e++) {
        h = fnvStep(h, piece.charCodeAt(e - 1));
        const id = index.getHashed(h, piece, i, e);
        if (id < 0) continue;
        const cand = scores[id]! + base;
        if (from[e]! < 0 || cand > best[e]!) {
          best[e] = cand;
          from[e] = i;
          node[e] = id;
        }
        if (e - i === w) single = true;
      }
      if (!single) {
        if (this.unkId === null) {
          throw new VocabularyError(
            `encode: ${JSON.stringify(piece.slice(i, i + w))} is not in the Unigram vocabulary and the model has no unknown token`,
            piece.slice(i, i + w),
          );
        }
        const cand = this.unkScore + base;
        if (from[i + w]! < 0 || cand > best[i + w]!) {
          best[i + w] = cand;
          from[i + w] = i;
          node[i + w] = this.unkId;
        }
      }
      i += w;
    }
    // best path, back to front; runs of the unknown id fuse into one token
    const k0 = out.ids.length;
    let unkEnd = -1;
    let unkStart = -1;
    for (let e = n; e > 0; ) {
      const s = from[e]!;
      if (node[e] === this.unkId) {
        if (unkEnd < 0) unkEnd = e;
        unkStart = s;
      } else {
        if (unkEnd >= 0) this.pushUnknown(piece, unkStart, unkEnd, out);
        unkEnd = -1;
        out.ids.push(node[e]!);
        out.starts.push(s);
        out.ends.push(e);
      }
      e = s;
    }
    if (unkEnd >= 0) this.pushUnknown(piece, unkStart, unkEnd, out);
    reverseFrom(out.ids, k0);
    reverseFrom(out.starts, k0);
    reverseFrom(out.ends, k0);
  }

  /** A fused unknown run `piece[s, e)`, pushed back to front like the rest of the path. */
  private pushUnknown(piece: string, s: number, e: number, out: TokenSink): void {
    let id = this.index.get(piece, s, e);
    if (id < 0 && this.byteFallback) {
      const bytes = new TextEncoder().encode(piece.slice(s, e));
      const ids: number[] = [];
      for (const b of bytes) {
        const bid = this.index.get(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
        if (bid < 0) break;
        ids.push(bid);
      }
      if (ids.length === bytes.length) {
        for (let k = ids.length - 1; k >= 0; k--) {
          out.ids.push(ids[k]!);
          out.starts.push(s);
          out.ends.push(e);
        }
        return;
      }
    }
    if (id < 0) id = this.unkId!;
    out.ids.push(id);
    out.starts.push(s);
    out.ends.push(e);
  }

  tokenToId(token: string): number | undefined {
    const id = this.index.get(token);
    return id < 0 ? undefined : id;
  }

  idToToken(id: number): string | undefined {
    return this.tokens[id];
  }

  /** Vocabulary as token → id. */
  getVocab(): Map<string, number> {
    const m = new Map<string, number>();
    for (let id = 0; id < this.tokens.length; id++) m.set(this.tokens[id]!, id);
    return m;
  }

  toJSON(): JsonObject {
    return {
      type: 'Unigram',
      unk_id: this.unkId,
      vocab: this.vocab.map(([t, s]) => [t, s]),
      byte_fallback: this.byteFallback,
    };
  }
}

function reverseFrom(a: number[], from: number): void {
  for (let i = from, j = a.length - 1; i < j; i++, j--) {
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}
