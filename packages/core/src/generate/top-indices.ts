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

  /** The kept entries, largest value first (equal values: lower id first). */
  sorted(): { ids: number[]; values: number[] } {
    const order = Array.from({ length: this.size }, (_, j) => j).sort(
      (a, b) => this.val[b]! - this.val[a]! || this.ids[a]! - this.ids[b]!,
    );
    return { ids: order.map((j) => this.ids[j]!), values: order.map((j) => this.val[j]!) };
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
