/**
 * Hand-written pre-tokenizers equivalent to the r50k, cl100k and o200k split regexes: the same pieces
 * as V8 running the pattern (checked against it on random text in the tests), several times faster on
 * non-Latin text and without regex compilation cost. Character classes come from a lazily built table.
 */

const L = 1; // \p{L}
const N = 2; // \p{N}
const S = 4; // JS \s
const NL = 8; // \r or \n
const U = 16; // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
const W = 32; // [\p{Ll}\p{Lm}\p{Lo}\p{M}]

const RE_L = /\p{L}/u;
const RE_N = /\p{N}/u;
const RE_S = /\s/u;
const RE_U = /[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]/u;
const RE_W = /[\p{Ll}\p{Lm}\p{Lo}\p{M}]/u;

function classify(cp: number): number {
  if (cp >= 0xd800 && cp <= 0xdfff) return 0; // lone surrogate: matches none of the classes
  const c = String.fromCodePoint(cp);
  return (
    (RE_L.test(c) ? L : 0) |
    (RE_N.test(c) ? N : 0) |
    (RE_S.test(c) ? S : 0) |
    (cp === 10 || cp === 13 ? NL : 0) |
    (RE_U.test(c) ? U : 0) |
    (RE_W.test(c) ? W : 0)
  );
}

const blocks: (Uint8Array | undefined)[] = new Array(0x1100);
function block(b: number): Uint8Array {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) t[i] = classify(b * 256 + i);
  blocks[b] = t;
  return t;
}

/** Class bits of a code point. */
function cls(cp: number): number {
  const b = cp >> 8;
  return (blocks[b] ?? block(b))[cp & 255]!;
}

/** Code point at i (a lone surrogate is returned as itself). */
function cpAt(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < t.length) {
    const d = t.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
  }
  return c;
}

const width = (cp: number): number => (cp > 0xffff ? 2 : 1);

/** Class bits at i, or 0 (no class) past the end. */
function clsAt(t: string, i: number): number {
  return i < t.length ? cls(cpAt(t, i)) : -1;
}

/** End of the run of code points from i whose class has any of `bits`. */
function run(t: string, i: number, bits: number): number {
  const n = t.length;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) {
      if ((cls(c) & bits) === 0) return i;
      i++;
    } else {
      const cp = cpAt(t, i);
      if ((cls(cp) & bits) === 0) return i;
      i += width(cp);
    }
  }
  return n;
}

/** Contraction at i: 's 't 're 've 'm 'll 'd; `anyCase` allows uppercase letters. Returns its end or −1. */
function contraction(t: string, i: number, anyCase: boolean): number {
  if (t.charCodeAt(i) !== 39 || i + 1 >= t.length) return -1;
  let a = t.charCodeAt(i + 1);
  if (anyCase && a >= 65 && a <= 90) a += 32;
  if (a === 115 || a === 116 || a === 109 || a === 100) return i + 2;
  if (i + 2 >= t.length) return -1;
  let b = t.charCodeAt(i + 2);
  if (anyCase && b >= 65 && b <= 90) b += 32;
  if ((a === 114 && b === 101) || (a === 118 && b === 101) || (a === 108 && b === 108)) return i + 3;
  return -1;
}

/** Whitespace alternatives shared by the patterns; `i` is at a whitespace char. */
function whitespace(t: string, i: number, withNewlineRule: boolean): number {
  const j = run(t, i, S);
  if (withNewlineRule) {
    // \s*[\r\n]+ : up to and including the last CR/LF of the run
    for (let k = j - 1; k >= i; k--) {
      const c = t.charCodeAt(k);
      if (c === 10 || c === 13) return k + 1;
    }
  }
  // \s+(?!\S) then \s+
  if (j >= t.length) return j;
  const last = t.charCodeAt(j - 1);
  const lastW = last >= 0xdc00 && last <= 0xdfff && j - 2 >= i ? 2 : 1;
  return j - lastW > i ? j - lastW : j;
}

/** GPT-2 / r50k_base: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`. */
export function scanR50k(t: string, i: number): number {
  const c = contraction(t, i, false);
  if (c >= 0) return c;
  const k = t.charCodeAt(i) === 32 && i + 1 < t.length ? i + 1 : i;
  const a = clsAt(t, k);
  if (a & L) return run(t, k, L);
  if (a & N) return run(t, k, N);
  if (a >= 0 && (a & (S | L | N)) === 0) return runOther(t, k);
  return whitespace(t, i, false);
}

/** End of a run of chars that are not \s, \p{L}, \p{N}. */
function runOther(t: string, i: number): number {
  const n = t.length;
  while (i < n) {
    const cp = cpAt(t, i);
    if ((cls(cp) & (S | L | N)) !== 0) return i;
    i += width(cp);
  }
  return n;
}

function runNewlines(t: string, i: number, slash: boolean): number {
  while (i < t.length) {
    const c = t.charCodeAt(i);
    if (c === 10 || c === 13 || (slash && c === 47)) i++;
    else break;
  }
  return i;
}

/** cl100k_base. */
export function scanCl100k(t: string, i: number): number {
  const c = contraction(t, i, true);
  if (c >= 0) return c;
  const cp = cpAt(t, i);
  const a = cls(cp);
  // [^\r\n\p{L}\p{N}]?\p{L}+
  if (a & L) return run(t, i, L);
  const w = width(cp);
  if ((a & (NL | L | N)) === 0 && clsAt(t, i + w) > 0 && clsAt(t, i + w) & L) return run(t, i + w, L);
  // \p{N}{1,3}
  if (a & N) {
    let e = i;
    for (let k = 0; k < 3 && e < t.length; k++) {
      const q = cpAt(t, e);
      if (!(cls(q) & N)) break;
      e += width(q);
    }
    return e;
  }
  // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
  const k = t.charCodeAt(i) === 32 ? i + 1 : i;
  const b = clsAt(t, k);
  if (b >= 0 && (b & (S | L | N)) === 0) return runNewlines(t, runOther(t, k), false);
  return whitespace(t, i, true);
}

/** o200k_base's two letter alternatives at i (after an optional prefix); −1 if neither matches. */
function o200kWord(t: string, i: number, first: boolean): number {
  const a = clsAt(t, i);
  if (a <= 0) return -1;
  if (first) {
    // [U]*[W]+
    const u = run(t, i, U);
    const wEnd = run(t, u, W);
    if (wEnd > u) return wEnd;
    // backtrack: the last W char inside the U run
    let last = -1;
    for (let k = i; k < u; ) {
      const cp = cpAt(t, k);
      const wd = width(cp);
      if (cls(cp) & W) last = k + wd;
      k += wd;
    }
    return last;
  }
  // [U]+[W]*
  if (!(a & U)) return -1;
  return run(t, run(t, i, U), W);
}

/** o200k_base. */
export function scanO200k(t: string, i: number): number {
  const cp = cpAt(t, i);
  const a = cls(cp);
  const w = width(cp);
  const prefixOk = (a & (NL | L | N)) === 0;
  for (const first of [true, false]) {
    let e = prefixOk ? o200kWord(t, i + w, first) : -1;
    if (e < 0) e = o200kWord(t, i, first);
    if (e >= 0) {
      const c = contraction(t, e, true);
      return c >= 0 ? c : e;
    }
  }
  if (a & N) {
    let e = i;
    for (let k = 0; k < 3 && e < t.length; k++) {
      const q = cpAt(t, e);
      if (!(cls(q) & N)) break;
      e += width(q);
    }
    return e;
  }
  const k = t.charCodeAt(i) === 32 ? i + 1 : i;
  const b = clsAt(t, k);
  if (b >= 0 && (b & (S | L | N)) === 0) return runNewlines(t, runOther(t, k), true);
  return whitespace(t, i, true);
}
