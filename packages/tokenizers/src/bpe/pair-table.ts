/**
 * Open-addressing hash map from a pair of non-negative int32 ids `(a, b)` to an int32 value,
 * stored in typed arrays (no per-entry objects, no string keys).
 */
export class PairMap {
  private keysA: Int32Array;
  private keysB: Int32Array;
  private vals: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 16) {
    let cap = 16;
    while (cap < capacity * 2) cap <<= 1;
    this.keysA = new Int32Array(cap).fill(-1);
    this.keysB = new Int32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /**
   * A map over tables filled elsewhere with this class's hashing and probing (`keysA` −1 where empty,
   * length a power of two, at most half full): the tokenizer.json loader's WebAssembly merge loop fills them with this hashing.
   */
  static fromTable(keysA: Int32Array, keysB: Int32Array, vals: Int32Array, size: number): PairMap {
    const m = new PairMap(1);
    m.keysA = keysA;
    m.keysB = keysB;
    m.vals = vals;
    m.mask = keysA.length - 1;
    m.size = size;
    return m;
  }

  private slot(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
    h ^= h >>> 15;
    let i = h & this.mask;
    const ka = this.keysA;
    const kb = this.keysB;
    for (;;) {
      const x = ka[i]!;
      if (x === -1 || (x === a && kb[i] === b)) return i;
      i = (i + 1) & this.mask;
    }
  }

  /** Value of `(a, b)`, or −1. */
  get(a: number, b: number): number {
    const i = this.slot(a, b);
    return this.keysA[i] === -1 ? -1 : this.vals[i]!;
  }

  /** Sets `(a, b)` to `v` unless it already has a value (one probe); returns whether it was set. */
  setIfAbsent(a: number, b: number, v: number): boolean {
    const i = this.slot(a, b);
    if (this.keysA[i] !== -1) return false;
    this.keysA[i] = a;
    this.keysB[i] = b;
    this.vals[i] = v;
    this.size++;
    if (this.size * 2 > this.mask) this.grow();
    return true;
  }

  /** Index of the entry of `(a, b)`, inserting it with value `init` if absent. */
  set(a: number, b: number, v: number): void {
    const i = this.slot(a, b);
    if (this.keysA[i] === -1) {
      this.keysA[i] = a;
      this.keysB[i] = b;
      this.size++;
      this.vals[i] = v;
      if (this.size * 2 > this.mask) this.grow();
    } else this.vals[i] = v;
  }

  private grow(): void {
    const { keysA, keysB, vals } = this;
    const cap = (this.mask + 1) * 2;
    this.keysA = new Int32Array(cap).fill(-1);
    this.keysB = new Int32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < keysA.length; i++) {
      if (keysA[i] === -1) continue;
      const j = this.slot(keysA[i]!, keysB[i]!);
      this.keysA[j] = keysA[i]!;
      this.keysB[j] = keysB[i]!;
      this.vals[j] = vals[i]!;
    }
  }
}
