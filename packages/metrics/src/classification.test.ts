import { describe, expect, it } from 'vitest';
import { accuracy, classificationReport, confusionMatrix, precisionRecallF1 } from './classification';
import { ArgumentError, EmptyInputError, LengthMismatchError } from './errors';

// Values from scikit-learn's documentation of precision_recall_fscore_support.
const yTrue = ['cat', 'dog', 'pig', 'cat', 'dog', 'pig'];
const yPred = ['cat', 'pig', 'dog', 'cat', 'cat', 'dog'];

describe('classification metrics (scikit-learn semantics)', () => {
  it('macro, micro and weighted averages', () => {
    const macro = precisionRecallF1(yTrue, yPred, { average: 'macro' });
    expect(macro.precision).toBeCloseTo(0.2222222222, 9);
    expect(macro.recall).toBeCloseTo(0.3333333333, 9);
    expect(macro.f1).toBeCloseTo(0.2666666667, 9);
    const micro = precisionRecallF1(yTrue, yPred, { average: 'micro' });
    expect([micro.precision, micro.recall, micro.f1].map((x) => x.toFixed(9))).toEqual([
      '0.333333333',
      '0.333333333',
      '0.333333333',
    ]);
    const weighted = precisionRecallF1(yTrue, yPred, { average: 'weighted' });
    expect(weighted.f1).toBeCloseTo(0.2666666667, 9);
  });
  it('confusion matrix in scikit-learn layout', () => {
    expect(confusionMatrix(yTrue, yPred)).toEqual({
      labels: ['cat', 'dog', 'pig'],
      matrix: [
        [2, 0, 0],
        [1, 0, 1],
        [0, 2, 0],
      ],
    });
  });
  it('why accuracy misleads on unbalanced data', () => {
    const t = [...new Array(95).fill(0), ...new Array(5).fill(1)];
    const p = new Array(100).fill(0);
    expect(accuracy(t, p)).toBe(0.95);
    expect(precisionRecallF1(t, p)).toEqual({ precision: 0, recall: 0, f1: 0, support: 5 });
    const r = classificationReport(t, p);
    // class 0: P = 0.95, R = 1, F1 = 0.974358…; class 1: 0
    expect(r.macro.f1).toBeCloseTo((2 * 0.95) / 1.95 / 2, 12);
    expect(r.weighted.f1).toBeCloseTo((0.95 * (2 * 0.95)) / 1.95, 12);
  });
  it('binary scores the positive label', () => {
    const s = precisionRecallF1([1, 1, 0, 0], [1, 0, 1, 0]);
    expect(s).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(precisionRecallF1(['y', 'n'], ['y', 'y'], { posLabel: 'y' }).precision).toBe(0.5);
  });
  it('checks its input', () => {
    expect(() => accuracy([1, 2], [1])).toThrow(LengthMismatchError);
    expect(() => accuracy([], [])).toThrow(EmptyInputError);
    expect(() => accuracy([1, null as unknown as number], [1, 1])).toThrow(/yTrue\[1\]/);
    expect(() => precisionRecallF1(yTrue, yPred)).toThrow(ArgumentError);
    expect(() => precisionRecallF1([1, 0], [1, 0], { average: 'samples' as never })).toThrow(
      /options.average/,
    );
    expect(() => precisionRecallF1(['a', 'b'], ['a', 'b'], { posLabel: 1 })).toThrow(/posLabel/);
  });
});
