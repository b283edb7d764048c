import { pyFixed } from './py-format';

/** BLEU smoothing methods (Chen & Cherry 2014), as in sacreBLEU. */
export const BLEU_SMOOTH_METHODS = ['exp', 'floor', 'add-k', 'none'] as const;
/** A BLEU smoothing method name. */
export type BleuSmoothMethod = (typeof BLEU_SMOOTH_METHODS)[number];

/** Default smoothing values: floor 0.1, add-k 1 (exp and none take no value). */
export const BLEU_SMOOTH_DEFAULTS: Readonly<Record<BleuSmoothMethod, number | null>> = {
  exp: null,
  floor: 0.1,
  'add-k': 1,
  none: null,
};

/**
 * A BLEU score with its sufficient statistics, like sacreBLEU's `BLEUScore`.
 *
 * @example
 * ```ts
 * const r = corpusBleu(['the cat sat'], [['the cat sat']]);
 * r.score; // 100 (0–100)
 * String(r); // "BLEU = 100.00 100.0/100.0/100.0/100.0 (BP = 1.000 ratio = 1.000 hyp_len = 3 ref_len = 3)"
 * ```
 */
export class BleuScore {
  /** Metric name, `BLEU`. */
  readonly name = 'BLEU';
  /** The sacreBLEU-style reproducibility signature, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`. */
  signature = '';
  constructor(
    /** BLEU in [0, 100]. */
    readonly score: number,
    /** Matched n-grams per order (floats under add-k smoothing). */
    readonly counts: number[],
    /** Hypothesis n-grams per order. */
    readonly totals: number[],
    /** n-gram precisions per order, in percent (after smoothing). */
    readonly precisions: number[],
    /** Brevity penalty. */
    readonly bp: number,
    /** Total hypothesis length in tokens. */
    readonly sysLen: number,
    /** Total effective reference length in tokens. */
    readonly refLen: number,
  ) {}

  /** `sysLen / refLen` (0 when `refLen` is 0). */
  get ratio(): number {
    return this.refLen ? this.sysLen / this.refLen : 0;
  }

  /** The verbose part sacreBLEU prints after the score. */
  get verbose(): string {
    const prec = this.precisions.map((p) => pyFixed(p, 1)).join('/');
    return `${prec} (BP = ${pyFixed(this.bp, 3)} ratio = ${pyFixed(this.ratio, 3)} hyp_len = ${this.sysLen} ref_len = ${this.refLen})`;
  }

  /**
   * sacreBLEU's text line: `BLEU|<signature> = 48.53 82.4/50.0/45.5/37.5 (BP = …)`.
   * @param options.width decimals for the score (default 2); options.signature include the signature (default true).
   */
  format(options: { width?: number; signature?: boolean } = {}): string {
    const width = options.width ?? 2;
    const head = options.signature !== false && this.signature ? `${this.name}|${this.signature}` : this.name;
    return `${head} = ${pyFixed(this.score, width)} ${this.verbose}`;
  }

  /** Like sacreBLEU's `str(score)`: `BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 …)`. */
  toString(): string {
    return this.format({ signature: false });
  }

  /** Plain-object view for JSON output. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      score: this.score,
      signature: this.signature,
      counts: this.counts,
      totals: this.totals,
      precisions: this.precisions,
      bp: this.bp,
      sysLen: this.sysLen,
      refLen: this.refLen,
      ratio: this.ratio,
      verbose: this.verbose,
    };
  }
}

const LOG_FLOOR = -9999999999;
function flooredLog(x: number): number {
  return x === 0 ? LOG_FLOOR : Math.log(x);
}

/**
 * Computes BLEU from sufficient statistics, exactly as sacreBLEU's `BLEU.compute_bleu`.
 *
 * @param correct matched n-grams per order (length = maxNgramOrder)
 * @param total hypothesis n-grams per order
 * @example
 * ```ts
 * computeBleu([9, 7, 5, 3], [10, 8, 6, 4], 11, 11, { smoothMethod: 'none' }).score; // 83.759…
 * ```
 */
export function computeBleu(
  correct: readonly number[],
  total: readonly number[],
  sysLen: number,
  refLen: number,
  options: { smoothMethod?: BleuSmoothMethod; smoothValue?: number | null; effectiveOrder?: boolean } = {},
): BleuScore {
  const smoothMethod = options.smoothMethod ?? 'none';
  const smoothValue = options.smoothValue ?? BLEU_SMOOTH_DEFAULTS[smoothMethod] ?? 0;
  const maxOrder = correct.length;
  const counts = correct.slice();
  const totals = total.slice();
  let bp = 1.0;
  if (sysLen < refLen) bp = sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0.0;
  const precisions: number[] = new Array(maxOrder).fill(0);
  if (!counts.some((c) => c !== 0)) return new BleuScore(0, counts, totals, precisions, bp, sysLen, refLen);

  let smoothMteval = 1;
  let effOrder = maxOrder;
  for (let n = 1; n <= maxOrder; n++) {
    if (smoothMethod === 'add-k' && n > 1) {
      counts[n - 1] = (counts[n - 1] as number) + smoothValue;
      totals[n - 1] = (totals[n - 1] as number) + smoothValue;
    }
    const t = totals[n - 1] as number;
    const c = counts[n - 1] as number;
    if (t === 0) break;
    if (options.effectiveOrder) effOrder = n;
    if (c === 0) {
      if (smoothMethod === 'exp') {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * t);
      } else if (smoothMethod === 'floor') {
        precisions[n - 1] = (100 * smoothValue) / t;
      }
    } else {
      precisions[n - 1] = (100 * c) / t;
    }
  }
  let sum = 0;
  for (let i = 0; i < effOrder; i++) sum += flooredLog(precisions[i] as number);
  const score = bp * Math.exp(sum / effOrder);
  return new BleuScore(score, counts, totals, precisions, bp, sysLen, refLen);
}
