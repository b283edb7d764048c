// The loops that read a tokenizer.json's vocabulary and merges from its UTF-8 bytes, in AssemblyScript
// (compiled at build time by scripts/build-wasm.mjs into src/generated/json-load-wasm.js; the host side
// is src/pipeline/json-bytes-wasm.ts).
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
// moves the window on; an entry longer than the margin meets the 0 byte and fails. The module owns no memory, has no data segments and no
// globals (the build checks). Every function returns DONE, FAIL — the bytes are not what this fast path
// reads (a JSON error, a lone surrogate, a merge part that is not a token…), and the host then reads the
// file as text, which also names any error — or FULL (the host enlarges the arrays and calls again).

const DONE: i32 = 0;
const FAIL: i32 = 1;
const FULL: i32 = 2;
/** The next entry starts at or after `more`: the host slides the file's window on and calls again. */
const MORE: i32 = 3;

/** FNV-1a over bytes: the state before the first byte, and the multiplier (as the host's ByteVocabIndex). */
const SEED: i32 = 0x811c9dc5;
const PRIME: i32 = 0x01000193;

// The state block (byte offsets of i32 fields).
const POS: usize = 0; // position in the file
const COUNT: usize = 4; // entries written (vocabulary entries, or merges)
const KEYS_END: usize = 8; // vocabulary: end of the token bytes written (absolute)
const MAX_ID: usize = 12; // vocabulary: largest id seen
const SIZE: usize = 16; // merges: pairs in the rank table
const AFTER: usize = 20; // set by `str`/`unescape`: the position after the closing quote
const STR_START: usize = 24; // set by `str`: where the string's bytes are
// the vocabulary's byte index, for the merge loop (set by `index`)
const IX_KEYS: usize = 28;
const IX_STARTS: usize = 32;
const IX_IDS: usize = 36;
const IX_HASHES: usize = 40;
const IX_SLOTS: usize = 44;
const IX_MASK: usize = 48;

// @ts-ignore: decorator
@inline function isWs(c: u32): bool {
  return c == 32 || c == 10 || c == 13 || c == 9;
}

// @ts-ignore: decorator
@inline function skipWs(i: usize): usize {
  while (isWs(load<u8>(i))) i++;
  return i;
}

/** The value of four hex digits at `i`, or −1. */
function hex4(i: usize): i32 {
  let v: i32 = 0;
  for (let k: usize = 0; k < 4; k++) {
    const c = <i32>load<u8>(i + k);
    let d: i32;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 102) d = c - 87;
    else if (c >= 65 && c <= 70) d = c - 55;
    else return -1;
    v = (v << 4) | d;
  }
  return v;
}

/**
 * Decodes string-literal content from `i` (just after the opening quote, or anywhere before the closing
 * one) to UTF-8 at `out`, JSON escapes resolved; stores the position after the closing quote at AFTER.
 * Returns the end of the output, or −1 for what JSON or this path does not take: a raw control byte, a
 * bad escape, a lone surrogate, U+0000 (no token may hold the host's separator), more than `limit` bytes.
 */
function unescape(st: usize, i: usize, out: usize, limit: usize): isize {
  for (;;) {
    const c = <u32>load<u8>(i);
    if (c == 34) {
      store<i32>(st + AFTER, <i32>(i + 1));
      return <isize>out;
    }
    if (c < 32 || out + 4 > limit) return -1;
    if (c != 92) {
      store<u8>(out++, <u8>c);
      i++;
      continue;
    }
    const e = <u32>load<u8>(i + 1);
    i += 2;
    let cp: i32;
    if (e == 34 || e == 92 || e == 47) cp = <i32>e;
    else if (e == 98) cp = 8;
    else if (e == 102) cp = 12;
    else if (e == 110) cp = 10;
    else if (e == 114) cp = 13;
    else if (e == 116) cp = 9;
    else if (e == 117) {
      cp = hex4(i);
      if (cp <= 0 || (cp >= 0xdc00 && cp <= 0xdfff)) return -1;
      i += 4;
      if (cp >= 0xd800 && cp <= 0xdbff) {
        if (load<u8>(i) != 92 || load<u8>(i + 1) != 117) return -1;
        const lo = hex4(i + 2);
        if (lo < 0xdc00 || lo > 0xdfff) return -1;
        i += 6;
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
      }
    } else return -1;
    if (cp < 0x80) {
      store<u8>(out, <u8>cp);
      out += 1;
    } else if (cp < 0x800) {
      store<u8>(out, <u8>(0xc0 | (cp >> 6)));
      store<u8>(out, <u8>(0x80 | (cp & 63)), 1);
      out += 2;
    } else if (cp < 0x10000) {
      store<u8>(out, <u8>(0xe0 | (cp >> 12)));
      store<u8>(out, <u8>(0x80 | ((cp >> 6) & 63)), 1);
      store<u8>(out, <u8>(0x80 | (cp & 63)), 2);
      out += 3;
    } else {
      store<u8>(out, <u8>(0xf0 | (cp >> 18)));
      store<u8>(out, <u8>(0x80 | ((cp >> 12) & 63)), 1);
      store<u8>(out, <u8>(0x80 | ((cp >> 6) & 63)), 2);
      store<u8>(out, <u8>(0x80 | (cp & 63)), 3);
      out += 4;
    }
  }
  return -1; // not reached
}

/**
 * The string literal whose content starts at `i`: without escapes its bytes stay in the file; with
 * escapes they are decoded to `out`. Stores where they are at STR_START and the position after the
 * literal at AFTER; returns their end, or −1.
 */
function str(st: usize, i: usize, out: usize, limit: usize): isize {
  let p = i;
  let c = <u32>load<u8>(p);
  while (c != 34 && c != 92 && c >= 32) c = load<u8>(++p);
  if (c == 34) {
    store<i32>(st + AFTER, <i32>(p + 1));
    store<i32>(st + STR_START, <i32>i);
    return <isize>p;
  }
  if (c != 92 || out + (p - i) > limit) return -1;
  memory.copy(out, i, p - i);
  store<i32>(st + STR_START, <i32>out);
  return unescape(st, p, out + (p - i), limit);
}

/** Whether the `n` bytes at `a` and at `b` are equal (tokens are short: a plain loop). */
function same(a: usize, b: usize, n: usize): bool {
  for (let k: usize = 0; k < n; k++) if (load<u8>(a + k) != load<u8>(b + k)) return false;
  return true;
}

/** FNV-1a state after the bytes `[s, s + n)`, from `h`. */
// @ts-ignore: decorator
@inline function hash(h: i32, s: usize, n: usize): i32 {
  for (let k: usize = 0; k < n; k++) h = (h ^ <i32>load<u8>(s + k)) * PRIME;
  return h;
}

// @ts-ignore: decorator
@inline function slotOf(h: i32, mask: u32): u32 {
  return (<u32>h ^ (<u32>h >>> 15)) & mask;
}

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
    i = skipWs(i);
    if (load<u8>(i) != 58) {
      code = FAIL;
      break;
    }
    i = skipWs(i + 1);
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
 * Hashes the `n` vocabulary entries into `slots` (a power of two, `mask + 1` of them; an entry number or
 * −1). Of two entries with the same token the larger id wins; an entry whose id a later entry took over
 * is left out. `owner` (one i32 per id) is scratch. Returns 1 when entry k has id k for every k.
 */
export function index(
  st: usize,
  keys: usize,
  starts: usize,
  ids: usize,
  hashes: usize,
  n: i32,
  owner: usize,
  slots: usize,
  mask: u32,
): i32 {
  let inOrder: i32 = 1;
  for (let k: i32 = 0; k < n; k++) {
    const id = load<i32>(ids + (<usize>k << 2));
    store<i32>(owner + (<usize>id << 2), k);
    if (id != k) inOrder = 0;
  }
  memory.fill(slots, 0xff, (<usize>mask + 1) << 2);
  for (let k: i32 = 0; k < n; k++) {
    const id = load<i32>(ids + (<usize>k << 2));
    if (load<i32>(owner + (<usize>id << 2)) != k) continue;
    const h = load<i32>(hashes + (<usize>k << 2));
    const s = <usize>load<i32>(starts + (<usize>k << 2));
    const len = <usize>load<i32>(starts + (<usize>k << 2), 4) - s - 1;
    let p = slotOf(h, mask);
    for (;;) {
      const at = slots + (<usize>p << 2);
      const o = load<i32>(at);
      if (o == -1) {
        store<i32>(at, k);
        break;
      }
      if (load<i32>(hashes + (<usize>o << 2)) == h) {
        const t = <usize>load<i32>(starts + (<usize>o << 2));
        if (<usize>load<i32>(starts + (<usize>o << 2), 4) - t - 1 == len && same(keys + t, keys + s, len)) {
          if (id > load<i32>(ids + (<usize>o << 2))) store<i32>(at, k);
          break;
        }
      }
      p = (p + 1) & mask;
    }
  }
  store<i32>(st + IX_KEYS, <i32>keys);
  store<i32>(st + IX_STARTS, <i32>starts);
  store<i32>(st + IX_IDS, <i32>ids);
  store<i32>(st + IX_HASHES, <i32>hashes);
  store<i32>(st + IX_SLOTS, <i32>slots);
  store<i32>(st + IX_MASK, <i32>mask);
  return inOrder;
}

/** Id of the bytes `[a, a + la)` followed by `[b, b + lb)` (FNV-1a hash `h`) in the index, or −1. */
function find(st: usize, h: i32, a: usize, la: usize, b: usize, lb: usize): i32 {
  const keys = <usize>load<i32>(st + IX_KEYS);
  const starts = <usize>load<i32>(st + IX_STARTS);
  const hashes = <usize>load<i32>(st + IX_HASHES);
  const slots = <usize>load<i32>(st + IX_SLOTS);
  const mask = <u32>load<i32>(st + IX_MASK);
  const len = la + lb;
  let p = slotOf(h, mask);
  for (;;) {
    const o = load<i32>(slots + (<usize>p << 2));
    if (o == -1) return -1;
    if (load<i32>(hashes + (<usize>o << 2)) == h) {
      const t = keys + <usize>load<i32>(starts + (<usize>o << 2));
      if (
        keys + <usize>load<i32>(starts + (<usize>o << 2), 4) - t - 1 == len &&
        same(t, a, la) &&
        same(t + la, b, lb)
      )
        return load<i32>(<usize>load<i32>(st + IX_IDS) + (<usize>o << 2));
    }
    p = (p + 1) & mask;
  }
  return -1; // not reached
}

/** The rank table's slot for the pair (x, y) (the host's PairMap hashing), free or holding it. */
// @ts-ignore: decorator
@inline function pairSlot(x: i32, y: i32, keysA: usize, keysB: usize, mask: u32): usize {
  let h = (<u32>x * 0x9e3779b1) ^ ((<u32>y + 0x7f4a7c15) * 0x85ebca6b);
  h ^= h >>> 15;
  let p = h & mask;
  for (;;) {
    const a = load<i32>(keysA + (<usize>p << 2));
    if (a == -1 || (a == x && load<i32>(keysB + (<usize>p << 2)) == y)) return <usize>p << 2;
    p = (p + 1) & mask;
  }
  return 0; // not reached
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
    let as: usize = 0;
    let al: usize = 0;
    let bs: usize = 0;
    let bl: usize = 0;
    if (c == 34) {
      // "left right": the first byte belongs to the left part, which ends at the next space
      const e = str(st, i + 1, scratch, limit);
      if (e < 0) {
        code = FAIL;
        break;
      }
      const s = <usize>load<i32>(st + STR_START);
      const end = <usize>e;
      if (end == s) {
        code = FAIL;
        break;
      }
      let sp = s + 1;
      while (sp < end && load<u8>(sp) != 32) sp++;
      let q = sp + 1;
      while (q < end && load<u8>(q) != 32) q++;
      if (sp >= end || q < end) {
        code = FAIL; // no space, or two
        break;
      }
      as = s;
      al = sp - s;
      bs = sp + 1;
      bl = end - sp - 1;
      i = <usize>load<i32>(st + AFTER);
    } else if (c == 91) {
      i = skipWs(i + 1);
      if (load<u8>(i) != 34) {
        code = FAIL;
        break;
      }
      const e1 = str(st, i + 1, scratch, limit);
      if (e1 < 0) {
        code = FAIL;
        break;
      }
      as = <usize>load<i32>(st + STR_START);
      al = <usize>e1 - as;
      i = skipWs(<usize>load<i32>(st + AFTER));
      if (load<u8>(i) != 44) {
        code = FAIL;
        break;
      }
      i = skipWs(i + 1);
      if (load<u8>(i) != 34) {
        code = FAIL;
        break;
      }
      // an escaped left part occupies the start of the scratch space
      const out = as == scratch ? <usize>e1 : scratch;
      const e2 = str(st, i + 1, out, limit);
      if (e2 < 0) {
        code = FAIL;
        break;
      }
      bs = <usize>load<i32>(st + STR_START);
      bl = <usize>e2 - bs;
      i = skipWs(<usize>load<i32>(st + AFTER));
      if (load<u8>(i) != 93) {
        code = FAIL;
        break;
      }
      i++;
    } else {
      code = FAIL;
      break;
    }
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

/** Moves the rank table's `size` pairs into a larger empty one (`mask + 1` slots, keys already −1). */
export function rehash(
  keysA: usize,
  keysB: usize,
  vals: usize,
  slots: i32,
  toA: usize,
  toB: usize,
  toVals: usize,
  mask: u32,
): void {
  for (let k: usize = 0; k < <usize>slots; k++) {
    const x = load<i32>(keysA + (k << 2));
    if (x == -1) continue;
    const y = load<i32>(keysB + (k << 2));
    const p = pairSlot(x, y, toA, toB, mask);
    store<i32>(toA + p, x);
    store<i32>(toB + p, y);
    store<i32>(toVals + p, load<i32>(vals + (k << 2)));
  }
}
