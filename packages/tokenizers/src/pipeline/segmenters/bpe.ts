import { mergeIds } from '../../bpe/merge-ids';
import { VocabularyError } from '../../errors';
import type { JsonObject } from '../json';
import { ScannedMerges } from './byte-vocab';
import {
  type BPEMerges,
  buildMergeRules,
  type MergeIdRules,
  type MergeRanges,
  mergePairs,
} from './merge-rules';
import type { Segmenter, TokenSink } from './segmenter';
import { VocabSegmenter, vocabJson } from './vocab-segmenter';

/**
 * Options of {@link BPESegmenter} (the fields of a BPE `model` in `tokenizer.json`, camel-cased).
 *
 * @example
 * ```ts
 * const options: BPESegmenterOptions = { unkToken: '<unk>', endOfWordSuffix: '</w>' };
 * ```
 */
export interface BPESegmenterOptions {
  unkToken?: string | null;
  continuingSubwordPrefix?: string | null;
  endOfWordSuffix?: string | null;
  fuseUnk?: boolean;
  byteFallback?: boolean;
  ignoreMerges?: boolean;
  dropout?: number | null;
}

/** Piece cache (like Hugging Face's): at most this many entries, pieces of at most this length. */
const CACHE_SIZE = 10_000;
const CACHE_MAX_PIECE = 64;

/**
 * BPE with merge rules (Hugging Face / Sennrich semantics): start from characters (or byte-level
 * chars), apply the lowest-ranked merge first. Covers byte-level (GPT-2 `tokenizer.json`), classic
 * subword BPE with an end-of-word suffix, and SentencePiece-style BPE with byte fallback.
 *
 * @example
 * ```ts
 * const seg = new BPESegmenter(new Map([['a', 0], ['b', 1], ['ab', 2]]), [['a', 'b']]);
 * const out = { ids: [], starts: [], ends: [] };
 * seg.tokenize('ab', out); // out.ids = [2]
 * ```
 */
export class BPESegmenter extends VocabSegmenter implements Segmenter {
  readonly type = 'BPE';
  readonly unkToken: string | null;
  readonly continuingSubwordPrefix: string | null;
  readonly endOfWordSuffix: string | null;
  readonly fuseUnk: boolean;
  readonly byteFallback: boolean;
  readonly ignoreMerges: boolean;
  readonly dropout: number | null;
  private readonly rules: MergeIdRules;
  private readonly unkId: number | undefined;
  private readonly cache = new Map<string, Int32Array>();
  private syms = new Int32Array(256);
  private symS = new Int32Array(256);
  private symE = new Int32Array(256);
  private outIds = new Int32Array(256);
  private outStart = new Int32Array(256);
  private mergeSource: BPEMerges | MergeRanges | ScannedMerges;
  private mergePairs: [string, string][] | undefined;

  /**
   * @param vocab token → id, or the token of each id.
   * @param merges merge rules, highest priority first: `[left, right]` pairs or `"left right"` strings.
   */
  constructor(
    vocab: Map<string, number> | readonly (string | undefined)[],
    merges: BPEMerges | MergeRanges | ScannedMerges,
    options: BPESegmenterOptions = {},
  ) {
    super(vocab);
    this.unkToken = options.unkToken ?? null;
    this.continuingSubwordPrefix = options.continuingSubwordPrefix ?? null;
    this.endOfWordSuffix = options.endOfWordSuffix ?? null;
    this.fuseUnk = options.fuseUnk ?? false;
    this.byteFallback = options.byteFallback ?? false;
    this.ignoreMerges = options.ignoreMerges ?? false;
    this.dropout = options.dropout ?? null;
    const unk = this.unkToken === null ? undefined : this.tokenToId(this.unkToken);
    this.unkId = unk;
    this.mergeSource = merges;
    const prefixLength = this.continuingSubwordPrefix?.length ?? 0;
    if (merges instanceof ScannedMerges) {
      // read from the bytes with this very vocabulary: the rules are built, unless a prefix changes the results
      this.rules =
        prefixLength === 0 && merges.tokens === vocab
          ? merges.rules
          : buildMergeRules(this.index, merges.pairs(), prefixLength);
    } else this.rules = buildMergeRules(this.index, merges, prefixLength);
  }

  /** The merge rules as `[left, right]` pairs, highest priority first. */
  get merges(): [string, string][] {
    if (this.mergePairs === undefined) {
      const m = this.mergeSource;
      this.mergePairs = m instanceof ScannedMerges ? m.pairs() : mergePairs(m);
    }
    return this.mergePairs;
  }

  /** The merge rules as ids (`rules.ranks.get(a, b)` → rank, `rules.result[rank]` → id), for the fast encoders. */
  get mergeRules(): MergeIdRules {
    return this.rules;
  }

  /** The id of `unkToken` (`undefined` when there is none or it is not in the vocabulary). */
  get unknownId(): number | undefined {
    return this.unkId;
  }

  /** The token of each id (holes where the vocabulary skips ids), for the fast encoders; do not modify. */
  get tokenList(): readonly (string | undefined)[] {
    return this.tokens;
  }

  tokenize(piece: string, out: TokenSink): void {
    if (piece.length === 0) return;
    if (this.ignoreMerges) {
      const id = this.vocab.get(piece);
      if (id !== undefined) {
        out.ids.push(id);
        out.starts.push(0);
        out.ends.push(piece.length);
        return;
      }
    }
    const cached = piece.length <= CACHE_MAX_PIECE ? this.cache.get(piece) : undefined;
    if (cached !== undefined) {
      const k = cached.length / 3;
      for (let i = 0; i < k; i++) {
        out.ids.push(cached[i]!);
        out.starts.push(cached[k + i]!);
        out.ends.push(cached[2 * k + i]!);
      }
      return;
    }
    const n = this.symbols(piece);
    if (this.outIds.length < n) {
      this.outIds = new Int32Array(n * 2);
      this.outStart = new Int32Array(n * 2);
    }
    const m = mergeIds(this.rules, this.syms, n, this.outIds, this.outStart);
    const res = new Int32Array(3 * m);
    for (let k = 0; k < m; k++) {
      const first = this.outStart[k]!;
      const last = (k + 1 < m ? this.outStart[k + 1]! : n) - 1;
      res[k] = this.outIds[k]!;
      res[m + k] = this.symS[first]!;
      res[2 * m + k] = this.symE[last]!;
      out.ids.push(res[k]!);
      out.starts.push(res[m + k]!);
      out.ends.push(res[2 * m + k]!);
    }
    if (piece.length <= CACHE_MAX_PIECE) {
      if (this.cache.size >= CACHE_SIZE) this.cache.clear();
      this.cache.set(piece, res);
    }
  }

  /** Initial symbols of a piece into this.syms (with char ranges); returns their count. */
  private symbols(piece: string): number {
    const cap = piece.length * 4 + 4;
    if (this.syms.length < cap) {
      this.syms = new Int32Array(cap);
      this.symS = new Int32Array(cap);
      this.symE = new Int32Array(cap);
    }
    const prefix = this.continuingSubwordPrefix;
    const suffix = this.endOfWordSuffix;
    let n = 0;
    let lastUnk = false;
    for (let i = 0; i < piece.length; ) {
      const c = piece.charCodeAt(i);
      const w =
        c >= 0xd800 && c <= 0xdbff && i + 1 < piece.length && (piece.charCodeAt(i + 1) & 0xfc00) === 0xdc00
          ? 2
          : 1;
      let tok = w === 1 ? piece[i]! : piece.slice(i, i + 2);
      if (prefix !== null && i > 0) tok = prefix + tok;
      if (suffix !== null && i + w === piece.length) tok += suffix;
      const id = this.vocab.get(tok);
      if (id !== undefined) {
        this.syms[n] = id;
        this.symS[n] = i;
        this.symE[n] = i + w;
        n++;
        lastUnk = false;
      } else if (this.byteFallback && this.pushBytes(piece.slice(i, i + w), i, i + w, n)) {
        n += new TextEncoder().encode(piece.slice(i, i + w)).length;
        lastUnk = false;
      } else {
        if (this.unkId === undefined) {
          throw new VocabularyError(
            `encode: ${JSON.stringify(piece.slice(i, i + w))} is not in the BPE vocabulary and the model has no unknown token`,
            piece.slice(i, i + w),
          );
        }
        if (this.fuseUnk && lastUnk) {
          this.symE[n - 1] = i + w;
        } else {
          this.syms[n] = this.unkId;
          this.symS[n] = i;
          this.symE[n] = i + w;
          n++;
        }
        lastUnk = true;
      }
      i += w;
    }
    return n;
  }

  private pushBytes(ch: string, s: number, e: number, n: number): boolean {
    const bytes = new TextEncoder().encode(ch);
    const ids: number[] = [];
    for (const b of bytes) {
      const id = this.vocab.get(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
      if (id === undefined) return false;
      ids.push(id);
    }
    ids.forEach((id, k) => {
      this.syms[n + k] = id;
      this.symS[n + k] = s;
      this.symE[n + k] = e;
    });
    return true;
  }

  toJSON(): JsonObject {
    const spaced = this.merges.some(([a, b]) => a.includes(' ') || b.includes(' '));
    return {
      type: 'BPE',
      dropout: this.dropout,
      unk_token: this.unkToken,
      continuing_subword_prefix: this.continuingSubwordPrefix,
      end_of_word_suffix: this.endOfWordSuffix,
      fuse_unk: this.fuseUnk,
      byte_fallback: this.byteFallback,
      ignore_merges: this.ignoreMerges,
      vocab: vocabJson(this.vocab),
      merges: spaced ? this.merges.map(([a, b]) => [a, b]) : this.merges.map(([a, b]) => `${a} ${b}`),
    };
  }
}
