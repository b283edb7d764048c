import { Unexpected } from './json-cursor';
import { BYTE_PRIME, BYTE_SEED, type ByteVocabIndex } from './segmenters/byte-vocab';

/*
 * The two loops that read a tokenizer.json's vocabulary and merges from its bytes. They run cold (a
 * tokenizer is loaded once per process), so each is a small function holding only its loop, called again
 * and again for a batch of entries: V8 gives a function that is called often baseline machine code within
 * a few calls and optimized code soon (a loop entered once stays in the interpreter until the optimizing
 * compiler replaces it on the stack, late on a busy machine). The rare cases — a JSON escape, full arrays —
 * leave the function (the caller handles them and calls again) rather than reach code the optimizing
 * compiler has no feedback for.
 */

/** The loop stopped at the end of the object or array. */
export const DONE = 0;
/** The loop stopped at a string with an escape (position at its literal; nothing of that entry written). */
export const ESCAPE = 1;
/** The loop stopped because its arrays are full. */
export const FULL = 2;
/** The loop stopped after {@link BATCH_SIZE} entries (to be called again). */
export const BATCH = 3;

const BATCH_SIZE = 256;

/**
 * Where {@link vocabLoop} is: entry `k` is the token `keys[start[k], start[k + 1] - 1)` (a 0 byte follows
 * each token, so that the decoded `keys` split at `\0` into the tokens) with id `ids[k]`.
 */
export class VocabState {
  i: number;
  n = 0;
  /** Bytes used in `keys`. */
  kn = 0;
  maxId = -1;
  ids = new Int32Array(4096);
  hashes = new Int32Array(4096);
  start = new Int32Array(4097);
  /** No token is longer than its literal, and each literal has two quotes for the separator: the rest of the file is enough. */
  readonly keys: Uint8Array;

  constructor(
    readonly b: Uint8Array,
    i: number,
  ) {
    this.i = i;
    this.keys = new Uint8Array(b.length - i);
  }

  grow(): void {
    const cap = this.ids.length * 2;
    this.ids = grow(this.ids, cap);
    this.hashes = grow(this.hashes, cap);
    this.start = grow(this.start, cap + 1);
  }

  /** Records entry `n`, its bytes already in `keys` up to `kn`, and writes its separator. */
  add(id: number, h: number): void {
    const n = this.n;
    if (id > 4 * (n + 1) + 65536) throw new Unexpected(); // far beyond the vocabulary: the text path says so
    this.ids[n] = id;
    this.hashes[n] = h;
    if (id > this.maxId) this.maxId = id;
    this.keys[this.kn++] = 0;
    this.n = n + 1;
    this.start[n + 1] = this.kn;
  }
}

/** `"token": id` entries of a `{…}` vocabulary (after its `{` or a `,`), until one of the codes above. */
export function vocabLoop(st: VocabState): number {
  const { b, keys, ids, hashes, start } = st;
  const cap = ids.length;
  let i = st.i;
  let n = st.n;
  const stop = Math.min(cap, n + BATCH_SIZE);
  let kn = st.kn;
  let maxId = st.maxId;
  let code = DONE;
  for (;;) {
    if (n === stop) {
      code = n === cap ? FULL : BATCH;
      break;
    }
    let c = b[i];
    while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i];
    if (c !== 34) throw new Unexpected();
    const literal = i;
    let h = BYTE_SEED;
    const k0 = kn;
    for (c = b[++i]; c !== 34; c = b[++i]) {
      if (c === 92 || !(c! >= 32)) break;
      keys[kn++] = c!;
      h = Math.imul(h ^ c!, BYTE_PRIME);
    }
    if (c !== 34) {
      i = literal;
      kn = k0;
      code = ESCAPE;
      break;
    }
    for (c = b[++i]; c === 32 || c === 10 || c === 13 || c === 9; c = b[++i]);
    if (c !== 58) throw new Unexpected();
    for (c = b[++i]; c === 32 || c === 10 || c === 13 || c === 9; c = b[++i]);
    const s = i;
    let id = 0;
    for (; c! >= 48 && c! <= 57; c = b[++i]) id = id * 10 + (c! - 48);
    // not a plain integer, or far beyond the vocabulary: the text path reports or handles it
    if (i === s || i - s > 10 || (b[s] === 48 && i - s > 1) || id > 4 * (n + 1) + 65536) {
      throw new Unexpected();
    }
    ids[n] = id;
    hashes[n] = h;
    if (id > maxId) maxId = id;
    keys[kn++] = 0;
    n++;
    start[n] = kn;
    while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i];
    i++;
    if (c === 125) break;
    if (c !== 44) throw new Unexpected();
  }
  st.i = i;
  st.n = n;
  st.kn = kn;
  st.maxId = maxId;
  return code;
}

/**
 * Where {@link mergesLoop} is: merge `k` joins ids `left[k]` and `right[k]` into `result[k]`; `keysA`,
 * `keysB`, `vals` are the open-addressing table of a `PairMap` (pair → first rank), filled as merges come.
 */
export class MergesState {
  n = 0;
  left: Int32Array;
  right: Int32Array;
  result: Int32Array;
  keysA: Int32Array;
  keysB: Int32Array;
  vals: Int32Array;
  size = 0;

  /** Sized for `expected` merges (real files have one to two per token), so that the arrays seldom grow. */
  constructor(
    readonly b: Uint8Array,
    public i: number,
    readonly index: ByteVocabIndex,
    expected: number,
  ) {
    const cap = Math.max(4096, expected);
    this.left = new Int32Array(cap);
    this.right = new Int32Array(cap);
    this.result = new Int32Array(cap);
    let slots = 1 << 14;
    while (slots < cap * 2 + 32) slots <<= 1;
    this.keysA = new Int32Array(slots).fill(-1);
    this.keysB = new Int32Array(slots);
    this.vals = new Int32Array(slots);
  }

  grow(): void {
    if (this.n === this.left.length) {
      const cap = this.left.length * 2;
      this.left = grow(this.left, cap);
      this.right = grow(this.right, cap);
      this.result = grow(this.result, cap);
    }
    if (this.size >= (this.keysA.length >> 1) - 8) this.rehash();
  }

  private rehash(): void {
    const { keysA, keysB, vals } = this;
    const cap = keysA.length * 2;
    const mask = cap - 1;
    this.keysA = new Int32Array(cap).fill(-1);
    this.keysB = new Int32Array(cap);
    this.vals = new Int32Array(cap);
    for (let k = 0; k < keysA.length; k++) {
      const a = keysA[k]!;
      if (a === -1) continue;
      const r = keysB[k]!;
      let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(r + 0x7f4a7c15, 0x85ebca6b);
      h ^= h >>> 15;
      let p = h & mask;
      while (this.keysA[p] !== -1) p = (p + 1) & mask;
      this.keysA[p] = a;
      this.keysB[p] = r;
      this.vals[p] = vals[k]!;
    }
  }

  /** Records a merge; a part or the result missing is a model with a prefix, or an error the text path names. */
  add(a: number, r: number, c: number): void {
    if (a < 0 || r < 0 || c < 0) throw new Unexpected();
    const n = this.n++;
    this.left[n] = a;
    this.right[n] = r;
    this.result[n] = c;
    const mask = this.keysA.length - 1;
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(r + 0x7f4a7c15, 0x85ebca6b);
    h ^= h >>> 15;
    for (let p = h & mask; ; p = (p + 1) & mask) {
      if (this.keysA[p] === -1) {
        this.keysA[p] = a;
        this.keysB[p] = r;
        this.vals[p] = n;
        this.size++;
        return;
      }
      if (this.keysA[p] === a && this.keysB[p] === r) return;
    }
  }
}

function grow(a: Int32Array, cap: number): Int32Array<ArrayBuffer> {
  const g = new Int32Array(cap);
  g.set(a);
  return g;
}
