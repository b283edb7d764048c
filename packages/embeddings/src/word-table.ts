/**
 * A hash table of words keyed by their UTF-8 bytes, in insertion order: lets a corpus file be counted
 * and mapped to ids straight from the bytes read, with no string per token.
 */

const EMPTY = -1;

/** FNV-1a over `bytes[start, end)`. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

/**
 * Words as byte strings → dense indices `0, 1, 2, …` in order of insertion.
 *
 * @example
 * ```ts
 * const t = new WordTable();
 * const b = new TextEncoder().encode('to be');
 * t.add(b, 0, 2, hashBytes(b, 0, 2)); // 0
 * t.find(b, 0, 2, hashBytes(b, 0, 2)); // 0
 * t.word(0); // 'to'
 * ```
 */
export class WordTable {
  private slots = new Int32Array(1024).fill(EMPTY);
  private hashes = new Uint32Array(256);
  private starts = new Int32Array(256);
  private lengths = new Int32Array(256);
  private pool = new Uint8Array(1 << 16);
  private poolUsed = 0;
  size = 0;

  /** The index of the word `bytes[start, end)` (hash `h`), or −1. */
  find(bytes: Uint8Array, start: number, end: number, h: number): number {
    const mask = this.slots.length - 1;
    const len = end - start;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const i = this.slots[s]!;
      if (i === EMPTY) return -1;
      if (this.hashes[i] === h && this.lengths[i] === len) {
        const p = this.starts[i]!;
        let k = 0;
        while (k < len && this.pool[p + k] === bytes[start + k]) k++;
        if (k === len) return i;
      }
    }
  }

  /** Adds a word known to be absent; returns its index. */
  add(bytes: Uint8Array, start: number, end: number, h: number): number {
    const i = this.size++;
    if (i >= this.hashes.length) {
      const n = this.hashes.length * 2;
      this.hashes = grow(this.hashes, n);
      this.starts = grow(this.starts, n);
      this.lengths = grow(this.lengths, n);
    }
    const len = end - start;
    if (this.poolUsed + len > this.pool.length) {
      this.pool = grow(this.pool, Math.max(this.pool.length * 2, this.poolUsed + len));
    }
    this.pool.set(bytes.subarray(start, end), this.poolUsed);
    this.hashes[i] = h;
    this.starts[i] = this.poolUsed;
    this.lengths[i] = len;
    this.poolUsed += len;
    if (this.size * 2 > this.slots.length) this.rehash();
    else this.place(i);
    return i;
  }

  /** The word at index `i`. */
  word(i: number): string {
    return decoder.decode(this.pool.subarray(this.starts[i]!, this.starts[i]! + this.lengths[i]!));
  }

  private place(i: number): void {
    const mask = this.slots.length - 1;
    let s = this.hashes[i]! & mask;
    while (this.slots[s] !== EMPTY) s = (s + 1) & mask;
    this.slots[s] = i;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    for (let i = 0; i < this.size; i++) this.place(i);
  }
}

const decoder = new TextDecoder();

function grow<T extends Int32Array | Uint32Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a as never);
  return b;
}
