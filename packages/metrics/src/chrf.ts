import { ArgumentError } from './errors';
import { pyFixed } from './py-format';
import { isPySpace, pySplit } from './py-string';
import { groupReferences } from './references';
import { formatSignature } from './signature';
import { assertBoolean, assertNumber, assertString, assertStringArray } from './validate';

/** Options of {@link corpusChrf} / {@link sentenceChrf}; names and defaults follow sacreBLEU's `CHRF`. */
export interface ChrfOptions {
  /** Character n-gram order (default 6). */
  charOrder?: number;
  /** Word n-gram order (default 0 = chrF; 2 = chrF++). */
  wordOrder?: number;
  /** Recall weight β (default 2). */
  beta?: number;
  /** Lowercase first (default false). */
  lowercase?: boolean;
  /** Keep whitespace inside character n-grams (default false). */
  whitespace?: boolean;
  /** Epsilon smoothing as in chrF++.py / NLTK / Moses instead of effective order (default false). */
  epsSmoothing?: boolean;
}

type Resolved = Required<ChrfOptions>;

function resolve(options: ChrfOptions | undefined): Resolved {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new ArgumentError('options', 'an options object', options);
  }
  const o = options ?? {};
  const r: Resolved = {
    charOrder: o.charOrder ?? 6,
    wordOrder: o.wordOrder ?? 0,
    beta: o.beta ?? 2,
    lowercase: o.lowercase ?? false,
    whitespace: o.whitespace ?? false,
    epsSmoothing: o.epsSmoothing ?? false,
  };
  assertNumber(r.charOrder, 'options.charOrder', { integer: true, min: 0 });
  assertNumber(r.wordOrder, 'options.wordOrder', { integer: true, min: 0 });
  if (r.charOrder + r.wordOrder === 0)
    throw new ArgumentError('options.charOrder', 'charOrder + wordOrder >= 1', 0);
  assertNumber(r.beta, 'options.beta', { min: 0 });
  assertBoolean(r.lowercase, 'options.lowercase');
  assertBoolean(r.whitespace, 'options.whitespace');
  assertBoolean(r.epsSmoothing, 'options.epsSmoothing');
  return r;
}

/**
 * A chrF / chrF++ score like sacreBLEU's `CHRFScore`.
 *
 * @example
 * ```ts
 * String(corpusChrf(['The dog bit the man.'], [['The dog bit a man.']], { wordOrder: 2 })); // "chrF2++ = 67.60"
 * ```
 */
export class ChrfScore {
  /** `chrF2`, `chrF2++`, … (β then one `+` per word order). */
  readonly name: string;
  /** The sacreBLEU-style signature, e.g. `nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0`. */
  signature = '';
  constructor(
    /** chrF in [0, 100]. */
    readonly score: number,
    readonly charOrder: number,
    readonly wordOrder: number,
    readonly beta: number,
  ) {
    this.name = `chrF${beta}${'+'.repeat(wordOrder)}`;
  }
  /** sacreBLEU's text line `chrF2|<signature> = 67.60`. */
  format(options: { width?: number; signature?: boolean } = {}): string {
    const head = options.signature !== false && this.signature ? `${this.name}|${this.signature}` : this.name;
    return `${head} = ${pyFixed(this.score, options.width ?? 2)}`;
  }
  /** `chrF2 = 67.60`. */
  toString(): string {
    return this.format({ signature: false });
  }
  /** Plain-object view for JSON output. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      score: this.score,
      signature: this.signature,
      charOrder: this.charOrder,
      wordOrder: this.wordOrder,
      beta: this.beta,
    };
  }
}

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

/** A growable Int32Array holding a sequence of code points or word ids. */
class Seq {
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

function sameSeq(x: Int32Array, i: number, y: Int32Array, j: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (x[i + k] !== y[j + k]) return false;
  return true;
}

/**
 * For orders 1..maxN, writes sacreBLEU's [hyp n-grams (0 when the reference has none), ref
 * n-grams, clipped matches] into `stats` from `off`.
 */
function ngramMatches(hyp: Seq, ref: Seq, maxN: number, stats: number[], off: number): void {
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

/** Character (and word) sequences of one sentence. */
class Extracted {
  chars = new Seq();
  words = new Seq();
}

function extractInto(sent: string, o: Resolved, x: Extracted, vocab: Map<string, number>): void {
  codePoints(sent, o.whitespace, x.chars);
  if (o.wordOrder > 0) {
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

/** sacreBLEU's chrF F-score from flattened [hyp, ref, match] statistics per order. */
function fScore(stats: readonly number[], o: Resolved): number {
  const eps = 1e-16;
  const order = o.charOrder + o.wordOrder;
  const factor = o.beta ** 2;
  let score = 0;
  let eff = 0;
  let avgPrec = 0;
  let avgRec = 0;
  for (let i = 0; i < order; i++) {
    const nHyp = stats[3 * i] as number;
    const nRef = stats[3 * i + 1] as number;
    const nMatch = stats[3 * i + 2] as number;
    const prec = nHyp > 0 ? nMatch / nHyp : eps;
    const rec = nRef > 0 ? nMatch / nRef : eps;
    const denom = factor * prec + rec;
    score += denom > 0 ? ((1 + factor) * prec * rec) / denom : eps;
    if (nHyp > 0 && nRef > 0) {
      avgPrec += prec;
      avgRec += rec;
      eff++;
    }
  }
  if (o.epsSmoothing) return (100 * score) / order;
  if (eff === 0) avgPrec = avgRec = 0;
  else {
    avgPrec /= eff;
    avgRec /= eff;
  }
  if (avgPrec + avgRec) {
    let s = (1 + factor) * avgPrec * avgRec;
    s /= factor * avgPrec + avgRec;
    return 100 * s;
  }
  return 0;
}

/** Per-segment chrF statistics (best reference by segment F-score, first on ties). */
export function chrfSegmentStats(
  hyps: readonly string[],
  refs: readonly string[][],
  options?: ChrfOptions,
): number[][] {
  const o = resolve(options);
  const prep = (s: string) => (o.lowercase ? s.toLowerCase() : s);
  const out: number[][] = [];
  const hx = new Extracted();
  const rx = new Extracted();
  const vocab = new Map<string, number>();
  const width = 3 * (o.charOrder + o.wordOrder);
  for (let i = 0; i < hyps.length; i++) {
    if (vocab.size > 1 << 16) vocab.clear();
    extractInto(prep(hyps[i] as string), o, hx, vocab);
    let best: number[] = [];
    let bestF = -1;
    for (const ref of refs[i] as string[]) {
      extractInto(prep(ref), o, rx, vocab);
      const stats: number[] = new Array(width);
      ngramMatches(hx.chars, rx.chars, o.charOrder, stats, 0);
      if (o.wordOrder > 0) ngramMatches(hx.words, rx.words, o.wordOrder, stats, 3 * o.charOrder);
      const f = fScore(stats, o);
      if (f > bestF) {
        bestF = f;
        best = stats;
      }
    }
    out.push(best);
  }
  return out;
}

/** Sums chrF segment statistics and computes the corpus score. */
export function chrfFromStats(stats: readonly number[][], options?: ChrfOptions): ChrfScore {
  const o = resolve(options);
  const width = 3 * (o.charOrder + o.wordOrder);
  const sum: number[] = new Array(width).fill(0);
  for (const s of stats) for (let j = 0; j < width; j++) sum[j] = (sum[j] as number) + (s[j] as number);
  return new ChrfScore(fScore(sum, o), o.charOrder, o.wordOrder, o.beta);
}

function signature(o: Resolved, nrefs: number | 'var'): string {
  return formatSignature(nrefs, [
    ['case', o.lowercase ? 'lc' : 'mixed'],
    ['eff', o.epsSmoothing ? 'no' : 'yes'],
    ['nc', o.charOrder],
    ['nw', o.wordOrder],
    ['space', o.whitespace ? 'yes' : 'no'],
  ]);
}

/**
 * Corpus-level chrF (default) or chrF++ (`wordOrder: 2`), identical to sacreBLEU 2.x.
 *
 * @example
 * ```ts
 * corpusChrf(['The dog bit the man.'], [['The dog bit a man.']]).score; // 0–100
 * corpusChrf(hyps, [refs], { wordOrder: 2 }).name; // "chrF2++"
 * ```
 */
export function corpusChrf(
  hypotheses: readonly string[],
  referenceStreams: ReadonlyArray<ReadonlyArray<string | null | undefined>>,
  options?: ChrfOptions,
): ChrfScore {
  const o = resolve(options);
  const { hyps, refs, nrefs } = groupReferences(hypotheses, referenceStreams);
  const r = chrfFromStats(chrfSegmentStats(hyps, refs, o), o);
  r.signature = signature(o, nrefs);
  return r;
}

/**
 * Sentence-level chrF / chrF++, identical to sacreBLEU's `sentence_chrf`.
 *
 * @example
 * ```ts
 * sentenceChrf('the cat sat', ['the cat sat down']).score;
 * ```
 */
export function sentenceChrf(
  hypothesis: string,
  references: readonly string[],
  options?: ChrfOptions,
): ChrfScore {
  assertString(hypothesis, 'hypothesis');
  assertStringArray(references, 'references');
  const o = resolve(options);
  const r = chrfFromStats(chrfSegmentStats([hypothesis], [references.slice()], o), o);
  r.signature = signature(o, references.length);
  return r;
}
