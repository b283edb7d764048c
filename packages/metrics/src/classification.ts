import { ArgumentError, EmptyInputError } from './errors';
import { assertOneOf, assertSameLength } from './validate';

/** A class label. */
export type Label = string | number;

/** Averaging of per-class scores, as in scikit-learn: `'binary'` needs `posLabel`. */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted';

function checkLabels(yTrue: unknown, yPred: unknown): asserts yTrue is Label[] {
  for (const [arg, y] of [
    ['yTrue', yTrue],
    ['yPred', yPred],
  ] as const) {
    if (!Array.isArray(y)) throw new ArgumentError(arg, 'an array of labels (strings or numbers)', y);
    if (y.length === 0) throw new EmptyInputError(arg, 'at least one label');
    y.forEach((v, i) => {
      if (typeof v !== 'string' && (typeof v !== 'number' || !Number.isFinite(v))) {
        throw new ArgumentError(`${arg}[${i}]`, 'a string or finite number label', v);
      }
    });
  }
  assertSameLength((yTrue as unknown[]).length, (yPred as unknown[]).length, 'yPred');
}

function sortedLabels(...ys: Label[][]): Label[] {
  const set = new Set<Label>();
  for (const y of ys) for (const v of y) set.add(v);
  return [...set].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number'
      ? a - b
      : String(a) < String(b)
        ? -1
        : String(a) > String(b)
          ? 1
          : 0,
  );
}

/**
 * Fraction of predictions equal to the truth.
 *
 * @example
 * ```ts
 * accuracy([0, 1, 1, 0], [0, 1, 0, 0]); // 0.75
 * ```
 */
export function accuracy(yTrue: readonly Label[], yPred: readonly Label[]): number {
  checkLabels(yTrue, yPred);
  let ok = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) ok++;
  return ok / yTrue.length;
}

/**
 * Confusion matrix: `matrix[i][j]` counts samples of true class `labels[i]` predicted as `labels[j]`
 * (scikit-learn's layout). `labels` defaults to the sorted union of both label sets.
 *
 * @example
 * ```ts
 * confusionMatrix(['a', 'b', 'a'], ['a', 'a', 'a']); // { labels: ['a', 'b'], matrix: [[2, 0], [1, 0]] }
 * ```
 */
export function confusionMatrix(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: { labels?: readonly Label[] } = {},
): { labels: Label[]; matrix: number[][] } {
  checkLabels(yTrue, yPred);
  const labels = options.labels ? options.labels.slice() : sortedLabels(yTrue as Label[], yPred as Label[]);
  const index = new Map<Label, number>(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i] as Label);
    const p = index.get(yPred[i] as Label);
    if (t !== undefined && p !== undefined)
      (matrix[t] as number[])[p] = ((matrix[t] as number[])[p] as number) + 1;
  }
  return { labels, matrix };
}

/** Precision, recall, F1 and support (number of true samples). */
export interface PrfScore {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

const div = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const f1Of = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/**
 * Per-class precision, recall, F1 and support from true/false positive counts. Zero divisions give 0
 * (scikit-learn's `zero_division=0`), never NaN.
 *
 * @example
 * ```ts
 * perClassScores(['cat', 'dog'], ['cat', 'cat']).get('cat'); // { precision: 0.5, recall: 1, f1: 0.667, support: 1 }
 * ```
 */
export function perClassScores(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: { labels?: readonly Label[] } = {},
): Map<Label, PrfScore & { tp: number; predicted: number }> {
  const { labels, matrix } = confusionMatrix(yTrue, yPred, options);
  const out = new Map<Label, PrfScore & { tp: number; predicted: number }>();
  labels.forEach((l, i) => {
    const row = matrix[i] as number[];
    const tp = row[i] as number;
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((a, r) => a + (r[i] as number), 0);
    const precision = div(tp, predicted);
    const recall = div(tp, support);
    out.set(l, { precision, recall, f1: f1Of(precision, recall), support, tp, predicted });
  });
  return out;
}

/**
 * Precision, recall and F1 with scikit-learn's averaging: `'binary'` (scores of `posLabel`, default
 * 1), `'micro'` (global counts), `'macro'` (unweighted mean over classes — exposes a classifier that
 * ignores a rare class), `'weighted'` (mean weighted by support).
 *
 * @example
 * ```ts
 * const yTrue = ['cat', 'dog', 'pig', 'cat', 'dog', 'pig'];
 * const yPred = ['cat', 'pig', 'dog', 'cat', 'cat', 'dog'];
 * precisionRecallF1(yTrue, yPred, { average: 'macro' }); // { precision: 0.222, recall: 0.333, f1: 0.267, support: 6 }
 * ```
 */
export function precisionRecallF1(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: { average?: Average; posLabel?: Label; labels?: readonly Label[] } = {},
): PrfScore {
  const average = options.average ?? 'binary';
  assertOneOf(average, ['binary', 'micro', 'macro', 'weighted'] as const, 'options.average');
  const per = perClassScores(yTrue, yPred, options.labels ? { labels: options.labels } : {});
  if (average === 'binary') {
    const pos = options.posLabel ?? 1;
    if (per.size > 2)
      throw new ArgumentError(
        'options.average',
        "'micro', 'macro' or 'weighted' for more than 2 classes",
        average,
      );
    const s = per.get(pos);
    if (!s)
      throw new ArgumentError('options.posLabel', `one of the labels ${[...per.keys()].join(', ')}`, pos);
    return { precision: s.precision, recall: s.recall, f1: s.f1, support: s.support };
  }
  const all = [...per.values()];
  const support = all.reduce((a, s) => a + s.support, 0);
  if (average === 'micro') {
    const tp = all.reduce((a, s) => a + s.tp, 0);
    const predicted = all.reduce((a, s) => a + s.predicted, 0);
    const precision = div(tp, predicted);
    const recall = div(tp, support);
    return { precision, recall, f1: f1Of(precision, recall), support };
  }
  const w = (s: PrfScore) => (average === 'macro' ? 1 / all.length : div(s.support, support));
  let precision = 0;
  let recall = 0;
  let f1 = 0;
  for (const s of all) {
    precision += w(s) * s.precision;
    recall += w(s) * s.recall;
    f1 += w(s) * s.f1;
  }
  return { precision, recall, f1, support };
}

/**
 * Per-class scores plus accuracy and micro/macro/weighted averages, like scikit-learn's
 * `classification_report(output_dict=True)`.
 *
 * @example
 * ```ts
 * const r = classificationReport([0, 0, 0, 1], [0, 0, 0, 0]);
 * r.accuracy; // 0.75, but r.macro.f1 is 0.43: class 1 is never found
 * ```
 */
export function classificationReport(
  yTrue: readonly Label[],
  yPred: readonly Label[],
): {
  perClass: Map<Label, PrfScore>;
  accuracy: number;
  micro: PrfScore;
  macro: PrfScore;
  weighted: PrfScore;
} {
  const per = perClassScores(yTrue, yPred);
  const perClass = new Map<Label, PrfScore>();
  for (const [l, s] of per)
    perClass.set(l, { precision: s.precision, recall: s.recall, f1: s.f1, support: s.support });
  return {
    perClass,
    accuracy: accuracy(yTrue, yPred),
    micro: precisionRecallF1(yTrue, yPred, { average: 'micro' }),
    macro: precisionRecallF1(yTrue, yPred, { average: 'macro' }),
    weighted: precisionRecallF1(yTrue, yPred, { average: 'weighted' }),
  };
}
