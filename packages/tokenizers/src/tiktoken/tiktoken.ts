import { Encoding, truncateEncoding } from '../encoding';
import { ArgumentError, VocabularyError } from '../errors';
import type { JsonObject } from '../pipeline/json';
import { stepPastEmpty } from '../regex-step';
import { type AllowedSpecial, SpecialMatcher } from '../special-tokens';
import { ByteStreamDecoder, type StreamDecoder } from '../stream';
import { type DecodeOptions, type EncodeOptions, Tokenizer, truncationLimit } from '../tokenizer';
import { byteLevelToBytes, bytesToByteLevel, encodeUtf8Into, utf8Bytes } from '../utf8';
import { rankMerge } from './merge';
import { tiktokenOffsets } from './offsets';
import { type TiktokenOptions, WARM_UP } from './options';
import { compilePattern } from './pattern';
import { PATTERNS as ENCODINGS_PATTERNS } from './patterns';
import { scanCl100k, scanO200k, scanR50k } from './scanner';
import { tiktokenToTokenizerJson } from './to-json';
import type { TokenTable } from './token-table';

let scratch = new Uint8Array(1024);

const SCANNERS = new Map<string, (text: string, i: number) => number>([
  [ENCODINGS_PATTERNS.r50k, scanR50k],
  [ENCODINGS_PATTERNS.cl100k, scanCl100k],
  [ENCODINGS_PATTERNS.o200k, scanO200k],
]);

/**
 * Byte-level BPE with tiktoken semantics (GPT-2, GPT-3.5/4, GPT-4o encodings): any UTF-8 text
 * round-trips, there are no unknown tokens, and ids equal tiktoken's / js-tiktoken's.
 *
 * Create one with {@link fromTiktoken} or {@link getEncoding}.
 */
export class TiktokenTokenizer extends Tokenizer {
  readonly name: string;
  readonly pattern: string;
  /** The rank table (token bytes by rank). */
  readonly table: TokenTable;
  private readonly re: RegExp;
  private readonly special: Map<string, number>;
  private readonly specialById: Map<number, string>;
  private readonly matcher: SpecialMatcher;
  private readonly allBytes: boolean;
  private readonly size: number;
  private readonly scan: ((text: string, i: number) => number) | null;
  private readonly cache = new Map<string, number[]>();
  private readonly cacheSize: number;

  constructor(table: TokenTable, options: TiktokenOptions) {
    super();
    if (!options || typeof options !== 'object') {
      throw new ArgumentError('fromTiktoken(options)', '{ pattern, specialTokens? }', options);
    }
    this.table = table;
    this.pattern = options.pattern;
    this.name = options.name ?? 'tiktoken';
    this.re = compilePattern(options.pattern, 'options.pattern');
    this.scan = options.scanner === false ? null : (SCANNERS.get(options.pattern) ?? null);
    this.cacheSize = options.cacheSize ?? 16384;
    this.special = new Map();
    this.specialById = new Map();
    let size = table.size;
    for (const [tok, id] of Object.entries(options.specialTokens ?? {})) {
      if (!Number.isInteger(id) || id < 0) {
        throw new ArgumentError(
          `options.specialTokens[${JSON.stringify(tok)}]`,
          'a non-negative integer id',
          id,
        );
      }
      if (table.has(id)) {
        throw new ArgumentError(
          `options.specialTokens[${JSON.stringify(tok)}]`,
          'an id that is not already the rank of an ordinary token',
          id,
        );
      }
      if (this.specialById.has(id)) {
        throw new ArgumentError(
          `options.specialTokens[${JSON.stringify(tok)}]`,
          `an id not used by another special token (${JSON.stringify(this.specialById.get(id))} has it)`,
          id,
        );
      }
      this.special.set(tok, id);
      this.specialById.set(id, tok);
      size = Math.max(size, id + 1);
    }
    this.size = size;
    this.matcher = new SpecialMatcher(this.special.keys());
    this.allBytes = table.byteRank.every((r) => r >= 0);
    if (this.special.has('<|endoftext|>')) this.roles = { eos: '<|endoftext|>', bos: '<|endoftext|>' };
    if (options.warmUp !== false && this.allBytes) {
      const ids: number[] = [];
      for (let k = 0; k < 32; k++) {
        ids.length = 0;
        this.encodeOrdinary(WARM_UP, ids);
      }
    }
  }

  get vocabSize(): number {
    return this.size;
  }

  get specialTokens(): ReadonlyMap<string, number> {
    return this.special;
  }

  /**
   * Token ids of `text` — the fast path behind {@link encode} (no offsets, no token strings).
   *
   * @example
   * ```ts
   * enc.encodeIds('hello world'); // [15339, 1917] with cl100k_base
   * ```
   */
  encodeIds(text: string, options?: { allowedSpecial?: AllowedSpecial }): number[] {
    const out: number[] = [];
    const allowed = options?.allowedSpecial;
    if (allowed === undefined || allowed === 'none') {
      this.encodeOrdinary(text, out);
      return out;
    }
    for (const seg of this.matcher.split(text, allowed)) {
      if (seg.special !== undefined) out.push(this.special.get(seg.special)!);
      else
        this.encodeOrdinary(
          seg.start === 0 && seg.end === text.length ? text : text.slice(seg.start, seg.end),
          out,
        );
    }
    return out;
  }

  /** Appends the ids of `text` (no special-token recognition) to `out`. */
  encodeOrdinary(text: string, out: number[]): void {
    if (this.scan !== null) {
      this.encodeScanned(text, out);
      return;
    }
    const re = this.re;
    const table = this.table;
    const byteRank = table.byteRank;
    const start = out.length;
    re.lastIndex = 0;
    let m = re.exec(text);
    while (m !== null) {
      const piece = m[0];
      const plen = piece.length;
      if (plen === 0) {
        stepPastEmpty(re, text, m.index);
      } else if (plen === 1 && piece.charCodeAt(0) < 0x80) {
        out.push(byteRank[piece.charCodeAt(0)]!);
      } else {
        if (scratch.length < plen * 3) scratch = new Uint8Array(plen * 3 + 1024);
        const buf = scratch;
        const n = encodeUtf8Into(piece, 0, plen, buf);
        const r = n === 1 ? byteRank[buf[0]!]! : table.lookup(buf, 0, n);
        if (r >= 0) out.push(r);
        else rankMerge(table, buf, n, out);
      }
      m = re.exec(text);
    }
    if (!this.allBytes) this.checkBytes(out, start);
  }

  /** {@link encodeOrdinary} with the hand-written scanner: no match objects, no piece strings. */
  private encodeScanned(text: string, out: number[]): void {
    const scan = this.scan!;
    const table = this.table;
    const byteRank = table.byteRank;
    const n = text.length;
    const start = out.length;
    let i = 0;
    while (i < n) {
      let e = scan(text, i);
      if (e <= i) e = i + 1;
      const c = text.charCodeAt(i);
      if (e === i + 1 && c < 0x80) out.push(byteRank[c]!);
      else {
        if (scratch.length < (e - i) * 3) scratch = new Uint8Array((e - i) * 3 + 1024);
        const buf = scratch;
        const len = encodeUtf8Into(text, i, e, buf);
        const r = len === 1 ? byteRank[buf[0]!]! : table.lookup(buf, 0, len);
        if (r >= 0) out.push(r);
        else this.merge(text, i, e, buf, len, out);
      }
      i = e;
    }
    if (!this.allBytes) this.checkBytes(out, start);
  }

  /** Merges a piece that is not a single token, through the bounded piece cache. */
  private merge(text: string, s: number, e: number, buf: Uint8Array, len: number, out: number[]): void {
    if (this.cacheSize <= 0 || len > 64) {
      rankMerge(this.table, buf, len, out);
      return;
    }
    const key = text.slice(s, e);
    const hit = this.cache.get(key);
    if (hit !== undefined) {
      for (let k = 0; k < hit.length; k++) out.push(hit[k]!);
      return;
    }
    const from = out.length;
    rankMerge(this.table, buf, len, out);
    if (this.cache.size >= this.cacheSize) this.cache.clear();
    this.cache.set(key, out.slice(from));
  }

  private checkBytes(out: number[], from: number): void {
    for (let i = from; i < out.length; i++) {
      if (out[i]! < 0) {
        throw new VocabularyError(
          `encode: the rank table has no token for some byte of the text (token ${i - from})`,
        );
      }
    }
  }

  /**
   * Encodes text. Special-token text is ordinary text unless `allowedSpecial` lists it (or is `'all'`).
   *
   * @example
   * ```ts
   * const enc = tok.encode('Hi<|endoftext|>', { allowedSpecial: 'all' });
   * enc.ids;     // [..., 100257]
   * enc.offsets; // UTF-16 [start, end) per token
   * ```
   */
  encode(text: string, options?: EncodeOptions): Encoding {
    if (typeof text !== 'string') throw new ArgumentError('encode(text)', 'a string', text);
    if (options?.pair !== undefined) {
      throw new ArgumentError(
        'encode(options.pair)',
        'no pair (tiktoken encodings have no pair template; encode the texts separately)',
        options.pair,
      );
    }
    const ids = this.encodeIds(text, options);
    const specials = this.specialById;
    const enc = new Encoding({
      ids,
      tokens: () => ids.map((id) => this.idToToken(id)!),
      offsets: () => tiktokenOffsets(text, ids, this.table, this.specialById),
      specialTokensMask: () => ids.map((id) => (specials.has(id) ? 1 : 0)),
    });
    const limit = truncationLimit(options);
    return limit === undefined ? enc : truncateEncoding(enc, limit, options?.truncationSide, options?.stride);
  }

  /** Counts tokens without building an {@link Encoding}. */
  override countTokens(text: string, options?: EncodeOptions): number {
    if (options && (options.maxLength !== undefined || options.pair !== undefined))
      return super.countTokens(text, options);
    return this.encodeIds(text, options).length;
  }

  /** Raw bytes of ids (special tokens as their UTF-8 text unless skipped). */
  decodeBytes(ids: ArrayLike<number>, options?: DecodeOptions): Uint8Array {
    const table = this.table;
    let total = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const len = table.length(id);
      if (len > 0) total += len;
      else if (this.specialById.has(id))
        total += options?.skipSpecialTokens ? 0 : this.specialById.get(id)!.length * 3;
      else this.badId(id);
    }
    const out = new Uint8Array(total);
    const bytes = table.bytes;
    const start = table.start;
    let p = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id < table.size && start[id + 1]! > start[id]!) {
        out.set(bytes.subarray(start[id]!, start[id + 1]!), p);
        p += start[id + 1]! - start[id]!;
      } else if (!options?.skipSpecialTokens) {
        p += new TextEncoder().encodeInto(this.specialById.get(id)!, out.subarray(p)).written;
      }
    }
    return out.subarray(0, p);
  }

  /** Decodes ids to text (invalid UTF-8 — only possible for a partial id sequence — becomes U+FFFD). */
  decode(ids: ArrayLike<number>, options?: DecodeOptions): string {
    return new TextDecoder().decode(this.decodeBytes(ids, options));
  }

  /** Streaming decoder that never splits a multi-byte character. */
  override decodeStream(options?: DecodeOptions): StreamDecoder {
    const empty = new Uint8Array(0);
    return new ByteStreamDecoder((id) => {
      if (this.table.has(id)) return this.table.tokenBytes(id);
      const sp = this.specialById.get(id);
      if (sp === undefined) this.badId(id);
      return options?.skipSpecialTokens ? empty : utf8Bytes(sp);
    });
  }

  /** Id of a byte-level vocabulary string (`"Ġhello"`) or of a special token's text. */
  tokenToId(token: string): number | undefined {
    const sp = this.special.get(token);
    if (sp !== undefined) return sp;
    const bytes = byteLevelToBytes(token);
    if (!bytes || bytes.length === 0) return undefined;
    const r = this.table.lookup(bytes, 0, bytes.length);
    return r >= 0 ? r : undefined;
  }

  /** Byte-level vocabulary string of an id (`"Ġhello"`; each byte one char, GPT-2 style), or special text. */
  idToToken(id: number): string | undefined {
    if (this.table.has(id)) {
      const s = this.table.start[id]!;
      return bytesToByteLevel(this.table.bytes, s, this.table.start[id + 1]!);
    }
    return this.specialById.get(id);
  }

  /** The bytes of an id, or `undefined`. */
  idToBytes(id: number): Uint8Array | undefined {
    if (this.table.has(id)) return this.table.tokenBytes(id);
    const sp = this.specialById.get(id);
    return sp === undefined ? undefined : utf8Bytes(sp);
  }

  /**
   * The equivalent Hugging Face `tokenizer.json` object (byte-level BPE with merges derived from the
   * ranks); `fromTokenizerJson` of it gives the same ids.
   */
  toJSON(): JsonObject {
    return tiktokenToTokenizerJson(this);
  }

  /** `tokenizer.json` text of {@link toJSON}. */
  toTokenizerJson(indent?: number): string {
    return JSON.stringify(this.toJSON(), null, indent);
  }

  override toString(): string {
    return `TiktokenTokenizer(${this.name}, ${this.vocabSize} ids)`;
  }
}
