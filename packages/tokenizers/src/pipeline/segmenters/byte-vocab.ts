import type { PairMap } from '../../bpe/pair-table';
import type { MergeIdRules } from './merge-rules';

/** FNV-1a over UTF-8 bytes (the state before the first byte). */
export const BYTE_SEED = 0x811c9dc5 | 0;
/** FNV-1a's multiplier. */
export const BYTE_PRIME = 0x01000193;

const encoder = new TextEncoder();

/**
 * A vocabulary's hash index over the UTF-8 bytes of its tokens, as `tokenizer.json` loading builds it while
 * it reads the file's bytes (see `scanTokenizerJsonBytes`): entry `k` is the token
 * `bytes[start[k], start[k + 1] - 1)` (each token is followed by one separator byte) with id `ids[k]` and
 * FNV-1a hash `hashes[k]`; `slots` holds entry numbers (−1: empty). Of two entries with the same token the
 * larger id wins; an entry whose id a later entry took over is left out (as a token list with one token per
 * id has it). The loader's WebAssembly loops (assembly/json-load.ts) build the same table and search it the same way.
 *
 * @example
 * ```ts
 * const index = ByteVocabIndex.of(bytes, start, ids, hashes, slots); // as the loader fills them
 * index.get('▁the'); // its id, or −1
 * ```
 */
export class ByteVocabIndex {
  private constructor(
    readonly bytes: Uint8Array,
    readonly start: Int32Array,
    readonly ids: Int32Array,
    readonly hashes: Int32Array,
    readonly slots: Int32Array,
    readonly mask: number,
  ) {}

  /** The index over entries whose slot table (`slots`, a power of two) was filled by the tokenizer.json loader. */
  static of(
    bytes: Uint8Array,
    start: Int32Array,
    ids: Int32Array,
    hashes: Int32Array,
    slots: Int32Array,
  ): ByteVocabIndex {
    return new ByteVocabIndex(bytes, start, ids, hashes, slots, slots.length - 1);
  }

  /** Id of the bytes `src[s, e)` whose FNV-1a hash is `h`, or −1 (`findConcat` with nothing after). */
  find(h: number, src: Uint8Array, s: number, e: number): number {
    return this.findConcat(h, src, s, e, src, e, e);
  }

  /** Id of `a[as, ae)` followed by `b[bs, be)` whose FNV-1a hash (of both) is `h`, or −1. */
  findConcat(
    h: number,
    a: Uint8Array,
    as: number,
    ae: number,
    b: Uint8Array,
    bs: number,
    be: number,
  ): number {
    const { bytes, start, hashes, slots, mask } = this;
    const la = ae - as;
    const len = la + be - bs;
    let p = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const o = slots[p]!;
      if (o === -1) return -1;
      if (hashes[o] === h) {
        const t = start[o]!;
        if (start[o + 1]! - t - 1 === len) {
          let j = 0;
          while (j < la && bytes[t + j] === a[as + j]) j++;
          if (j === la) {
            while (j < len && bytes[t + j] === b[bs + j - la]) j++;
            if (j === len) return this.ids[o]!;
          }
        }
      }
      p = (p + 1) & mask;
    }
  }

  /** Id of `token`, or −1 (also for a string with a lone surrogate, which no indexed token has). */
  get(token: string): number {
    if (!isWellFormed(token)) return -1;
    const b = encoder.encode(token);
    return this.find(hashBytes(b, 0, b.length, BYTE_SEED), b, 0, b.length);
  }
}

/** FNV-1a state after `b[s, e)`, from `h`. */
export function hashBytes(b: Uint8Array, s: number, e: number, h: number): number {
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, BYTE_PRIME);
  return h;
}

/** Whether `s` has no lone surrogate (UTF-8 encoding keeps it exactly). */
export function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c > 0xdbff || i + 1 >= s.length || (s.charCodeAt(i + 1) & 0xfc00) !== 0xdc00) return false;
    i++;
  }
  return true;
}

/**
 * Merge rules read from `tokenizer.json` bytes together with the vocabulary they were looked up in (the
 * token list of {@link ScannedVocab}); valid for a model without a continuing-subword prefix.
 *
 * @example
 * ```ts
 * const m = new ScannedMerges(tokens, ranks, left, right, result, count); // as the byte scan makes it
 * m.rules.ranks.get(left[0], right[0]); // 0
 * ```
 */
export class ScannedMerges {
  readonly rules: MergeIdRules;
  constructor(
    readonly tokens: readonly (string | undefined)[],
    ranks: PairMap,
    left: Int32Array,
    right: Int32Array,
    result: Int32Array,
    readonly count: number,
  ) {
    this.rules = {
      ranks,
      result: result.subarray(0, count),
      left: left.subarray(0, count),
      right: right.subarray(0, count),
    };
  }

  /** The merges as `[left, right]` token pairs. */
  pairs(): [string, string][] {
    const { left, right } = this.rules;
    const out: [string, string][] = new Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = [this.tokens[left[i]!]!, this.tokens[right[i]!]!];
    return out;
  }
}

const lookups = new WeakMap<readonly (string | undefined)[], ByteVocabIndex>();

/** Records `index` as the lookup of the token list `tokens` (read by {@link byteLookupOf}). */
export function setByteLookup(tokens: readonly (string | undefined)[], index: ByteVocabIndex): void {
  lookups.set(tokens, index);
}

/** The {@link ByteVocabIndex} that was built with the token list `tokens`, if any. */
export function byteLookupOf(tokens: readonly (string | undefined)[]): ByteVocabIndex | undefined {
  return lookups.get(tokens);
}
