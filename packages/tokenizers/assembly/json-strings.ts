// What the loops of json-load.ts share: their status codes, the state block's layout, JSON whitespace,
// string literals (JSON escapes decoded to UTF-8), byte comparison and FNV-1a hashing. Compiled into
// json-load.ts's module (an import, not a module of its own); see that file for the memory layout.

export const DONE: i32 = 0;
export const FAIL: i32 = 1;
export const FULL: i32 = 2;
/** The next entry starts at or after `more`: the host slides the file's window on and calls again. */
export const MORE: i32 = 3;

/** FNV-1a over bytes: the state before the first byte, and the multiplier (as the host's ByteVocabIndex). */
export const SEED: i32 = 0x811c9dc5;
export const PRIME: i32 = 0x01000193;

// The state block (byte offsets of i32 fields).
export const POS: usize = 0; // position in the file
export const COUNT: usize = 4; // entries written (vocabulary entries, or merges)
export const KEYS_END: usize = 8; // vocabulary: end of the token bytes written (absolute)
export const MAX_ID: usize = 12; // vocabulary: largest id seen
export const SIZE: usize = 16; // merges: pairs in the rank table
export const AFTER: usize = 20; // set by `str`/`unescape`: the position after the closing quote
export const STR_START: usize = 24; // set by `str`: where the string's bytes are
// the vocabulary's byte index, for the merge loop (set by `index`)
export const IX_KEYS: usize = 28;
export const IX_STARTS: usize = 32;
export const IX_IDS: usize = 36;
export const IX_HASHES: usize = 40;
export const IX_SLOTS: usize = 44;
export const IX_MASK: usize = 48;
// one merge's two parts, as `mergeEntry` (json-load.ts) found them: [LEFT, LEFT_END) and [RIGHT, RIGHT_END)
export const LEFT: usize = 52;
export const LEFT_END: usize = 56;
export const RIGHT: usize = 60;
export const RIGHT_END: usize = 64;
/** Bytes of the state block. */
export const STATE_BYTES: usize = 68;

// @ts-ignore: decorator
@inline export function isWs(c: u32): bool {
  return c == 32 || c == 10 || c == 13 || c == 9;
}

// @ts-ignore: decorator
@inline export function skipWs(i: usize): usize {
  while (isWs(load<u8>(i))) i++;
  return i;
}

/** The position after the byte `c` that follows `i` and any whitespace, or 0 where another byte is there. */
export function expectByte(i: usize, c: u32): usize {
  i = skipWs(i);
  return load<u8>(i) == c ? i + 1 : 0;
}

/** The value of four hex digits at `i`, or −1. */
export function hex4(i: usize): i32 {
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
export function unescape(st: usize, i: usize, out: usize, limit: usize): isize {
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
export function str(st: usize, i: usize, out: usize, limit: usize): isize {
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
export function same(a: usize, b: usize, n: usize): bool {
  for (let k: usize = 0; k < n; k++) if (load<u8>(a + k) != load<u8>(b + k)) return false;
  return true;
}

/** FNV-1a state after the bytes `[s, s + n)`, from `h`. */
// @ts-ignore: decorator
@inline export function hash(h: i32, s: usize, n: usize): i32 {
  for (let k: usize = 0; k < n; k++) h = (h ^ <i32>load<u8>(s + k)) * PRIME;
  return h;
}

// @ts-ignore: decorator
@inline export function slotOf(h: i32, mask: u32): u32 {
  return (<u32>h ^ (<u32>h >>> 15)) & mask;
}
