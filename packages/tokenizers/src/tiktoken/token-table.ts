/**
 * Byte strings of a rank-based vocabulary in one flat buffer, with an open-addressing hash table so a
 * byte range can be looked up without building a string (no allocation on the encode path).
 */
export class TokenTable {
  /** Concatenated token bytes; token `r` is `bytes[start[r], start[r + 1])`. Missing ranks are empty. */
  readonly bytes: Uint8Array;
  readonly start: Uint32Array;
  /** Rank of each single byte (−1 if that byte is not a token). */
  readonly byteRank: Int32Array;
  /** Rank of each two-byte token, indexed `b0 << 8 | b1` (−1 if none): merge starts without hashing. */
  readonly pairRank: Int32Array;
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** Number of ranks (`max rank + 1`); ids at or above it are special tokens. */
  readonly size: number;
  /** Number of tokens actually present (a rank file may skip ranks). */
  readonly count: number;

  constructor(
    bytes: Uint8Array,
    start: Uint32Array,
    present: number,
    onDuplicate?: (rank: number, earlier: number) => never,
  ) {
    this.bytes = bytes;
    this.start = start;
    this.size = start.length - 1;
    this.count = present;
    let cap = 1024;
    while (cap < present * 2) cap <<= 1;
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    this.byteRank = new Int32Array(256).fill(-1);
    this.pairRank = new Int32Array(65536).fill(-1);
    for (let r = 0; r < this.size; r++) {
      const s = start[r]!;
      const e = start[r + 1]!;
      if (e === s) continue;
      if (e - s === 1) this.byteRank[bytes[s]!] = r;
      else if (e - s === 2) this.pairRank[(bytes[s]! << 8) | bytes[s + 1]!] = r;
      let idx = hashBytes(bytes, s, e) & this.mask;
      for (;;) {
        const o = this.slots[idx]!;
        if (o === -1) break;
        if (onDuplicate && start[o + 1]! - start[o]! === e - s) {
          const os = start[o]!;
          let j = 0;
          while (j < e - s && bytes[os + j] === bytes[s + j]) j++;
          if (j === e - s) onDuplicate(r, o);
        }
        idx = (idx + 1) & this.mask;
      }
      this.slots[idx] = r;
    }
  }

  /** Rank of `buf[s, e)`, or −1. */
  lookup(buf: Uint8Array, s: number, e: number): number {
    const len = e - s;
    if (len === 1) return this.byteRank[buf[s]!]!;
    if (len === 2) return this.pairRank[(buf[s]! << 8) | buf[s + 1]!]!;
    const slots = this.slots;
    const mask = this.mask;
    const start = this.start;
    const bytes = this.bytes;
    let idx = hashBytes(buf, s, e) & mask;
    for (;;) {
      const r = slots[idx]!;
      if (r === -1) return -1;
      const ts = start[r]!;
      if (start[r + 1]! - ts === len) {
        let i = 0;
        while (i < len && bytes[ts + i] === buf[s + i]) i++;
        if (i === len) return r;
      }
      idx = (idx + 1) & mask;
    }
  }

  /** Byte length of token `r` (0 if absent). */
  length(r: number): number {
    return r >= 0 && r < this.size ? this.start[r + 1]! - this.start[r]! : 0;
  }

  /** The bytes of token `r` (a view, do not modify). */
  tokenBytes(r: number): Uint8Array {
    return this.bytes.subarray(this.start[r]!, this.start[r + 1]!);
  }

  /**
   * FNV-1a (32-bit) over every rank's length and bytes, in rank order: equal tables have equal
   * checksums, and a truncated, edited or different rank file almost surely has another. Known
   * encodings store theirs (`ENCODINGS[name].checksum`).
   *
   * @example
   * ```ts
   * getEncoding('cl100k_base', ranks).table.checksum() === ENCODINGS.cl100k_base.checksum; // true
   * ```
   */
  checksum(): number {
    const { bytes, start, size } = this;
    let h = 0x811c9dc5;
    for (let r = 0; r < size; r++) {
      const s = start[r]!;
      const e = start[r + 1]!;
      h = Math.imul(h ^ (e - s), 0x01000193);
      for (let i = s; i < e; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
    }
    return h >>> 0;
  }

  /** Whether rank `r` is a token of this table. */
  has(r: number): boolean {
    return Number.isInteger(r) && r >= 0 && r < this.size && this.start[r + 1]! > this.start[r]!;
  }
}

/** FNV-1a over a byte range. */
export function hashBytes(buf: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5 ^ (e - s);
  for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}
