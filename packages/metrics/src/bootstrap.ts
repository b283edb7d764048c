import { type BleuOptions, bleuFromStats, bleuSegmentStats, bleuSignature, resolveBleuOptions } from './bleu';
import type { BleuScore } from './bleu-score';
import { ArgumentError } from './errors';
import { createRng } from './random';
import { groupReferences } from './references';
import type { RougeScore } from './rouge';
import { assertNumber, assertSameLength } from './validate';

/** Options for bootstrap resampling. */
export interface BootstrapOptions {
  /** Number of resamples (default 1000). */
  samples?: number;
  /** RNG seed (default 12345, sacreBLEU's). */
  seed?: number;
  /** Confidence level of the interval (default 0.95). */
  confidence?: number;
}

function resolveBootstrap(o: BootstrapOptions): Required<BootstrapOptions> {
  const r = { samples: o.samples ?? 1000, seed: o.seed ?? 12345, confidence: o.confidence ?? 0.95 };
  assertNumber(r.samples, 'options.samples', { integer: true, min: 1 });
  assertNumber(r.seed, 'options.seed', { integer: true });
  assertNumber(r.confidence, 'options.confidence', { min: 0, max: 1, minExclusive: true });
  return r;
}

/** Result of {@link pairedBootstrapBleu}. */
export interface PairedBootstrapResult {
  /** BLEU of the baseline on the full corpus. */
  baseline: BleuScore;
  /** BLEU of the system on the full corpus. */
  system: BleuScore;
  /** `system.score - baseline.score` on the full corpus. */
  difference: number;
  /** Mean of the resampled differences. */
  mean: number;
  /** Percentile confidence interval `[low, high]` of the difference. */
  interval: [number, number];
  /** Fraction of resamples where the system did not beat the baseline (Koehn 2004's p-value). */
  pValue: number;
  /** Signature with `bs:` and `seed:` entries. */
  signature: string;
}

/**
 * Paired bootstrap resampling (Koehn 2004) for the BLEU difference between two systems on the same
 * segments: both systems are scored on the same resampled segment sets, giving a seeded confidence
 * interval of the difference. Segment statistics are computed once, so 1000 resamples are cheap.
 *
 * @example
 * ```ts
 * const r = pairedBootstrapBleu(baselineHyps, systemHyps, [refs], { samples: 1000, seed: 1 });
 * console.log(`${r.difference.toFixed(2)} [${r.interval[0].toFixed(2)}, ${r.interval[1].toFixed(2)}] p=${r.pValue}`);
 * ```
 */
export function pairedBootstrapBleu(
  baselineHypotheses: readonly string[],
  systemHypotheses: readonly string[],
  referenceStreams: ReadonlyArray<ReadonlyArray<string | null | undefined>>,
  options: BleuOptions & BootstrapOptions = {},
): PairedBootstrapResult {
  const bo = resolveBootstrap(options);
  const o = resolveBleuOptions(options, false);
  const base = groupReferences(baselineHypotheses, referenceStreams);
  const sys = groupReferences(systemHypotheses, referenceStreams);
  assertSameLength(base.hyps.length, sys.hyps.length, 'systemHypotheses');
  const bStats = bleuSegmentStats(base.hyps, base.refs, o);
  const sStats = bleuSegmentStats(sys.hyps, sys.refs, o);
  const baseline = bleuFromStats(bStats, o);
  const system = bleuFromStats(sStats, o);
  const signature = bleuSignature(o, base.nrefs, { samples: bo.samples, seed: bo.seed });
  baseline.signature = signature;
  system.signature = signature;
  const n = bStats.length;
  const rng = createRng(bo.seed);
  const diffs: number[] = [];
  let notBetter = 0;
  const bs: number[][] = new Array(n);
  const ss: number[][] = new Array(n);
  for (let s = 0; s < bo.samples; s++) {
    for (let i = 0; i < n; i++) {
      const j = rng.int(n);
      bs[i] = bStats[j] as number[];
      ss[i] = sStats[j] as number[];
    }
    const d = bleuFromStats(ss, o).score - bleuFromStats(bs, o).score;
    diffs.push(d);
    if (d <= 0) notBetter++;
  }
  diffs.sort((a, b) => a - b);
  const lowerIdx = Math.floor((bo.samples * (1 - bo.confidence)) / 2);
  return {
    baseline,
    system,
    difference: system.score - baseline.score,
    mean: diffs.reduce((a, b) => a + b, 0) / diffs.length,
    interval: [diffs[lowerIdx] as number, diffs[bo.samples - lowerIdx - 1] as number],
    pValue: notBetter / bo.samples,
    signature,
  };
}

/** Linear-interpolation percentile of sorted values (numpy's default). */
function percentile(sorted: readonly number[], q: number): number {
  const pos = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const a = sorted[lo] as number;
  return a + ((sorted[hi] as number) - a) * (pos - lo);
}

/** Aggregated ROUGE of one type: bootstrap low/mid/high percentiles of the mean, and the plain mean. */
export interface RougeAggregate {
  low: RougeScore;
  mid: RougeScore;
  high: RougeScore;
  mean: RougeScore;
}

/**
 * Corpus aggregation of per-pair ROUGE scores like rouge-score's `BootstrapAggregator`: resample
 * pairs with replacement, average each resample, and report the 2.5th / 50th / 97.5th percentiles
 * of those means (for a 95% interval), plus the exact mean. Seeded.
 *
 * @example
 * ```ts
 * const scorer = rougeScorer({ rougeTypes: ['rouge1'] });
 * const agg = aggregateRouge(pairs.map(([t, p]) => scorer.score(t, p)), { seed: 1 });
 * agg.rouge1.mid.fmeasure;
 * ```
 */
export function aggregateRouge(
  scores: ReadonlyArray<Record<string, RougeScore>>,
  options: BootstrapOptions = {},
): Record<string, RougeAggregate> {
  if (!Array.isArray(scores) || scores.length === 0) {
    throw new ArgumentError('scores', 'a non-empty array of score records', scores);
  }
  const bo = resolveBootstrap({ seed: 0, ...options });
  const types = Object.keys(scores[0] as object);
  const rng = createRng(bo.seed);
  const n = scores.length;
  const idx: Int32Array[] = [];
  for (let s = 0; s < bo.samples; s++) {
    const row = new Int32Array(n);
    for (let i = 0; i < n; i++) row[i] = rng.int(n);
    idx.push(row);
  }
  const delta = (1 - bo.confidence) / 2;
  const out: Record<string, RougeAggregate> = {};
  const measures = ['precision', 'recall', 'fmeasure'] as const;
  for (const type of types) {
    const col = (m: (typeof measures)[number]) =>
      scores.map((r, i) => {
        const v = r[type];
        if (!v) throw new ArgumentError(`scores[${i}].${type}`, 'a RougeScore', v);
        return v[m];
      });
    const agg = { low: {}, mid: {}, high: {}, mean: {} } as Record<
      keyof RougeAggregate,
      Record<string, number>
    >;
    for (const m of measures) {
      const values = col(m);
      const means = idx.map((row) => {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += values[row[i] as number] as number;
        return sum / n;
      });
      means.sort((a, b) => a - b);
      agg.low[m] = percentile(means, 100 * delta);
      agg.mid[m] = percentile(means, 50);
      agg.high[m] = percentile(means, 100 * (1 - delta));
      agg.mean[m] = values.reduce((a, b) => a + b, 0) / n;
    }
    out[type] = agg as unknown as RougeAggregate;
  }
  return out;
}
