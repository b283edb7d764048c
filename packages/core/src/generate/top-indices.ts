/**
 * A bounded min-heap that keeps the `k` largest finite values pushed, with their ids. Equal values
 * rank by id, lower first — provided ids are pushed in increasing order, which lets the hot loop
 * test `value > heap.floor` before calling `push` (one comparison per value once the heap is full).
 *
 * @example
 * ```ts
 * const heap = new TopKHeap(2);
 * for (const [i, v] of [5, 1, 7, 5].entries()) if (v > heap.floor) heap.push(v, i);
 * heap.sorted(); // { ids: [2, 0], values: [7, 5] }
 * ```
 */
export class TopKHeap {
  private readonly val: Float64Array;
  private readonly ids: Float64Array;
  private size = 0;
  /** Values must exceed this to enter: `-Infinity` until the heap is full, then its smallest value. */
  floor = Number.NEGATIVE_INFINITY;

  constructor(readonly k: number) {
    this.val = new Float64Array(k);
    this.ids = new Float64Array(k);
  }

  /** Adds `(value, id)`; call only with `value > floor` and ids in increasing order. */
  push(value: number, id: number): void {
    const { val, ids, k } = this;
    if (k === 0) return;
    if (this.size < k) {
      let c = this.size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (val[p]! < value || (val[p] === value && ids[p]! > id)) break;
        val[c] = val[p]!;
        ids[c] = ids[p]!;
        c = p;
      }
      val[c] = value;
      ids[c] = id;
    } else {
      let c = 0;
      for (;;) {
        let m = 2 * c + 1;
        if (m >= k) break;
        const r = m + 1;
        if (r < k && (val[r]! < val[m]! || (val[r] === val[m] && ids[r]! > ids[m]!))) m = r;
        if (value < val[m]! || (value === val[m] && id > ids[m]!)) break;
        val[c] = val[m]!;
        ids[c] = ids[m]!;
        c = m;
      }
      val[c] = value;
      ids[c] = id;
    }
    if (this.size === k) this.floor = val[0]!;
  }

  /** The kept entries, largest value first (equal values: lower id first). Empties the heap. */
  sorted(): { ids: number[]; values: number[] } {
    const { val, ids } = this;
    const n = this.size;
    const outIds = new Array<number>(n);
    const outValues = new Array<number>(n);
    // Pop the root (the worst kept) n times, filling from the back.
    for (let left = n; left > 0; left--) {
      outIds[left - 1] = ids[0]!;
      outValues[left - 1] = val[0]!;
      const v = val[left - 1]!;
      const id = ids[left - 1]!;
      let c = 0;
      const size = left - 1;
      for (;;) {
        let m = 2 * c + 1;
        if (m >= size) break;
        const r = m + 1;
        if (r < size && (val[r]! < val[m]! || (val[r] === val[m] && ids[r]! > ids[m]!))) m = r;
        if (v < val[m]! || (v === val[m] && id > ids[m]!)) break;
        val[c] = val[m]!;
        ids[c] = ids[m]!;
        c = m;
      }
      val[c] = v;
      ids[c] = id;
    }
    this.reset();
    return { ids: outIds, values: outValues };
  }

  /** Empties the heap for reuse. */
  reset(): void {
    this.size = 0;
    this.floor = Number.NEGATIVE_INFINITY;
  }
}

/**
 * The indices of the `k` largest finite values of `scores`, largest first; equal values rank by
 * index (lower first). `-Infinity` and NaN never count, so fewer than `k` indices come back when
 * fewer values are finite. O(n log k) with {@link TopKHeap} — no full sort, which is what makes
 * top-k, top-p and beam selection cheap at vocabulary 50,257.
 *
 * @example
 * ```ts
 * topIndices(new Float32Array([0.5, 2, -Infinity, 2, 1]), 3); // Int32Array [1, 3, 4]
 * ```
 */
export function topIndices(scores: ArrayLike<number>, k: number): Int32Array {
  const heap = new TopKHeap(Math.max(0, Math.min(k, scores.length)));
  let floor = heap.floor;
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]!;
    if (v > floor) {
      heap.push(v, i);
      floor = heap.floor;
    }
  }
  return Int32Array.from(heap.sorted().ids);
}

/**
 * A max-heap of token ids ordered by score (then lower id first), built in place over
 * `ids[0, size)` in O(size); {@link popBest} takes them out best first in O(log size) each — for
 * walking the head of a ranking without sorting all of it.
 *
 * @example
 * ```ts
 * const ids = Int32Array.from([0, 1, 2]);
 * const scores = new Float32Array([1, 3, 2]);
 * buildRankHeap(scores, ids, 3);
 * popBest(scores, ids, 3); // 1
 * popBest(scores, ids, 2); // 2
 * ```
 */
export function buildRankHeap(scores: ArrayLike<number>, ids: Int32Array, size: number): void {
  for (let i = (size >> 1) - 1; i >= 0; i--) siftRank(scores, ids, size, i);
}

/** Removes and returns the best id of a heap of `size` entries built by {@link buildRankHeap}. */
export function popBest(scores: ArrayLike<number>, ids: Int32Array, size: number): number {
  const top = ids[0]!;
  ids[0] = ids[size - 1]!;
  siftRank(scores, ids, size - 1, 0);
  return top;
}

function siftRank(scores: ArrayLike<number>, ids: Int32Array, size: number, at: number): void {
  const id = ids[at]!;
  const s = scores[id]!;
  let c = at;
  for (;;) {
    let m = 2 * c + 1;
    if (m >= size) break;
    const r = m + 1;
    if (r < size) {
      const sr = scores[ids[r]!]!;
      const sm = scores[ids[m]!]!;
      if (sr > sm || (sr === sm && ids[r]! < ids[m]!)) m = r;
    }
    const sm = scores[ids[m]!]!;
    if (s > sm || (s === sm && id < ids[m]!)) break;
    ids[c] = ids[m]!;
    c = m;
  }
  ids[c] = id;
}
