import { mergeIds } from '../bpe/merge-ids';
import type { FastEncoder, SequenceSink } from './fast-encoder';
import { RangeCache } from './range-cache';
import type { MergeIdRules } from './segmenters/merge-rules';
import { blockedChars, charTables, cutTable, inertChars, inertIds } from './sentencepiece-tables';

const CACHE_MAX_CHUNK = 64;
const CACHE_SIZE = 16384;

/**
 * Options of {@link SentencePieceBPE}.
 *
 * @example
 * ```ts
 * const options: SentencePieceBPEOptions = { replacement: '▁', prepend: true, unkId: 0, fuseUnk: true, byteFallback: true, byteIds };
 * ```
 */
export interface SentencePieceBPEOptions {
  /** The char spaces become (`▁`). */
  replacement: string;
  /** A `Prepend` normalizer puts the replacement before every non-empty run (Llama 2). */
  prepend: boolean;
  /** Id of the unknown token, if any. */
  unkId: number | undefined;
  fuseUnk: boolean;
  /** Unknown chars become their UTF-8 bytes as `<0xXX>` tokens. */
  byteFallback: boolean;
  /** With byte fallback, the id of each byte's `<0xXX>` token (−1: none). */
  byteIds: Int32Array | null;
}

/**
 * SentencePiece-style BPE (Llama 2, Gemma `tokenizer.json`s: spaces replaced by `▁`, byte fallback, no
 * pre-tokenizer split) in one pass over the input. Such a pipeline hands the segmenter the whole text
 * as one "word"; this encoder cuts it before each `▁` where the vocabulary proves that no merge can
 * cross the cut (no merge result has a `▁` after that char), so each word is merged alone (linked-list
 * and heap merge for long ones) and cached. Ids and offsets equal the general pipeline's.
 *
 * @example
 * ```ts
 * const fast = new SentencePieceBPE(segmenter.tokenList, segmenter.mergeRules, options);
 * fast.encode('Hello world', 0, 11, sink); // sink.ids = ids of ['▁Hello', '▁world'] (with prepend)
 * ```
 */
export class SentencePieceBPE implements FastEncoder {
  readonly identityNormalizer = false;
  readonly kind = 'SentencePiece BPE';
  /** Id of each BMP char (−1: none). */
  private readonly charId = new Int32Array(65536).fill(-1);
  private readonly astralId = new Map<number, number>();
  /** Ids of the `<0xXX>` tokens, or null without byte fallback. */
  private readonly byteIds: Int32Array | null;
  /** 1 where a word may end after this BMP char: no merge result has `▁` right after its token's last char. */
  private readonly cutAfter = new Uint8Array(65536);
  /** Whether a word may end after a byte-fallback or unknown symbol (their tokens end in `>`). */
  private readonly cutAfterOther: boolean;
  private readonly blockedAstral: Set<number>;
  /** 1 for each BMP char whose symbols take part in no merge. */
  private readonly inertChar = new Uint8Array(65536);
  private readonly rep: number;
  private readonly repId: number;
  private readonly cache = new RangeCache<Int32Array>(CACHE_SIZE);
  private readonly firstCache = new RangeCache<Int32Array>(CACHE_SIZE);
  private syms = new Int32Array(256);
  private symS = new Int32Array(256);
  private symE = new Int32Array(256);
  private outIds = new Int32Array(256);
  private outStart = new Int32Array(256);
  private readonly seq = new Int32Array(4);

  constructor(
    tokens: readonly (string | undefined)[],
    private readonly rules: MergeIdRules,
    private readonly options: SentencePieceBPEOptions,
  ) {
    const chars = charTables(tokens, this.charId, this.astralId);
    this.rep = options.replacement.charCodeAt(0);
    this.repId = this.charId[this.rep]!;
    const bytes = options.byteFallback ? options.byteIds : null;
    this.byteIds = bytes;
    // chars followed by ▁ inside some merge result: no word boundary after them
    const blocked = new Uint8Array(65536);
    const blockedAstral = new Set<number>();
    blockedChars(tokens, rules.result, options.replacement, blocked, blockedAstral);
    cutTable(chars, blocked, this.rep, this.cutAfter);
    // symbols in no merge never join anything: words may end on both sides of them (Llama 2's byte-fallback newline)
    const inert = inertIds(tokens.length, rules.left, rules.right);
    const bytesInert = bytes?.every((id) => id >= 0 && inert[id] === 1) === true;
    inertChars(
      chars,
      this.charId,
      inert,
      this.rep,
      this.inertChar,
      bytesInert ? 1 : bytes === null ? 0 : (c) => this.inertBytes(c === 32 ? this.rep : c, inert),
    );
    // byte-fallback tokens (`<0xE4>`) end in '>', and so does `<unk>` usually
    const unk = options.unkId === undefined ? undefined : tokens[options.unkId];
    const isBlocked = (c: number) => (c > 0xffff ? blockedAstral.has(c) : blocked[c] === 1);
    this.cutAfterOther = !isBlocked(62) && (unk === undefined || !isBlocked(unk.charCodeAt(unk.length - 1)));
    this.blockedAstral = blockedAstral;
  }

  /** Whether all byte-fallback symbols of `c` exist and take part in no merge. */
  private inertBytes(c: number, inert: Uint8Array): number {
    const k = this.bytes(c, 0, 0, 0);
    let all = k > 0 ? 1 : 0;
    for (let j = 0; j < k; j++) if (inert[this.syms[j]!] === 0) all = 0;
    return all;
  }

  encode(text: string, start: number, end: number, sink: SequenceSink): boolean {
    const word = sink.word;
    const n0 = sink.ids.length;
    const r0 = sink.starts.length;
    let chunk = start;
    let first = this.options.prepend;
    const inert = this.inertChar;
    const spaces = this.repId >= 0;
    for (let i = start + 1; i < end; i++) {
      const c = text.charCodeAt(i);
      const cut =
        inert[c] === 1 ||
        inert[text.charCodeAt(i - 1)] === 1 ||
        (spaces && (c === 32 || c === this.rep) && this.cutBefore(text, i, start));
      if (!cut) continue;
      if (!this.chunk(text, chunk, i, first, word, sink)) return this.undo(sink, n0, r0);
      first = false;
      chunk = i;
    }
    if (!this.chunk(text, chunk, end, first, word, sink)) return this.undo(sink, n0, r0);
    sink.word = word + 1;
    return true;
  }

  private undo(sink: SequenceSink, n0: number, r0: number): false {
    sink.ids.length = n0;
    sink.starts.length = r0;
    sink.ends.length = r0;
    sink.words.length = r0;
    return false;
  }

  /** Whether a word may start at `i` (a space or `▁`): the symbol before it allows a cut. */
  private cutBefore(text: string, i: number, start: number): boolean {
    const p = text.charCodeAt(i - 1);
    if (p < 0xd800 || p > 0xdfff) {
      if (this.cutAfter[p] === 1) return true;
      return this.charId[p]! < 0 && p !== 32 && p !== this.rep && this.cutAfterOther;
    }
    if (i - 2 < start) return false;
    const cp = text.codePointAt(i - 2)!;
    if (cp <= 0xffff) return false;
    return this.astralId.has(cp) ? !this.blockedAstral.has(cp) : this.cutAfterOther;
  }

  /** Tokens of the word `text[s, e)` (after a prepended `▁` when `first`); false if a char has no token. */
  private chunk(
    text: string,
    s: number,
    e: number,
    first: boolean,
    word: number,
    sink: SequenceSink,
  ): boolean {
    const cached = e - s <= CACHE_MAX_CHUNK;
    const cache = first ? this.firstCache : this.cache;
    let res = cached ? cache.get(text, s, e) : undefined;
    if (res === undefined) {
      const made = this.merge(text, s, e, first);
      if (made === null) return false;
      res = made;
      if (cached) cache.set(text, s, e, res);
    }
    const m = res.length / 3;
    const ids = sink.ids;
    for (let k = 0; k < m; k++) ids.push(res[k]!);
    if (sink.record) {
      for (let k = 0; k < m; k++) {
        sink.starts.push(s + res[m + k]!);
        sink.ends.push(s + res[2 * m + k]!);
        sink.words.push(word);
      }
    }
    return true;
  }

  /** `[ids…, starts…, ends…]` (offsets relative to `s`) of the word `text[s, e)`, or null. */
  private merge(text: string, s: number, e: number, first: boolean): Int32Array | null {
    const cap = (e - s) * 4 + 2;
    if (this.syms.length < cap) {
      this.syms = new Int32Array(cap);
      this.symS = new Int32Array(cap);
      this.symE = new Int32Array(cap);
      this.outIds = new Int32Array(cap);
      this.outStart = new Int32Array(cap);
    }
    const { syms, symS, symE } = this;
    const { unkId, fuseUnk } = this.options;
    let n = 0;
    if (first) {
      // the prepended ▁, aligned to the word's first char (as Hugging Face's prepend)
      const c = text.charCodeAt(s);
      const w0 = c >= 0xd800 && c <= 0xdbff && s + 1 < e ? 2 : 1;
      if (this.repId >= 0) {
        syms[0] = this.repId;
        symS[0] = 0;
        symE[0] = w0;
        n = 1;
      } else n = this.bytes(this.rep, 0, 0, w0);
      if (n === 0) {
        if (unkId === undefined) return null;
        syms[0] = unkId;
        symS[0] = 0;
        symE[0] = w0;
        n = 1;
      }
    }
    let lastUnk = false;
    for (let i = s; i < e; ) {
      let cp = text.charCodeAt(i);
      let w = 1;
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < e) {
        cp = text.codePointAt(i)!;
        w = 2;
      } else if (cp === 32) cp = this.rep;
      const a = i - s;
      const id = cp <= 0xffff ? this.charId[cp]! : (this.astralId.get(cp) ?? -1);
      if (id >= 0) {
        syms[n] = id;
        symS[n] = a;
        symE[n] = a + w;
        n++;
        lastUnk = false;
      } else {
        const k = this.bytes(cp, n, a, a + w);
        if (k > 0) {
          n += k;
          lastUnk = false;
        } else {
          if (unkId === undefined) return null;
          if (fuseUnk && lastUnk) symE[n - 1] = a + w;
          else {
            syms[n] = unkId;
            symS[n] = a;
            symE[n] = a + w;
            n++;
          }
          lastUnk = true;
        }
      }
      i += w;
    }
    const m = mergeIds(this.rules, syms, n, this.outIds, this.outStart);
    const res = new Int32Array(3 * m);
    for (let k = 0; k < m; k++) {
      const firstSym = this.outStart[k]!;
      const lastSym = (k + 1 < m ? this.outStart[k + 1]! : n) - 1;
      res[k] = this.outIds[k]!;
      res[m + k] = symS[firstSym]!;
      res[2 * m + k] = symE[lastSym]!;
    }
    return res;
  }

  /** Writes the `<0xXX>` symbols of code point `cp` at `n` (range `[a, b)`); returns their count, 0 if impossible. */
  private bytes(cp: number, n: number, a: number, b: number): number {
    const ids = this.byteIds;
    if (ids === null) return 0;
    let k: number;
    if (cp < 0x80) k = 1;
    else if (cp < 0x800) k = 2;
    else if (cp < 0x10000) k = 3;
    else k = 4;
    const seq = this.seq;
    seq[0] = k === 1 ? cp : k === 2 ? 0xc0 | (cp >> 6) : k === 3 ? 0xe0 | (cp >> 12) : 0xf0 | (cp >> 18);
    for (let j = 1; j < k; j++) seq[j] = 0x80 | ((cp >> (6 * (k - 1 - j))) & 63);
    for (let j = 0; j < k; j++) if (ids[seq[j]!]! < 0) return 0;
    for (let j = 0; j < k; j++) {
      this.syms[n + j] = ids[seq[j]!]!;
      this.symS[n + j] = a;
      this.symE[n + j] = b;
    }
    return k;
  }
}
