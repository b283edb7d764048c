/**
 * chrF's n-gram statistics: the code points and chrF++ words of a sentence as integer sequences, and the
 * hypothesis / reference / clipped-match counts of their n-grams, counted in one open-addressing table.
 */
import { isPySpace, pySplit } from './py-string';

const PUNCT = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** chrF++ word splitting: one leading or trailing ASCII punctuation mark is split off each word. */
function splitPunctuation(sent: string): string[] {
  const out: string[] = [];
  for (const w of pySplit(sent)) {
    const cps = Array.from(w);
    if (cps.length === 1) out.push(w);
    else if (PUNCT.has(cps[cps.length - 1] as string))
      out.push(cps.slice(0, -1).join(''), cps[cps.length - 1] as string);
    else if (PUNCT.has(cps[0] as string)) out.push(cps[0] as string, cps.slice(1).join(''));
    else out.push(w);
  }
  return out;
}

/**
 * A growable Int32Array holding a sequence of code points or word ids (`a[0..n)`).
 *
 * @example
 * ```ts
 * const s = new Seq();
 * s.push(104); // s.n === 1
 * ```
 */
export class Seq {
  a = new Int32Array(256);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
}

/** The code points of `s` (what `Array.from` yields; lone surrogates stay single units), optionally without Python whitespace. */
function codePoints(s: string, keepWhitespace: boolean, out: Seq): void {
  out.n = 0;
  const L = s.length;
  for (let i = 0; i < L; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < L) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    } else if (!keepWhitespace && isPySpace(c)) continue;
    else if (c >= 0xdc00 && c <= 0xdfff && out.n > 0) {
      // A lone high surrogate, then whitespace, then a low surrogate: once the whitespace is gone
      // the two form one code point (as in Array.from of the whitespace-free string).
      const p = out.a[out.n - 1] as number;
      if (p >= 0xd800 && p <= 0xdbff) {
        out.a[out.n - 1] = 0x10000 + ((p - 0xd800) << 10) + (c - 0xdc00);
        continue;
      }
    }
    out.push(c);
  }
}

// Open-addressing n-gram table, 4 int32 per entry: [hash, start + 1 (0 = empty), reference count,
// hypothesis count]; the order is part of the hash and confirmed by comparing the sequences, whose
// length is known from the probe.
let TABLE = new Int32Array(4 * 1024);
let TMASK = 1023;
let USED = new Int32Array(1024);
let ORDER = new Int32Array(1024);

/** Whether `x[i..i+n)` equals `y[j..j+n)`. */
function sameSeq(x: Int32Array, i: number, y: Int32Array, j: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (x[i + k] !== y[j + k]) return false;
  return true;
}

/**
 * For orders 1..maxN, writes sacreBLEU's [hyp n-grams (0 when the reference has none), ref
 * n-grams, clipped matches] into `stats` from `off`.
 *
 * @example
 * ```ts
 * const stats: number[] = [];
 * ngramMatches(hyp.chars, ref.chars, 6, stats, 0); // stats[0..18): 6 × [hyp, ref, match]
 * ```
 */
export function ngramMatches(hyp: Seq, ref: Seq, maxN: number, stats: number[], off: number): void {
  const h = hyp.a;
  const hl = hyp.n;
  const r = ref.a;
  const rl = ref.n;
  for (let n = 1; n <= maxN; n++) {
    const o = off + 3 * (n - 1);
    stats[o] = rl >= n ? Math.max(0, hl - n + 1) : 0;
    stats[o + 1] = Math.max(0, rl - n + 1);
    stats[o + 2] = 0;
  }
  if (rl === 0 || hl === 0) return;
  const need = 2 * maxN * rl;
  if (TMASK + 1 < need) {
    let cap = TMASK + 1;
    while (cap < need) cap *= 2;
    TABLE = new Int32Array(4 * cap);
    TMASK = cap - 1;
    USED = new Int32Array(cap);
    ORDER = new Int32Array(cap);
  }
  const T = TABLE;
  const mask = TMASK;
  const used = USED;
  const order = ORDER;
  let nUsed = 0;
  for (let i = 0; i < rl; i++) {
    let hh = 0;
    const last = Math.min(maxN, rl - i);
    for (let n = 1; n <= last; n++) {
      hh = Math.imul(hh + (r[i + n - 1] as number) + 1, 0x9e3779b1);
      hh ^= hh >>> 15;
      let s = hh & mask;
      while (true) {
        const e = s << 2;
        const st = T[e + 1] as number;
        if (st === 0) {
          T[e] = hh;
          T[e + 1] = i + 1;
          T[e + 2] = 1;
          order[s] = n;
          used[nUsed++] = s;
          break;
        }
        if (T[e] === hh && order[s] === n && sameSeq(r, st - 1, r, i, n)) {
          T[e + 2] = (T[e + 2] as number) + 1;
          break;
        }
        s = (s + 1) & mask;
      }
    }
  }
  for (let i = 0; i < hl; i++) {
    let hh = 0;
    const last = Math.min(maxN, hl - i);
    for (let n = 1; n <= last; n++) {
      hh = Math.imul(hh + (h[i + n - 1] as number) + 1, 0x9e3779b1);
      hh ^= hh >>> 15;
      let s = hh & mask;
      let found = -1;
      while (true) {
        const e = s << 2;
        const st = T[e + 1] as number;
        if (st === 0) break;
        if (T[e] === hh && order[s] === n && sameSeq(r, st - 1, h, i, n)) {
          found = e;
          break;
        }
        s = (s + 1) & mask;
      }
      // An n-gram missing from the reference cannot match, and neither can its extensions.
      if (found < 0) break;
      const c = (T[found + 3] as number) + 1;
      T[found + 3] = c;
      if (c <= (T[found + 2] as number)) {
        const o = off + 3 * (n - 1) + 2;
        stats[o] = (stats[o] as number) + 1;
      }
    }
  }
  for (let k = 0; k < nUsed; k++) {
    const e = (used[k] as number) << 2;
    T[e] = 0;
    T[e + 1] = 0;
    T[e + 2] = 0;
    T[e + 3] = 0;
  }
}

/**
 * Character (and word) sequences of one sentence, reused from sentence to sentence.
 *
 * @example
 * ```ts
 * const x = new Extracted(); // x.chars, x.words
 * ```
 */
export class Extracted {
  chars = new Seq();
  words = new Seq();
}

/**
 * Fills `x` with the code points of `sent` (whitespace kept only with `whitespace`) and, with `words`, its
 * chrF++ words as ids from `vocab` (new words are added).
 *
 * @example
 * ```ts
 * const x = new Extracted();
 * extractInto('the cat.', false, true, x, new Map()); // x.chars: 7 code points, x.words: ids of the, cat, .
 * ```
 */
export function extractInto(
  sent: string,
  whitespace: boolean,
  words: boolean,
  x: Extracted,
  vocab: Map<string, number>,
): void {
  codePoints(sent, whitespace, x.chars);
  if (words) {
    x.words.n = 0;
    for (const w of splitPunctuation(sent)) {
      let id = vocab.get(w);
      if (id === undefined) {
        id = vocab.size;
        vocab.set(w, id);
      }
      x.words.push(id);
    }
  }
}
