import { BATCH, DONE, ESCAPE, FULL, type MergesState } from './json-bytes-loops';
import { Unexpected } from './json-cursor';
import { BYTE_PRIME, BYTE_SEED } from './segmenters/byte-vocab';

const BATCH_SIZE = 256;

/**
 * `"left right"` or `["left", "right"]` merges of a `tokenizer.json` (after the `[` or a `,`), read from the
 * bytes (see `json-bytes-loops` for why it is one small function called per batch): each merge's parts and
 * their concatenation (hashed on from the left part's hash) are looked up in the vocabulary's byte index and
 * the pair goes into the rank table, inline. Stops with one of `DONE`, `ESCAPE`, `FULL` (arrays or the
 * table need room) or `BATCH`.
 *
 * @example
 * ```ts
 * while (mergesLoop(st) !== DONE) { … }
 * ```
 */
export function mergesLoop(st: MergesState): number {
  const { b, left, right, result, keysA, keysB, vals } = st;
  const pairMask = keysA.length - 1;
  const cap = left.length;
  const full = (keysA.length >> 1) - 8;
  let size = st.size;
  let i = st.i;
  let n = st.n;
  const stop = Math.min(cap, n + BATCH_SIZE);
  let code = DONE;
  for (;;) {
    if (n === stop || size >= full) {
      code = n === stop && n !== cap ? BATCH : FULL;
      break;
    }
    let c = b[i];
    while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i];
    const literal = i;
    const pair = c === 91;
    let ha = BYTE_SEED;
    let as: number;
    let plain = true;
    if (c === 34) {
      // "left right": the first char belongs to the left part, which ends at the next space
      as = i + 1;
      c = b[as];
      if (c === 34) throw new Unexpected();
      for (i = as; ; ) {
        if (c === 92 || !(c! >= 32)) {
          plain = false;
          break;
        }
        ha = Math.imul(ha ^ c!, BYTE_PRIME);
        c = b[++i];
        if (c === 32) break;
        if (c === 34) throw new Unexpected();
      }
    } else if (pair) {
      for (c = b[++i]; c === 32 || c === 10 || c === 13 || c === 9; c = b[++i]);
      if (c !== 34) throw new Unexpected();
      as = i + 1;
      for (c = b[++i]; c !== 34; c = b[++i]) {
        if (c === 92 || !(c! >= 32)) {
          plain = false;
          break;
        }
        ha = Math.imul(ha ^ c!, BYTE_PRIME);
      }
    } else throw new Unexpected();
    const ae = i;
    if (plain && pair) {
      for (c = b[++i]; c === 32 || c === 10 || c === 13 || c === 9; c = b[++i]);
      if (c !== 44) throw new Unexpected();
      for (c = b[++i]; c === 32 || c === 10 || c === 13 || c === 9; c = b[++i]);
      if (c !== 34) throw new Unexpected();
    }
    // the right part: from after the space or the opening quote to the closing quote
    const bs = i + 1;
    let hb = BYTE_SEED;
    let hc = ha;
    if (plain) {
      for (c = b[++i]; c !== 34; c = b[++i]) {
        if (c === 32 && !pair) throw new Unexpected(); // "a b c"
        if (c === 92 || !(c! >= 32)) {
          plain = false;
          break;
        }
        hb = Math.imul(hb ^ c!, BYTE_PRIME);
        hc = Math.imul(hc ^ c!, BYTE_PRIME);
      }
    }
    if (!plain) {
      i = literal;
      code = ESCAPE;
      break;
    }
    const be = i;
    c = b[++i];
    if (pair) {
      while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i];
      if (c !== 93) throw new Unexpected();
      c = b[++i];
    }
    const index = st.index;
    const x = index.find(ha, b, as, ae);
    const y = index.find(hb, b, bs, be);
    const z = index.findConcat(hc, b, as, ae, b, bs, be);
    if (x < 0 || y < 0 || z < 0) throw new Unexpected(); // a prefix model, or an error the text path names
    result[n] = z;
    left[n] = x;
    right[n] = y;
    // (x, y) → n unless an earlier merge has the pair (PairMap's hashing)
    let h = Math.imul(x, 0x9e3779b1) ^ Math.imul(y + 0x7f4a7c15, 0x85ebca6b);
    h ^= h >>> 15;
    for (let p = h & pairMask; ; p = (p + 1) & pairMask) {
      const a = keysA[p]!;
      if (a === -1) {
        keysA[p] = x;
        keysB[p] = y;
        vals[p] = n;
        size++;
        break;
      }
      if (a === x && keysB[p] === y) break;
    }
    n++;
    while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i];
    i++;
    if (c === 93) break;
    if (c !== 44) throw new Unexpected();
  }
  st.i = i;
  st.n = n;
  st.size = size;
  return code;
}
