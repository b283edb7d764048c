/**
 * Open-addressing hash table from (parent node, word id) to child node id, on typed arrays. Much faster and
 * smaller than a `Map` with packed keys: a slot is one int32, and keys are read back from the trie's own
 * `parent`/`word` arrays. Linear probing, power-of-two capacity, grows at half load.
 *
 * @example
 * ```ts
 * const table = new NodeTable();
 * table.insert(0, 5, parents, words, 1); // node 1 = child of 0 with word 5
 * table.get(0, 5, parents, words);       // 1
 * ```
 */
export class NodeTable {
  private slots: Int32Array;
  private mask: number;
  /** Number of entries. */
  size = 0;

  constructor(capacity = 1 << 12) {
    let cap = 1;
    while (cap < capacity) cap <<= 1;
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  private static hash(parent: number, word: number): number {
    let h = Math.imul(parent, 0x9e3779b1) ^ Math.imul(word + 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 12);
  }

  /** Child of `parent` with `word`, or -1. @example `table.get(0, 5, parents, words)` */
  get(parent: number, word: number, parents: Int32Array, words: Int32Array): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = NodeTable.hash(parent, word) & mask;
    for (;;) {
      const node = slots[i] as number;
      if (node < 0) return -1;
      if (parents[node] === parent && words[node] === word) return node;
      i = (i + 1) & mask;
    }
  }

  /** Inserts `node` (whose key is not present yet). @example `table.insert(0, 5, parents, words, 1)` */
  insert(parent: number, word: number, parents: Int32Array, words: Int32Array, node: number): void {
    if ((this.size + 1) * 2 > this.slots.length) this.rehash(parents, words);
    const mask = this.mask;
    let i = NodeTable.hash(parent, word) & mask;
    while ((this.slots[i] as number) >= 0) i = (i + 1) & mask;
    this.slots[i] = node;
    this.size++;
  }

  private rehash(parents: Int32Array, words: Int32Array): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    this.mask = this.slots.length - 1;
    for (let j = 0; j < old.length; j++) {
      const node = old[j] as number;
      if (node < 0) continue;
      let i = NodeTable.hash(parents[node] as number, words[node] as number) & this.mask;
      while ((this.slots[i] as number) >= 0) i = (i + 1) & this.mask;
      this.slots[i] = node;
    }
  }
}
