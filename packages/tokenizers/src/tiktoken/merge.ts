import { KEY_SHIFT, KeyHeap } from '../bpe/key-heap';
import type { TokenTable } from './token-table';

/** Pieces up to this many bytes use the simple scan (fastest for short pieces); longer ones a heap. */
const SMALL = 32;
const NONE = 0x7fffffff;

const pos = new Int32Array(SMALL + 2);
const pairRank = new Int32Array(SMALL + 2);
const partRank = new Int32Array(SMALL + 2);

/**
 * tiktoken's byte-pair merge of `buf[0, len)` (`len >= 2`): repeatedly merge the adjacent parts whose
 * concatenation has the lowest rank (leftmost on ties), then push each part's rank onto `out`.
 * Linear-ish for short pieces and O(n log n) for long ones, so one 100,000-byte word stays fast.
 * Returns the number of tokens pushed.
 */
export function rankMerge(table: TokenTable, buf: Uint8Array, len: number, out: number[]): number {
  if (len > SMALL) return rankMergeHeap(table, buf, len, out);
  const byteRank = table.byteRank;
  let n = len; // number of parts
  let minRank = NONE;
  let minAt = -1;
  for (let i = 0; i < len; i++) {
    pos[i] = i;
    partRank[i] = byteRank[buf[i]!]!;
  }
  pos[len] = len;
  const pair2 = table.pairRank;
  for (let i = 0; i < len - 1; i++) {
    let r = pair2[(buf[i]! << 8) | buf[i + 1]!]!;
    if (r < 0) r = NONE;
    pairRank[i] = r;
    if (r < minRank) {
      minRank = r;
      minAt = i;
    }
  }
  pairRank[len - 1] = NONE;
  while (minRank !== NONE) {
    const i = minAt;
    partRank[i] = minRank;
    // remove part i+1
    for (let k = i + 1; k < n; k++) {
      pos[k] = pos[k + 1]!;
      partRank[k] = partRank[k + 1]!;
      pairRank[k] = pairRank[k + 1]!;
    }
    n--;
    // pos[n] is the end sentinel; pair i now spans pos[i]..pos[i+2]
    if (i + 1 < n) {
      const r = table.lookup(buf, pos[i]!, pos[i + 2]!);
      pairRank[i] = r < 0 ? NONE : r;
    } else pairRank[i] = NONE;
    if (i > 0) {
      const r = table.lookup(buf, pos[i - 1]!, pos[i + 1]!);
      pairRank[i - 1] = r < 0 ? NONE : r;
    }
    minRank = NONE;
    for (let k = 0; k < n - 1; k++) {
      const r = pairRank[k]!;
      if (r < minRank) {
        minRank = r;
        minAt = k;
      }
    }
  }
  for (let k = 0; k < n; k++) out.push(partRank[k]!);
  return n;
}

let hNxt = new Int32Array(0);
let hPrv = new Int32Array(0);
let hRk = new Int32Array(0);
let hPart = new Int32Array(0);
const heap = new KeyHeap();

function rankMergeHeap(table: TokenTable, buf: Uint8Array, len: number, out: number[]): number {
  if (hNxt.length < len + 1) {
    const cap = Math.max(len + 1, hNxt.length * 2);
    hNxt = new Int32Array(cap);
    hPrv = new Int32Array(cap);
    hRk = new Int32Array(cap);
    hPart = new Int32Array(cap);
  }
  const nxt = hNxt;
  const prv = hPrv;
  const rk = hRk; // rank of merging the part at p with the next part
  const part = hPart; // rank of the part starting at p
  heap.reset(3 * len + 3); // every merge pushes at most two entries
  for (let i = 0; i < len; i++) {
    nxt[i] = i + 1;
    prv[i] = i - 1;
    part[i] = table.byteRank[buf[i]!]!;
  }
  nxt[len] = len;
  for (let i = 0; i < len - 1; i++) {
    const r = table.pairRank[(buf[i]! << 8) | buf[i + 1]!]!;
    rk[i] = r;
    if (r >= 0) heap.push(r * KEY_SHIFT + i);
  }
  rk[len - 1] = -1;
  while (heap.size > 0) {
    const v = heap.pop();
    const r = Math.floor(v / KEY_SHIFT);
    const p = v - r * KEY_SHIFT;
    if (rk[p] !== r) continue; // stale (p removed or its pair changed)
    const q = nxt[p]!;
    const after = nxt[q]!;
    part[p] = r;
    nxt[p] = after;
    if (after < len) prv[after] = p;
    rk[q] = -1;
    if (after < len) {
      const nr = table.lookup(buf, p, nxt[after]!);
      rk[p] = nr;
      if (nr >= 0) heap.push(nr * KEY_SHIFT + p);
    } else rk[p] = -1;
    const b = prv[p]!;
    if (b >= 0) {
      const nr = table.lookup(buf, b, after);
      rk[b] = nr;
      if (nr >= 0) heap.push(nr * KEY_SHIFT + b);
    }
  }
  let count = 0;
  for (let p = 0; p < len; p = nxt[p]!) {
    out.push(part[p]!);
    count++;
  }
  return count;
}
