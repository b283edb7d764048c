/**
 * Open-addressing hash table from (parent node, word id) to child node id, on typed arrays. Much faster and
 * smaller than a `Map` with packed keys: a slot is three int32 (parent, word, node) side by side, so a probe
 * touches one cache line. Linear probing, power-of-two capacity, grows at half load.
 *
 * @example
 * ```ts
 * const table = new NodeTable();
 * table.insert(0, 5, 1); // node 1 = child of 0 with word 5
 * table.get(0, 5);       // 1
 * ```
 */
export class NodeTable {
  /** Slot i holds parent, word, node at 3i, 3i + 1, 3i + 2; node -1 = empty. */
  private slots: Int32Array;
  private mask: number;
  /** Number of entries. */
  size = 0;

  constructor(capacity = 1 << 12) {
    let cap = 1;
    while (cap < capacity) cap <<= 1;
    this.slots = NodeTable.empty(cap);
    this.mask = cap - 1;
  }

  private static empty(cap: number): Int32Array {
    const a = new Int32Array(cap * 3);
    for (let i = 2; i < a.length; i += 3) a[i] = -1;
    return a;
  }

  private static hash(parent: number, word: number): number {
    let h = Math.imul(parent, 0x9e3779b1) ^ Math.imul(word + 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 12);
  }

  /** Child of `parent` with `word`, or -1. @example `table.get(0, 5)` */
  get(parent: number, word: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = NodeTable.hash(parent, word) & mask;
    for (;;) {
      const b = i * 3;
      const node = slots[b + 2] as number;
      if (node < 0) return -1;
      if (slots[b] === parent && slots[b + 1] === word) return node;
      i = (i + 1) & mask;
    }
  }

  /** Inserts `node` under a key that is not present yet. @example `table.insert(0, 5, 1)` */
  insert(parent: number, word: number, node: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.rehash();
    this.place(this.slots, this.mask, parent, word, node);
    this.size++;
  }

  private place(slots: Int32Array, mask: number, parent: number, word: number, node: number): void {
    let i = NodeTable.hash(parent, word) & mask;
    while ((slots[i * 3 + 2] as number) >= 0) i = (i + 1) & mask;
    slots[i * 3] = parent;
    slots[i * 3 + 1] = word;
    slots[i * 3 + 2] = node;
  }

  private rehash(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const slots = NodeTable.empty(cap);
    for (let b = 0; b < old.length; b += 3) {
      const node = old[b + 2] as number;
      if (node >= 0) this.place(slots, cap - 1, old[b] as number, old[b + 1] as number, node);
    }
    this.slots = slots;
    this.mask = cap - 1;
  }
}
