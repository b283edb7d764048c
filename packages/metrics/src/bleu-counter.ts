/**
 * Exact clipped n-gram matching for BLEU, one segment at a time. Tokens are interned to integer ids
 * once; a segment's references and hypothesis are laid out as id sequences in one flat buffer, and
 * its n-grams go into a small open-addressing table keyed by a rolling hash of the ids. Equal hashes
 * are confirmed by comparing the id sequences, so collisions never change a count.
 */
export class NgramMatcher {
  private tokenIds = new Map<string, number>();
  // Interned token strings by id, and an open-addressing table [hash, id + 1] over them for
  // looking tokens up straight from a substring without creating it.
  private strs: string[] = [];
  private tokTable = new Int32Array(2 * 1024);
  private tokMask = 1023;
  private nextId = 0;
  /** Token ids of the current segment: references first, then the hypothesis. */
  private flat = new Int32Array(256);
  private flatLen = 0;
  // Table entries, 8 int32 each: [hash, start + 1 (0 = empty), order, count in current reference,
  // max count over references, hypothesis count, last reference index, unused].
  private table = new Int32Array(8 * 256);
  private mask = 255;
  private used = new Int32Array(256);
  private nUsed = 0;

  constructor(public maxOrder: number) {}

  /** Starts a new segment. Token ids only need to agree within a segment, so the vocabulary may be reset here. */
  begin(): void {
    this.flatLen = 0;
    if (this.nextId > 1 << 16) {
      this.tokenIds = new Map();
      this.strs = [];
      this.tokTable.fill(0);
      this.nextId = 0;
    }
  }

  private append(id: number): void {
    if (this.flatLen === this.flat.length) {
      const a = new Int32Array(this.flat.length * 2);
      a.set(this.flat);
      this.flat = a;
    }
    this.flat[this.flatLen++] = id;
  }

  /** Appends the token `line.slice(a, b)` of the current sequence. */
  pushRange(line: string, a: number, b: number): void {
    let h = 0x811c9dc5;
    for (let k = a; k < b; k++) h = Math.imul(h ^ line.charCodeAt(k), 0x01000193);
    h ^= h >>> 13;
    const T = this.tokTable;
    const mask = this.tokMask;
    let s = h & mask;
    while (true) {
      const e = s << 1;
      const v = T[e + 1] as number;
      if (v === 0) break;
      if (T[e] === h) {
        const t = this.strs[v - 1] as string;
        if (t.length === b - a) {
          let k = 0;
          while (k < t.length && t.charCodeAt(k) === line.charCodeAt(a + k)) k++;
          if (k === t.length) {
            this.append(v - 1);
            return;
          }
        }
      }
      s = (s + 1) & mask;
    }
    const tok = line.slice(a, b);
    let id = this.tokenIds.get(tok);
    if (id === undefined) {
      id = this.nextId++;
      this.tokenIds.set(tok, id);
    }
    this.strs[id] = tok;
    const e = s << 1;
    T[e] = h;
    T[e + 1] = id + 1;
    if (2 * this.strs.length > mask) this.growTokens();
    this.append(id);
  }

  private growTokens(): void {
    const cap = 2 * (this.tokMask + 1);
    const T = new Int32Array(2 * cap);
    const mask = cap - 1;
    const old = this.tokTable;
    for (let e = 0; e < old.length; e += 2) {
      const v = old[e + 1] as number;
      if (v === 0) continue;
      let s = (old[e] as number) & mask;
      while (T[2 * s + 1] !== 0) s = (s + 1) & mask;
      T[2 * s] = old[e] as number;
      T[2 * s + 1] = v;
    }
    this.tokTable = T;
    this.tokMask = mask;
  }

  /** Current length of the segment's id buffer (use before and after adding a sequence). */
  get length(): number {
    return this.flatLen;
  }

  /** Appends one token of the current sequence. */
  push(token: string): void {
    let id = this.tokenIds.get(token);
    if (id === undefined) {
      id = this.nextId++;
      this.tokenIds.set(token, id);
    }
    this.append(id);
  }

  private reserve(ngrams: number): void {
    let cap = this.mask + 1;
    if (cap >= 2 * ngrams) return;
    while (cap < 2 * ngrams) cap *= 2;
    this.table = new Int32Array(8 * cap);
    this.mask = cap - 1;
    this.used = new Int32Array(cap);
    this.nUsed = 0;
  }

  /**
   * Clipped matches per order (written into `correct`) of the hypothesis `flat[hypStart, end)`
   * against the references `flat[refBounds[2k], refBounds[2k+1])`.
   */
  match(refBounds: readonly number[], hypStart: number, correct: number[]): void {
    const N = this.maxOrder;
    const flat = this.flat;
    const end = this.flatLen;
    for (let n = 0; n < N; n++) correct[n] = 0;
    this.reserve(N * hypStart + 1);
    const T = this.table;
    const mask = this.mask;
    const used = this.used;
    let nUsed = this.nUsed;
    for (let r = 0; 2 * r < refBounds.length; r++) {
      const a = refBounds[2 * r] as number;
      const b = refBounds[2 * r + 1] as number;
      for (let i = a; i < b; i++) {
        let h = 0;
        const last = Math.min(N, b - i);
        for (let n = 1; n <= last; n++) {
          h = Math.imul(h + (flat[i + n - 1] as number) + 1, 0x9e3779b1);
          h ^= h >>> 15;
          let s = h & mask;
          while (true) {
            const e = s << 3;
            const st = T[e + 1] as number;
            if (st === 0) {
              T[e] = h;
              T[e + 1] = i + 1;
              T[e + 2] = n;
              T[e + 3] = 1;
              T[e + 4] = 1;
              T[e + 6] = r;
              used[nUsed++] = e;
              break;
            }
            if (T[e] === h && T[e + 2] === n && sameIds(flat, st - 1, i, n)) {
              if (T[e + 6] !== r) {
                T[e + 6] = r;
                T[e + 3] = 1;
                if ((T[e + 4] as number) < 1) T[e + 4] = 1;
              } else {
                const c = (T[e + 3] as number) + 1;
                T[e + 3] = c;
                if (c > (T[e + 4] as number)) T[e + 4] = c;
              }
              break;
            }
            s = (s + 1) & mask;
          }
        }
      }
    }
    for (let i = hypStart; i < end; i++) {
      let h = 0;
      const last = Math.min(N, end - i);
      for (let n = 1; n <= last; n++) {
        h = Math.imul(h + (flat[i + n - 1] as number) + 1, 0x9e3779b1);
        h ^= h >>> 15;
        let s = h & mask;
        let found = -1;
        while (true) {
          const e = s << 3;
          const st = T[e + 1] as number;
          if (st === 0) break;
          if (T[e] === h && T[e + 2] === n && sameIds(flat, st - 1, i, n)) {
            found = e;
            break;
          }
          s = (s + 1) & mask;
        }
        // An n-gram absent from the references cannot match, and neither can its extensions.
        if (found < 0) break;
        const c = (T[found + 5] as number) + 1;
        T[found + 5] = c;
        if (c <= (T[found + 4] as number)) correct[n - 1] = (correct[n - 1] as number) + 1;
      }
    }
    for (let k = 0; k < nUsed; k++) T.fill(0, used[k] as number, (used[k] as number) + 8);
    this.nUsed = 0;
  }
}

function sameIds(flat: Int32Array, a: number, b: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (flat[a + k] !== flat[b + k]) return false;
  return true;
}

let shared: NgramMatcher | undefined;

/** A reusable matcher (BLEU runs synchronously, so one instance serves every call). */
export function sharedMatcher(maxOrder: number): NgramMatcher {
  if (shared === undefined) shared = new NgramMatcher(maxOrder);
  shared.maxOrder = maxOrder;
  return shared;
}
