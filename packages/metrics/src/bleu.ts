import { sharedMatcher } from './bleu-counter';
import {
  BLEU_SMOOTH_DEFAULTS,
  BLEU_SMOOTH_METHODS,
  type BleuScore,
  type BleuSmoothMethod,
  computeBleu,
} from './bleu-score';
import {
  BLEU_TOKENIZERS,
  type BleuTokenizerName,
  getBleuTokenizer,
  normalize13a,
  scan13a,
  tokenBounds,
} from './bleu-tokenizers';
import { ArgumentError } from './errors';
import { pyFixed } from './py-format';
import { pyRstrip, pySplit } from './py-string';
import { groupReferences } from './references';
import { formatSignature } from './signature';
import { assertBoolean, assertNumber, assertOneOf, assertString, assertStringArray } from './validate';

/** Options of {@link corpusBleu} and {@link sentenceBleu}; names and defaults follow sacreBLEU's `BLEU`. */
export interface BleuOptions {
  /** Tokenizer: '13a' (default), 'none', 'intl', 'char', 'zh'. */
  tokenize?: BleuTokenizerName;
  /** Smoothing: 'exp' (default), 'floor', 'add-k', 'none'. */
  smoothMethod?: BleuSmoothMethod;
  /** Value for 'floor' (default 0.1) and 'add-k' (default 1); ignored by the others. */
  smoothValue?: number | null;
  /** Lowercase hypotheses and references first (default false). */
  lowercase?: boolean;
  /** Average only over n-gram orders with hypothesis n-grams (default false for corpus, true for sentence BLEU). */
  effectiveOrder?: boolean;
  /** Highest n-gram order (default 4). */
  maxNgramOrder?: number;
}

/** Fully resolved BLEU options. */
export interface ResolvedBleuOptions {
  tokenize: BleuTokenizerName;
  smoothMethod: BleuSmoothMethod;
  smoothValue: number | null;
  lowercase: boolean;
  effectiveOrder: boolean;
  maxNgramOrder: number;
}

/** Validates and fills in BLEU options. */
export function resolveBleuOptions(
  options: BleuOptions | undefined,
  effectiveOrderDefault: boolean,
): ResolvedBleuOptions {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new ArgumentError('options', 'an options object', options);
  }
  const o = options ?? {};
  const tokenize = o.tokenize ?? '13a';
  assertOneOf(tokenize, BLEU_TOKENIZERS, 'options.tokenize');
  const smoothMethod = o.smoothMethod ?? 'exp';
  assertOneOf(smoothMethod, BLEU_SMOOTH_METHODS, 'options.smoothMethod');
  const smoothValue = o.smoothValue ?? null;
  if (smoothValue !== null) assertNumber(smoothValue, 'options.smoothValue', { min: 0 });
  const lowercase = o.lowercase ?? false;
  assertBoolean(lowercase, 'options.lowercase');
  const effectiveOrder = o.effectiveOrder ?? effectiveOrderDefault;
  assertBoolean(effectiveOrder, 'options.effectiveOrder');
  const maxNgramOrder = o.maxNgramOrder ?? 4;
  assertNumber(maxNgramOrder, 'options.maxNgramOrder', { integer: true, min: 1 });
  return { tokenize, smoothMethod, smoothValue, lowercase, effectiveOrder, maxNgramOrder };
}

/**
 * The signature string for resolved BLEU options, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`.
 *
 * @example
 * ```ts
 * bleuSignature(resolveBleuOptions({ smoothMethod: 'floor' }, false), 2); // "nrefs:2|case:mixed|eff:no|tok:13a|smooth:floor[0.10]|version:2.6.0"
 * ```
 */
export function bleuSignature(
  o: ResolvedBleuOptions,
  nrefs: number | 'var',
  bootstrap?: { samples: number; seed: number },
): string {
  const def = BLEU_SMOOTH_DEFAULTS[o.smoothMethod];
  const smooth = def === null ? o.smoothMethod : `${o.smoothMethod}[${pyFixed(o.smoothValue ?? def, 2)}]`;
  return formatSignature(
    nrefs,
    [
      ['case', o.lowercase ? 'lc' : 'mixed'],
      ['eff', o.effectiveOrder ? 'yes' : 'no'],
      ['tok', o.tokenize],
      ['smooth', smooth],
    ],
    bootstrap,
  );
}

/** Per-segment BLEU sufficient statistics: `[hypLen, refLen, correct_1..N, total_1..N]`. */
export type BleuSegmentStats = number[];

/**
 * Extracts sacreBLEU's per-segment statistics (closest reference length, ties to the shorter one;
 * clipped n-gram matches against the per-n-gram maximum over references).
 */
export function bleuSegmentStats(
  hyps: readonly string[],
  refs: readonly string[][],
  o: ResolvedBleuOptions,
): BleuSegmentStats[] {
  const out: BleuSegmentStats[] = [];
  forEachSegment(hyps, refs, o, (hypLen, refLen, correct) => {
    const maxOrder = o.maxNgramOrder;
    const stats: number[] = new Array(2 + 2 * maxOrder);
    stats[0] = hypLen;
    stats[1] = refLen;
    for (let n = 0; n < maxOrder; n++) {
      stats[2 + n] = correct[n] as number;
      stats[2 + maxOrder + n] = Math.max(0, hypLen - n);
    }
    out.push(stats);
  });
  return out;
}

/** Tokenizes and matches each segment, calling `fn(hypLen, closestRefLen, correct)` in order. */
function forEachSegment(
  hyps: readonly string[],
  refs: readonly string[][],
  o: ResolvedBleuOptions,
  fn: (hypLen: number, refLen: number, correct: readonly number[]) => void,
): void {
  const tok = getBleuTokenizer(o.tokenize);
  const lc = o.lowercase;
  const is13a = o.tokenize === '13a';
  const maxOrder = o.maxNgramOrder;
  const m = sharedMatcher(maxOrder);
  const correct: number[] = new Array(maxOrder).fill(0);
  const bounds: number[] = [];
  const add = (raw: string): number => {
    const s = pyRstrip(lc ? raw.toLowerCase() : raw);
    const start = m.length;
    if (is13a) {
      const line = normalize13a(s);
      const n = scan13a(line, true);
      const b = tokenBounds();
      for (let k = 0; k < n; k++) m.pushRange(line, b[2 * k] as number, b[2 * k + 1] as number);
    } else {
      for (const t of pySplit(tok(s))) m.push(t);
    }
    return m.length - start;
  };
  for (let i = 0; i < hyps.length; i++) {
    m.begin();
    bounds.length = 0;
    let closestDiff = -1;
    let closestLen = -1;
    const segRefs = refs[i] as string[];
    for (const r of segRefs) {
      const start = m.length;
      bounds.push(start, start + add(r));
    }
    const hypStart = m.length;
    const hypLen = add(hyps[i] as string);
    for (let k = 0; k < bounds.length; k += 2) {
      const rl = (bounds[k + 1] as number) - (bounds[k] as number);
      const diff = Math.abs(hypLen - rl);
      if (closestDiff === -1 || diff < closestDiff) {
        closestDiff = diff;
        closestLen = rl;
      } else if (diff === closestDiff && rl < closestLen) closestLen = rl;
    }
    m.match(bounds, hypStart, correct);
    fn(hypLen, closestLen, correct);
  }
}

/** Sums segment statistics and computes BLEU. */
export function bleuFromStats(stats: readonly BleuSegmentStats[], o: ResolvedBleuOptions): BleuScore {
  const width = 2 + 2 * o.maxNgramOrder;
  const sum: number[] = new Array(width).fill(0);
  for (const s of stats) for (let j = 0; j < width; j++) sum[j] = (sum[j] as number) + (s[j] as number);
  return computeBleu(
    sum.slice(2, 2 + o.maxNgramOrder),
    sum.slice(2 + o.maxNgramOrder),
    sum[0] as number,
    sum[1] as number,
    { smoothMethod: o.smoothMethod, smoothValue: o.smoothValue, effectiveOrder: o.effectiveOrder },
  );
}

/**
 * Corpus-level BLEU, identical to sacreBLEU 2.x `corpus_bleu`.
 *
 * @param hypotheses one string per segment
 * @param referenceStreams `referenceStreams[k][i]` is the k-th reference of hypothesis i; use
 *   `null` for a missing reference when segments have different numbers of references
 * @example
 * ```ts
 * const r = corpusBleu(['The dog bit the man.'], [['The dog bit the man.'], ['The dog had bit the man.']]);
 * r.score;     // 100
 * r.signature; // "nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0"
 * ```
 */
export function corpusBleu(
  hypotheses: readonly string[],
  referenceStreams: ReadonlyArray<ReadonlyArray<string | null | undefined>>,
  options?: BleuOptions,
): BleuScore {
  const o = resolveBleuOptions(options, false);
  const { hyps, refs, nrefs } = groupReferences(hypotheses, referenceStreams);
  const N = o.maxNgramOrder;
  const sum: number[] = new Array(2 + 2 * N).fill(0);
  forEachSegment(hyps, refs, o, (hypLen, refLen, correct) => {
    sum[0] = (sum[0] as number) + hypLen;
    sum[1] = (sum[1] as number) + refLen;
    for (let n = 0; n < N; n++) {
      sum[2 + n] = (sum[2 + n] as number) + (correct[n] as number);
      sum[2 + N + n] = (sum[2 + N + n] as number) + Math.max(0, hypLen - n);
    }
  });
  const result = bleuFromStats([sum], o);
  result.signature = bleuSignature(o, nrefs);
  return result;
}

/**
 * Sentence-level BLEU, identical to sacreBLEU 2.x `sentence_bleu` (effective order on by default).
 *
 * @example
 * ```ts
 * sentenceBleu('the cat sat on the mat', ['the cat is on the mat']).score; // 39.76…
 * ```
 */
export function sentenceBleu(
  hypothesis: string,
  references: readonly string[],
  options?: BleuOptions,
): BleuScore {
  assertString(hypothesis, 'hypothesis');
  assertStringArray(references, 'references');
  const o = resolveBleuOptions(options, true);
  const result = bleuFromStats(bleuSegmentStats([hypothesis], [references.slice()], o), o);
  result.signature = bleuSignature(o, references.length);
  return result;
}
