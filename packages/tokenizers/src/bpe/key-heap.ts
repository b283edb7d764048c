/**
 * A binary min-heap of float64 keys, used by the long-piece BPE merge loops. Keys pack
 * `rank * 2^32 + position`, so popping the smallest key gives the lowest-ranked pair and, on
 * ties, the leftmost one. Stale entries are skipped by the caller (lazy deletion).
 */
export class KeyHeap {
  private data = new Float64Array(16);
  size = 0;

  /** Empties the heap and makes room for `capacity` keys without reallocating. */
  reset(capacity: number): void {
    if (this.data.length < capacity) this.data = new Float64Array(Math.max(capacity, this.data.length * 2));
    this.size = 0;
  }

  push(v: number): void {
    const heap = this.data;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p]! <= v) break;
      heap[i] = heap[p]!;
      i = p;
    }
    heap[i] = v;
  }

  /** Removes and returns the smallest key (the heap must not be empty). */
  pop(): number {
    const heap = this.data;
    const top = heap[0]!;
    const last = heap[--this.size]!;
    const n = this.size;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && heap[c + 1]! < heap[c]!) c++;
      if (heap[c]! >= last) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = last;
    return top;
  }
}

/** Packs a (rank, position) pair into one heap key. */
export const KEY_SHIFT = 4294967296;
