import { Extracted, extractInto, ngramMatches } from './chrf-ngrams';
import { ArgumentError } from './errors';
import { pyFixed } from './py-format';
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
    extractInto(prep(hyps[i] as string), o.whitespace, o.wordOrder > 0, hx, vocab);
    let best: number[] = [];
    let bestF = -1;
    for (const ref of refs[i] as string[]) {
      extractInto(prep(ref), o.whitespace, o.wordOrder > 0, rx, vocab);
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
