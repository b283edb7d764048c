// The loops that read a tokenizer.json's vocabulary and merges from its UTF-8 bytes, in AssemblyScript
// (compiled at build time by scripts/build-wasm.mjs into src/generated/json-load-wasm.js; the host side
// is src/pipeline/json-bytes-wasm.ts; json-index.ts and json-strings.ts are parts of this module).
//
// Why WebAssembly: a tokenizer is loaded once per process, so these loops always run cold. As
// JavaScript they spent most of a Llama 2 load in the interpreter and baseline code before the
// optimizing compiler caught up; WebAssembly is compiled before it runs (V8's baseline wasm compiler
// takes well under a millisecond for this module) and runs at near-native speed from the first byte.
//
// The host lays out the memory: a window on the file's bytes followed by one 0 byte (no loop reads past
// it: a 0 is never whitespace, a digit, a quote or a valid string byte), a state block of i32 fields,
// and the arrays each function is given. The loops stop with MORE before an entry that starts past
// `more` (the host passes the window's end less a margin that any real entry fits in), and the host
// moves the window on; an entry longer than the margin meets the 0 byte and fails. The module owns no
// memory, has no data segments and no globals (the build checks). Every function returns DONE, FAIL — the bytes are not what this fast path
// reads (a JSON error, a lone surrogate, a merge part that is not a token…), and the host then reads the
// file as text, which also names any error — or FULL (the host enlarges the arrays and calls again).

import { find, pairSlot } from './json-index';
import {
  AFTER,
  COUNT,
  DONE,
  expectByte,
  FAIL,
  FULL,
  hash,
  KEYS_END,
  LEFT,
  LEFT_END,
  MAX_ID,
  MORE,
  POS,
  PRIME,
  RIGHT,
  RIGHT_END,
  SEED,
  SIZE,
  skipWs,
  str,
  STR_START,
  unescape,
} from './json-strings';

export { index, rehash } from './json-index';

/**
 * `"token": id` entries of a `{…}` vocabulary from POS (after the `{` or a `,`). Entry k: its bytes at
 * `keys + starts[k]` up to `keys + starts[k + 1] − 1` (a 0 byte follows each token), id `ids[k]`, FNV-1a
 * hash `hashes[k]`. Stops with DONE after the closing `}`, FULL when `cap` entries are written, MORE.
 */
export function vocab(
  st: usize,
  keys: usize,
  ids: usize,
  hashes: usize,
  starts: usize,
  cap: i32,
  limit: usize,
  more: usize,
): i32 {
  let i = <usize>load<i32>(st + POS);
  let n = load<i32>(st + COUNT);
  let kn = <usize>load<i32>(st + KEYS_END);
  let maxId = load<i32>(st + MAX_ID);
  let code = DONE;
  for (;;) {
    if (n == cap) {
      code = FULL;
      break;
    }
    i = skipWs(i);
    if (i >= more) {
      code = MORE;
      break;
    }
    if (n == 0 && load<u8>(i) == 125) {
      i++; // {}
      break;
    }
    if (load<u8>(i) != 34) {
      code = FAIL;
      break;
    }
    i++;
    let h = SEED;
    let c = <u32>load<u8>(i);
    while (c != 34 && c != 92 && c >= 32) {
      store<u8>(kn++, <u8>c);
      h = (h ^ <i32>c) * PRIME;
      c = load<u8>(++i);
    }
    if (c == 34) i++;
    else {
      const e = unescape(st, i, kn, limit);
      if (e < 0) {
        code = FAIL;
        break;
      }
      h = hash(h, kn, <usize>e - kn);
      kn = <usize>e;
      i = <usize>load<i32>(st + AFTER);
    }
    i = expectByte(i, 58);
    if (i == 0) {
      code = FAIL;
      break;
    }
    i = skipWs(i);
    const s = i;
    let id: i64 = 0;
    c = load<u8>(i);
    while (c >= 48 && c <= 57 && i - s < 11) {
      id = id * 10 + <i64>(c - 48);
      c = load<u8>(++i);
    }
    // not a plain integer, or far beyond the vocabulary: the text path reports or handles it
    if (i == s || i - s > 10 || (load<u8>(s) == 48 && i - s > 1) || id > <i64>(4 * (n + 1) + 65536)) {
      code = FAIL;
      break;
    }
    store<i32>(ids + (<usize>n << 2), <i32>id);
    store<i32>(hashes + (<usize>n << 2), h);
    if (<i32>id > maxId) maxId = <i32>id;
    store<u8>(kn++, 0);
    n++;
    store<i32>(starts + (<usize>n << 2), <i32>(kn - keys));
    i = skipWs(i);
    c = load<u8>(i++);
    if (c == 125) break;
    if (c != 44) {
      code = FAIL;
      break;
    }
  }
  store<i32>(st + POS, <i32>i);
  store<i32>(st + COUNT, n);
  store<i32>(st + KEYS_END, <i32>kn);
  store<i32>(st + MAX_ID, maxId);
  return code;
}

/**
 * One merge at `i`, `"left right"` or `["left", "right"]`: its parts' bytes (in the file, or decoded to
 * `scratch` where they have escapes) go to LEFT…RIGHT_END. Returns the position after it, or 0 for what
 * this path does not read (no space or two in the string form, an empty string, a JSON error).
 */
function mergeEntry(st: usize, i: usize, scratch: usize, limit: usize): usize {
  const c = load<u8>(i);
  if (c == 34) {
    // the first byte belongs to the left part, which ends at the next space
    const e = str(st, i + 1, scratch, limit);
    if (e < 0) return 0;
    const s = <usize>load<i32>(st + STR_START);
    const end = <usize>e;
    if (end == s) return 0;
    let sp = s + 1;
    while (sp < end && load<u8>(sp) != 32) sp++;
    let q = sp + 1;
    while (q < end && load<u8>(q) != 32) q++;
    if (sp >= end || q < end) return 0; // no space, or two
    setParts(st, s, sp, sp + 1, end);
    return <usize>load<i32>(st + AFTER);
  }
  if (c != 91) return 0;
  i = expectByte(i + 1, 34);
  if (i == 0) return 0;
  const e1 = str(st, i, scratch, limit);
  if (e1 < 0) return 0;
  const as = <usize>load<i32>(st + STR_START);
  i = expectByte(<usize>load<i32>(st + AFTER), 44);
  if (i != 0) i = expectByte(i, 34);
  if (i == 0) return 0;
  // an escaped left part occupies the start of the scratch space
  const e2 = str(st, i, as == scratch ? <usize>e1 : scratch, limit);
  if (e2 < 0) return 0;
  setParts(st, as, <usize>e1, <usize>load<i32>(st + STR_START), <usize>e2);
  return expectByte(<usize>load<i32>(st + AFTER), 93);
}

// @ts-ignore: decorator
@inline function setParts(st: usize, a: usize, ae: usize, b: usize, be: usize): void {
  store<i32>(st + LEFT, <i32>a);
  store<i32>(st + LEFT_END, <i32>ae);
  store<i32>(st + RIGHT, <i32>b);
  store<i32>(st + RIGHT_END, <i32>be);
}

/**
 * `"left right"` or `["left", "right"]` merges from POS (after the `[` or a `,`), looked up in the index
 * that `index` built: merge k joins ids `left[k]` and `right[k]` into `result[k]`, and the pair goes into
 * the rank table `keysA`/`keysB`/`vals` (`mask + 1` slots, key −1 = free) unless an earlier merge has it.
 * Parts with escapes are decoded into `scratch` (up to `limit`). Stops with DONE after the closing `]`,
 * FULL when `cap` merges are written or the table is half full, MORE.
 */
export function merges(
  st: usize,
  left: usize,
  right: usize,
  result: usize,
  cap: i32,
  keysA: usize,
  keysB: usize,
  vals: usize,
  mask: u32,
  scratch: usize,
  limit: usize,
  more: usize,
): i32 {
  let i = <usize>load<i32>(st + POS);
  let n = load<i32>(st + COUNT);
  let size = load<i32>(st + SIZE);
  const full = <i32>((mask + 1) >> 1) - 8;
  let code = DONE;
  for (;;) {
    if (n == cap || size >= full) {
      code = FULL;
      break;
    }
    i = skipWs(i);
    if (i >= more) {
      code = MORE;
      break;
    }
    const c = load<u8>(i);
    if (n == 0 && c == 93) {
      i++; // []
      break;
    }
    const next = mergeEntry(st, i, scratch, limit);
    if (next == 0) {
      code = FAIL;
      break;
    }
    i = next;
    const as = <usize>load<i32>(st + LEFT);
    const al = <usize>load<i32>(st + LEFT_END) - as;
    const bs = <usize>load<i32>(st + RIGHT);
    const bl = <usize>load<i32>(st + RIGHT_END) - bs;
    const ha = hash(SEED, as, al);
    const x = find(st, ha, as, al, as + al, 0);
    const y = find(st, hash(SEED, bs, bl), bs, bl, bs + bl, 0);
    const z = find(st, hash(ha, bs, bl), as, al, bs, bl);
    if (x < 0 || y < 0 || z < 0) {
      code = FAIL; // a model with a continuing-subword prefix, or an error the text path names
      break;
    }
    const k = <usize>n << 2;
    store<i32>(left + k, x);
    store<i32>(right + k, y);
    store<i32>(result + k, z);
    const p = pairSlot(x, y, keysA, keysB, mask);
    if (load<i32>(keysA + p) == -1) {
      store<i32>(keysA + p, x);
      store<i32>(keysB + p, y);
      store<i32>(vals + p, n);
      size++;
    }
    n++;
    i = skipWs(i);
    const sep = load<u8>(i++);
    if (sep == 93) break;
    if (sep != 44) {
      code = FAIL;
      break;
    }
  }
  store<i32>(st + POS, <i32>i);
  store<i32>(st + COUNT, n);
  store<i32>(st + SIZE, size);
  return code;
}

