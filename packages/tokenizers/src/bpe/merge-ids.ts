import { KEY_SHIFT, KeyHeap } from './key-heap';
import type { PairMap } from './pair-table';

const SMALL = 64;
const NONE = 0x7fffffff;

/** Merge rules: `ranks.get(a, b)` is the rank of merging ids `a, b`; `result[rank]` the id it makes. */
export interface MergeRules {
  ranks: PairMap;
  result: Int32Array;
}

const ids = new Int32Array(SMALL + 1);
const starts = new Int32Array(SMALL + 2);
const pr = new Int32Array(SMALL + 1);
const heap = new KeyHeap();

/**
 * Applies BPE merges (lowest rank first, leftmost on ties — Hugging Face semantics) to `syms[0, n)`.
 * Writes the merged ids to `outIds` and the index of each one's first symbol to `outStart`
 * (arrays of at least `n`), and returns how many there are.
 */
export function mergeIds(
  rules: MergeRules,
  syms: ArrayLike<number>,
  n: number,
  outIds: Int32Array | number[],
  outStart: Int32Array | number[],
): number {
  if (n > SMALL) return mergeIdsHeap(rules, syms, n, outIds, outStart);
  const ranks = rules.ranks;
  const result = rules.result;
  let m = n;
  for (let i = 0; i < n; i++) {
    ids[i] = syms[i]!;
    starts[i] = i;
  }
  let minR = NONE;
  let minAt = -1;
  for (let i = 0; i < n - 1; i++) {
    let r = ranks.get(ids[i]!, ids[i + 1]!);
    if (r < 0) r = NONE;
    pr[i] = r;
    if (r < minR) {
      minR = r;
      minAt = i;
    }
  }
  pr[n - 1] = NONE;
  while (minR !== NONE) {
    const i = minAt;
    ids[i] = result[minR]!;
    for (let k = i + 1; k < m - 1; k++) {
      ids[k] = ids[k + 1]!;
      starts[k] = starts[k + 1]!;
      pr[k] = pr[k + 1]!;
    }
    m--;
    pr[m - 1] = NONE;
    if (i + 1 < m) {
      const r = ranks.get(ids[i]!, ids[i + 1]!);
      pr[i] = r < 0 ? NONE : r;
    } else pr[i] = NONE;
    if (i > 0) {
      const r = ranks.get(ids[i - 1]!, ids[i]!);
      pr[i - 1] = r < 0 ? NONE : r;
    }
    minR = NONE;
    for (let k = 0; k < m - 1; k++) {
      if (pr[k]! < minR) {
        minR = pr[k]!;
        minAt = k;
      }
    }
  }
  for (let k = 0; k < m; k++) {
    outIds[k] = ids[k]!;
    outStart[k] = starts[k]!;
  }
  return m;
}

function mergeIdsHeap(
  rules: MergeRules,
  syms: ArrayLike<number>,
  n: number,
  outIds: Int32Array | number[],
  outStart: Int32Array | number[],
): number {
  const { ranks, result } = rules;
  const id = new Int32Array(n);
  const nxt = new Int32Array(n);
  const prv = new Int32Array(n);
  const rk = new Int32Array(n);
  heap.reset(3 * n + 3); // every merge pushes at most two entries
  for (let i = 0; i < n; i++) {
    id[i] = syms[i]!;
    nxt[i] = i + 1;
    prv[i] = i - 1;
  }
  for (let i = 0; i < n - 1; i++) {
    const r = ranks.get(id[i]!, id[i + 1]!);
    rk[i] = r;
    if (r >= 0) heap.push(r * KEY_SHIFT + i);
  }
  rk[n - 1] = -1;
  while (heap.size > 0) {
    const v = heap.pop();
    const r = Math.floor(v / KEY_SHIFT);
    const p = v - r * KEY_SHIFT;
    if (rk[p] !== r) continue;
    const q = nxt[p]!;
    const after = q < n ? nxt[q]! : n;
    id[p] = result[r]!;
    nxt[p] = after;
    if (after < n) prv[after] = p;
    rk[q] = -1;
    if (after < n) {
      const nr = ranks.get(id[p]!, id[after]!);
      rk[p] = nr;
      if (nr >= 0) heap.push(nr * KEY_SHIFT + p);
    } else rk[p] = -1;
    const b = prv[p]!;
    if (b >= 0) {
      const nr = ranks.get(id[b]!, id[p]!);
      rk[b] = nr;
      if (nr >= 0) heap.push(nr * KEY_SHIFT + b);
    }
  }
  let m = 0;
  for (let p = 0; p < n; p = nxt[p]!) {
    outIds[m] = id[p]!;
    outStart[m] = p;
    m++;
  }
  return m;
}
