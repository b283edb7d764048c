import { type MergeRules, mergeIds } from '../bpe/merge-ids';
import { stepPastEmpty } from '../regex-step';
import { TokenTable } from '../tiktoken/token-table';
import { CHAR_TO_BYTE } from '../utf8';
import type { FastEncoder, SequenceSink } from './fast-encoder';
import { RangeCache } from './range-cache';

/** Pieces up to this many UTF-16 units are remembered (with their ids) in the piece cache. */
const CACHE_MAX_PIECE = 64;
const CACHE_SIZE = 16384;

/**
 * The token bytes of a byte-level vocabulary (`"Ġhello"` → ` hello`) as a {@link TokenTable} indexed by id,
 * the table the tiktoken encodings use; `null` unless all 256 single bytes are tokens. Tokens with a char
 * outside the byte-level alphabet are left out (no byte sequence reaches them).
 *
 * @example
 * ```ts
 * byteLevelTable(tokens)?.lookup(utf8Bytes(' hello'), 0, 6); // the id of "Ġhello"
 * ```
 */
export function byteLevelTable(tokens: readonly (string | undefined)[]): TokenTable | null {
  let total = 0;
  for (const t of tokens) if (t !== undefined) total += t.length;
  const bytes = new Uint8Array(total);
  const start = new Uint32Array(tokens.length + 1);
  let pos = 0;
  let present = 0;
  for (let id = 0; id < tokens.length; id++) {
    start[id] = pos;
    const t = tokens[id];
    if (t === undefined) continue;
    let k = pos;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      const b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c]! : -1;
      if (b < 0) {
        k = pos; // not a byte-level token: leave it out
        break;
      }
      bytes[k++] = b;
    }
    if (k > pos) present++;
    pos = k;
  }
  start[tokens.length] = pos;
  const table = new TokenTable(bytes.subarray(0, pos), start, present);
  return table.byteRank.every((r) => r >= 0) ? table : null;
}

/** UTF-8 length of the char at `u` (4 for a surrogate pair; input is well formed). */
function charBytes(t: string, u: number): number {
  const c = t.charCodeAt(u);
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  return c >= 0xd800 && c <= 0xdbff ? 4 : 3;
}

/**
 * Options of {@link ByteLevelBPE}.
 *
 * @example
 * ```ts
 * const options: ByteLevelBPEOptions = { scan: scanCl100k, regex: null, ignoreMerges: true, nfc: false };
 * ```
 */
export interface ByteLevelBPEOptions {
  /** Hand-written pre-tokenizer (`scan(text, i)` → end of the piece at `i`), or null to use `regex`. */
  scan: ((text: string, i: number) => number) | null;
  /** The split regex (global, unicode): matches and the gaps between them are the pieces. */
  regex: RegExp | null;
  /** Whole pieces that are tokens skip the merges (`ignore_merges`). */
  ignoreMerges: boolean;
  /** The pipeline's normalizer is NFC: runs that NFC would change go to the general pipeline. */
  nfc: boolean;
}

/**
 * Byte-level BPE (GPT-2, Llama 3, Qwen `tokenizer.json`s) on the tiktoken machinery: the split regex as a
 * hand-written scanner where the pattern is a known one, UTF-8 bytes of each piece looked up whole in a
 * {@link TokenTable}, merges on ids (Hugging Face's merge ranks, so ids are Hugging Face's even where a
 * vocabulary's merges and token order disagree), and a piece cache. No byte-level strings, no
 * normalized-string objects.
 *
 * @example
 * ```ts
 * const fast = new ByteLevelBPE(table, segmenter.mergeRules, { scan: scanCl100k, regex: null, ignoreMerges: true, nfc: false });
 * fast.encode('Hello world', 0, 11, sink); // sink.ids = [9906, 1917]
 * ```
 */
export class ByteLevelBPE implements FastEncoder {
  readonly identityNormalizer: boolean;
  readonly kind = 'byte-level BPE';
  private readonly byteId: Int32Array;
  /** Per id: 0 not yet known, 1 a piece of exactly its bytes encodes to it, 2 merges split it. */
  private readonly whole: Int8Array;
  private readonly cache = new RangeCache<Int32Array>(CACHE_SIZE);
  private buf = new Uint8Array(1024);
  private syms = new Int32Array(1024);
  private outIds = new Int32Array(1024);
  private outStart = new Int32Array(1024);

  constructor(
    readonly table: TokenTable,
    private readonly rules: MergeRules,
    private readonly options: ByteLevelBPEOptions,
  ) {
    this.byteId = table.byteRank;
    this.whole = new Int8Array(table.size);
    this.identityNormalizer = !options.nfc;
  }

  encode(text: string, start: number, end: number, sink: SequenceSink): boolean {
    const t = start === 0 && end === text.length ? text : text.slice(start, end);
    if (this.options.nfc && t.normalize('NFC') !== t) return false;
    const { scan, regex } = this.options;
    // the scanners follow JS's \s; Hugging Face's Oniguruma has U+0085 in \s and U+FEFF out of it
    if (scan !== null && (t.indexOf('\u0085') >= 0 || t.indexOf('\ufeff') >= 0)) return false;
    if (scan !== null && !sink.record) {
      this.idsOnly(t, scan, sink.ids);
      return true;
    }
    if (scan !== null) {
      for (let i = 0; i < t.length; ) {
        let e = scan(t, i);
        if (e <= i) e = i + 1;
        this.piece(t, i, e, start, sink);
        i = e;
      }
      return true;
    }
    const re = regex!;
    re.lastIndex = 0;
    let last = 0;
    for (let m = re.exec(t); m !== null; m = re.exec(t)) {
      const len = m[0].length;
      if (len === 0) {
        stepPastEmpty(re, t, m.index);
        continue;
      }
      if (m.index > last) this.piece(t, last, m.index, start, sink);
      this.piece(t, m.index, m.index + len, start, sink);
      last = m.index + len;
    }
    if (last < t.length) this.piece(t, last, t.length, start, sink);
    return true;
  }

  /** The ids of `t`, nothing else: tiktoken's loop (single ASCII chars and whole-token pieces inline). */
  private idsOnly(t: string, scan: (text: string, i: number) => number, ids: number[]): void {
    const byteId = this.byteId;
    const table = this.table;
    const whole = this.whole;
    const ignoreMerges = this.options.ignoreMerges;
    for (let i = 0; i < t.length; ) {
      let e = scan(t, i);
      if (e <= i) e = i + 1;
      const c = t.charCodeAt(i);
      if (e === i + 1 && c < 0x80) ids.push(byteId[c]!);
      else {
        const n = this.utf8(t, i, e);
        const id = table.lookup(this.buf, 0, n);
        if (id >= 0 && (ignoreMerges || whole[id] === 1)) ids.push(id);
        else {
          const res = this.merged(t, i, e, n, id);
          for (let k = 0, m = res.length >> 1; k < m; k++) ids.push(res[k]!);
        }
      }
      i = e;
    }
  }

  /** `[ids…, byte start of each token…]` of the piece `t[i, e)` (its `n` bytes in `this.buf`, `id` its whole-token id or −1), through the cache. */
  private merged(t: string, i: number, e: number, n: number, id: number): Int32Array {
    const cached = e - i <= CACHE_MAX_PIECE;
    let res = cached ? this.cache.get(t, i, e) : undefined;
    if (res === undefined) {
      res = this.merge(n);
      if (cached) this.cache.set(t, i, e, res);
    }
    if (id >= 0 && this.whole[id] === 0) this.whole[id] = res.length === 2 ? 1 : 2;
    return res;
  }

  /** Tokens of the piece `t[i, e)`; `base` is the position of `t` in the input. */
  private piece(t: string, i: number, e: number, base: number, sink: SequenceSink): void {
    const word = sink.word++;
    const c = t.charCodeAt(i);
    if (e === i + 1 && c < 0x80) {
      sink.ids.push(this.byteId[c]!);
      if (sink.record) {
        sink.starts.push(base + i);
        sink.ends.push(base + e);
        sink.words.push(word);
      }
      return;
    }
    // the piece's bytes looked up whole, as tiktoken does: most pieces are one token
    const n = this.utf8(t, i, e);
    const id = this.table.lookup(this.buf, 0, n);
    if (id >= 0 && (this.options.ignoreMerges || this.whole[id] === 1)) {
      sink.ids.push(id);
      if (sink.record) {
        sink.starts.push(base + i);
        sink.ends.push(base + e);
        sink.words.push(word);
      }
      return;
    }
    const res = this.merged(t, i, e, n, id);
    const m = res.length >> 1;
    if (m === 1 || !sink.record) {
      for (let k = 0; k < m; k++) sink.ids.push(res[k]!);
      if (sink.record) {
        sink.starts.push(base + i);
        sink.ends.push(base + e);
        sink.words.push(word);
      }
      return;
    }
    // res = [ids…, byte start of each token…]; map byte positions to UTF-16 positions in one pass
    const ascii = n === e - i;
    let u = i; // the char at u starts at byte ub of the piece
    let ub = 0;
    for (let k = 0; k < m; k++) {
      const b0 = res[m + k]!;
      const b1 = k + 1 < m ? res[m + k + 1]! : n;
      sink.ids.push(res[k]!);
      sink.words.push(word);
      if (ascii) {
        sink.starts.push(base + i + b0);
        sink.ends.push(base + i + b1);
        continue;
      }
      for (let len = charBytes(t, u); ub + len <= b0; len = charBytes(t, u)) {
        ub += len;
        u += len === 4 ? 2 : 1;
      }
      sink.starts.push(base + u);
      let v = u;
      let vb = ub;
      for (let len = charBytes(t, v); vb + len < b1; len = charBytes(t, v)) {
        vb += len;
        v += len === 4 ? 2 : 1;
      }
      sink.ends.push(base + v + (charBytes(t, v) === 4 ? 2 : 1));
    }
  }

  /** UTF-8 bytes of `t[i, e)` into `this.buf` (lone surrogates cannot occur: input is well formed); returns the count. */
  private utf8(t: string, i: number, e: number): number {
    if (this.buf.length < (e - i) * 3) this.buf = new Uint8Array((e - i) * 3 + 1024);
    const buf = this.buf;
    let n = 0;
    for (let k = i; k < e; k++) {
      let c = t.charCodeAt(k);
      if (c < 0x80) buf[n++] = c;
      else if (c < 0x800) {
        buf[n++] = 0xc0 | (c >> 6);
        buf[n++] = 0x80 | (c & 63);
      } else if (c >= 0xd800 && c <= 0xdbff && k + 1 < e) {
        c = 0x10000 + ((c - 0xd800) << 10) + (t.charCodeAt(++k) - 0xdc00);
        buf[n++] = 0xf0 | (c >> 18);
        buf[n++] = 0x80 | ((c >> 12) & 63);
        buf[n++] = 0x80 | ((c >> 6) & 63);
        buf[n++] = 0x80 | (c & 63);
      } else {
        buf[n++] = 0xe0 | (c >> 12);
        buf[n++] = 0x80 | ((c >> 6) & 63);
        buf[n++] = 0x80 | (c & 63);
      }
    }
    return n;
  }

  /** `[ids…, byte start of each token…]` of the `n` bytes in `this.buf`. */
  private merge(n: number): Int32Array {
    const buf = this.buf;
    if (this.syms.length < n) {
      this.syms = new Int32Array(n * 2);
      this.outIds = new Int32Array(n * 2);
      this.outStart = new Int32Array(n * 2);
    }
    const syms = this.syms;
    for (let k = 0; k < n; k++) syms[k] = this.byteId[buf[k]!]!;
    const m = mergeIds(this.rules, syms, n, this.outIds, this.outStart);
    const res = new Int32Array(2 * m);
    for (let k = 0; k < m; k++) {
      res[k] = this.outIds[k]!;
      res[m + k] = this.outStart[k]!;
    }
    return res;
  }
}
