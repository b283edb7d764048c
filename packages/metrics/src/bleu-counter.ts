/**
 * Fast exact clipped n-gram matching for BLEU. Tokens and n-grams are interned to dense integer ids
 * (an n-gram's id is looked up from its prefix's id and its last token's id), and counts live in
 * typed arrays indexed by id, so each segment costs O(tokens × order) with no per-segment maps.
 */
export class NgramCounter {
  private readonly tokenIds = new Map<string, number>();
  // Open-addressing hash table from (prefix id, token id) to n-gram id.
  private keyA = new Int32Array(1 << 8).fill(-1);
  private keyB = new Int32Array(1 << 8);
  private vals = new Int32Array(1 << 8);
  private used = 0;
  private next = 0;
  private refMax = new Int32Array(1 << 8);
  private scratch = new Int32Array(1 << 8);
  private hyp = new Int32Array(1 << 8);

  constructor(private readonly maxOrder: number) {}

  private grow(id: number): void {
    if (id < this.refMax.length) return;
    let n = this.refMax.length;
    while (n <= id) n *= 2;
    for (const k of ['refMax', 'scratch', 'hyp'] as const) {
      const a = new Int32Array(n);
      a.set(this[k]);
      this[k] = a;
    }
  }

  private token(t: string): number {
    let id = this.tokenIds.get(t);
    if (id === undefined) {
      id = this.next++;
      this.tokenIds.set(t, id);
    }
    return id;
  }

  private slot(a: number, b: number): number {
    const mask = this.keyA.length - 1;
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & mask;
    while (true) {
      const k = this.keyA[h] as number;
      if (k === -1 || (k === a && this.keyB[h] === b)) return h;
      h = (h + 1) & mask;
    }
  }

  private rehash(): void {
    const { keyA, keyB, vals } = this;
    const n = keyA.length * 2;
    this.keyA = new Int32Array(n).fill(-1);
    this.keyB = new Int32Array(n);
    this.vals = new Int32Array(n);
    for (let i = 0; i < keyA.length; i++) {
      const a = keyA[i] as number;
      if (a === -1) continue;
      const h = this.slot(a, keyB[i] as number);
      this.keyA[h] = a;
      this.keyB[h] = keyB[i] as number;
      this.vals[h] = vals[i] as number;
    }
  }

  private extend(prefix: number, tok: number): number {
    const h = this.slot(prefix, tok);
    if (this.keyA[h] !== -1) return this.vals[h] as number;
    const id = this.next++;
    this.keyA[h] = prefix;
    this.keyB[h] = tok;
    this.vals[h] = id;
    if (++this.used * 2 > this.keyA.length) this.rehash();
    return id;
  }

  /** n-gram ids of a token sequence, grouped by order: result[n] holds the (n+1)-grams. */
  ids(tokens: readonly string[]): number[][] {
    const L = tokens.length;
    const out: number[][] = [];
    const tok = new Array<number>(L);
    for (let i = 0; i < L; i++) tok[i] = this.token(tokens[i] as string);
    let prev = tok;
    for (let n = 0; n < this.maxOrder; n++) {
      if (n === 0) {
        out.push(tok);
        continue;
      }
      const cur: number[] = [];
      for (let i = 0; i + n < L; i++) cur.push(this.extend(prev[i] as number, tok[i + n] as number));
      out.push(cur);
      prev = cur;
    }
    this.grow(this.next);
    return out;
  }

  /**
   * Clipped matches per order of a hypothesis against the per-n-gram maximum over its references.
   * Writes into `correct` (length maxOrder).
   */
  match(hyp: number[][], refs: number[][][], correct: number[]): void {
    const { refMax, scratch, hyp: hc } = this;
    for (const ref of refs) {
      for (const ids of ref) for (const id of ids) scratch[id] = (scratch[id] as number) + 1;
      for (const ids of ref) {
        for (const id of ids) {
          const c = scratch[id] as number;
          if (c > (refMax[id] as number)) refMax[id] = c;
        }
      }
      for (const ids of ref) for (const id of ids) scratch[id] = 0;
    }
    for (let n = 0; n < hyp.length; n++) {
      const ids = hyp[n] as number[];
      for (const id of ids) hc[id] = (hc[id] as number) + 1;
      let c = 0;
      for (const id of ids) {
        const h = hc[id] as number;
        if (h > 0) {
          const r = refMax[id] as number;
          c += Math.min(h, r);
          hc[id] = 0; // count each distinct n-gram once
        }
      }
      correct[n] = c;
    }
    for (const ref of refs) for (const ids of ref) for (const id of ids) refMax[id] = 0;
  }
}
