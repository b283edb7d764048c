/**
 * A string → id hash index over a vocabulary given as an id → token array, that looks up a substring
 * `text[start, end)` or the concatenation of two substrings without building them: merges, word pieces
 * and trie-less lookups cost no allocation. Open addressing over an `Int32Array` of ids, FNV-1a over UTF-16
 * units. Where two ids have the same token, the larger id wins (as a JSON object's last key does).
 *
 * @example
 * ```ts
 * const index = new VocabIndex(['a', 'b', 'ab']);
 * index.get('xaby', 1, 3); // 2
 * index.getConcat('a', 0, 1, 'b', 0, 1); // 2
 * ```
 */
export class VocabIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(readonly tokens: readonly (string | undefined)[]) {
    let cap = 1024;
    while (cap < tokens.length * 2) cap <<= 1;
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    for (let id = 0; id < tokens.length; id++) {
      const t = tokens[id];
      if (t === undefined) continue;
      let i = mix(fnv(t, 0, t.length, FNV_SEED)) & this.mask;
      for (;;) {
        const o = this.slots[i]!;
        if (o === -1 || tokens[o] === t) break;
        i = (i + 1) & this.mask;
      }
      this.slots[i] = id;
    }
  }

  /** Id of `text[start, end)`, or −1. */
  get(text: string, start = 0, end = text.length): number {
    const tokens = this.tokens;
    const len = end - start;
    let i = mix(fnv(text, start, end, FNV_SEED)) & this.mask;
    for (;;) {
      const id = this.slots[i]!;
      if (id === -1) return -1;
      const t = tokens[id]!;
      if (t.length === len) {
        let k = 0;
        while (k < len && t.charCodeAt(k) === text.charCodeAt(start + k)) k++;
        if (k === len) return id;
      }
      i = (i + 1) & this.mask;
    }
  }

  /**
   * Id of `text[start, end)` given `h`, the {@link fnvStep} hash of its units from {@link FNV_SEED}: a caller
   * trying every end from one start extends the hash by one unit per step instead of rehashing.
   */
  getHashed(h: number, text: string, start: number, end: number): number {
    const tokens = this.tokens;
    const len = end - start;
    let i = mix(h) & this.mask;
    for (;;) {
      const id = this.slots[i]!;
      if (id === -1) return -1;
      const t = tokens[id]!;
      if (t.length === len) {
        let k = 0;
        while (k < len && t.charCodeAt(k) === text.charCodeAt(start + k)) k++;
        if (k === len) return id;
      }
      i = (i + 1) & this.mask;
    }
  }

  /** Id of `a[as, ae) + b[bs, be)`, or −1. */
  getConcat(a: string, as: number, ae: number, b: string, bs: number, be: number): number {
    return this.getConcatHashed(fnv(b, bs, be, fnv(a, as, ae, FNV_SEED)), a, as, ae, b, bs, be);
  }

  /** {@link getConcat} given `h`, the {@link fnvStep} hash of the concatenation (as {@link getHashed}). */
  getConcatHashed(h: number, a: string, as: number, ae: number, b: string, bs: number, be: number): number {
    const tokens = this.tokens;
    const la = ae - as;
    const len = la + be - bs;
    let i = mix(h) & this.mask;
    for (;;) {
      const id = this.slots[i]!;
      if (id === -1) return -1;
      const t = tokens[id]!;
      if (t.length === len) {
        let k = 0;
        while (k < la && t.charCodeAt(k) === a.charCodeAt(as + k)) k++;
        if (k === la) {
          while (k < len && t.charCodeAt(k) === b.charCodeAt(bs + k - la)) k++;
          if (k === len) return id;
        }
      }
      i = (i + 1) & this.mask;
    }
  }
}

/** The starting state of {@link fnvStep} hashes. */
export const FNV_SEED = 0x811c9dc5;

/** One UTF-16 unit `c` into the FNV-1a state `h` (see {@link VocabIndex.getHashed}). */
export function fnvStep(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}

/**
 * FNV-1a state after the UTF-16 units `s[start, end)`, continuing from `h` (start from {@link FNV_SEED}).
 *
 * @example
 * ```ts
 * index.getHashed(fnv('▁the', 0, 4, FNV_SEED), '▁the', 0, 4); // the id of '▁the'
 * ```
 */
export function fnv(s: string, start: number, end: number, h: number): number {
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

function mix(h: number): number {
  return (h ^ (h >>> 15)) >>> 0;
}
