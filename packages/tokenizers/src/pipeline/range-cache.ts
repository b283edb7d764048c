/**
 * A bounded cache from a substring `text[start, end)` to a value, looked up without building the substring
 * (a `Map` keyed by `text.slice(…)` allocates a string per lookup, and the garbage collector pays for it on
 * every word of a large text). Open addressing over FNV-1a of the UTF-16 units; when full, it starts over.
 *
 * @example
 * ```ts
 * const cache = new RangeCache<Int32Array>(1024);
 * cache.get('a word', 2, 6); // undefined
 * cache.set('a word', 2, 6, Int32Array.of(42));
 * cache.get('my word', 3, 7); // Int32Array [42]
 * ```
 */
export class RangeCache<V> {
  private slots: Int32Array;
  private readonly keys: string[] = [];
  private readonly values: V[] = [];
  private readonly mask: number;
  /** Hash of the last {@link get}, reused by the {@link set} that follows it for the same range. */
  private lastHash = 0;

  constructor(readonly capacity: number) {
    let cap = 16;
    while (cap < capacity * 2) cap <<= 1;
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.keys.length;
  }

  /** The value of `text[start, end)`, or undefined. */
  get(text: string, start: number, end: number): V | undefined {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h = (h ^ (h >>> 15)) >>> 0;
    this.lastHash = h;
    const len = end - start;
    const { slots, keys, mask } = this;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const k = slots[i]!;
      if (k === -1) return undefined;
      const key = keys[k]!;
      if (key.length !== len) continue;
      let j = 0;
      while (j < len && key.charCodeAt(j) === text.charCodeAt(start + j)) j++;
      if (j === len) return this.values[k];
    }
  }

  /** Stores `value` for `text[start, end)`, which the last {@link get} missed. */
  set(text: string, start: number, end: number, value: V): void {
    if (this.keys.length >= this.capacity) {
      this.slots.fill(-1);
      this.keys.length = 0;
      this.values.length = 0;
      this.get(text, start, end);
    }
    const { slots, mask } = this;
    let i = this.lastHash & mask;
    while (slots[i] !== -1) i = (i + 1) & mask;
    slots[i] = this.keys.length;
    this.keys.push(text.slice(start, end));
    this.values.push(value);
  }
}
