import { Generator } from '@glossa/core';
import { describe, expect, it } from 'vitest';
import { pca, symmetricEigen } from './pca';

describe('pca', () => {
  it('finds the axis of a line of points, with the documented sign (largest loading positive)', () => {
    // Points on y = −2x: one component along (−1, 2)/√5 (the y loading is the larger, made positive).
    const rows = [-2, -1, 0, 1, 2].map((t) => [t, -2 * t]);
    const r = pca(rows, { components: 2 });
    expect(r.components[0]![0]).toBeCloseTo(-1 / Math.sqrt(5), 12);
    expect(r.components[0]![1]).toBeCloseTo(2 / Math.sqrt(5), 12);
    expect(r.explainedVarianceRatio[0]).toBeCloseTo(1, 12);
    expect(r.explainedVariance[0]).toBeCloseTo(12.5, 12); // Σ(t² + 4t²) / 4 = 50 / 4
    expect(r.coordinates.map((c) => c[0])).toEqual(
      [-2, -1, 0, 1, 2].map((t) => expect.closeTo(-t * Math.sqrt(5), 10)),
    );
  });

  it('matches the covariance eigen-decomposition and reconstructs the data from all components', () => {
    const g = new Generator(5);
    const rows = Array.from({ length: 30 }, () => {
      const a = g.normal();
      const b = g.normal();
      return [a + 0.1 * b, 2 * a, b, a - b];
    });
    const r = pca(rows, { components: 4 });
    for (let i = 0; i < 3; i++)
      expect(r.explainedVariance[i]!).toBeGreaterThanOrEqual(r.explainedVariance[i + 1]!);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        const dot = r.components[i]!.reduce((s, v, k) => s + v * r.components[j]![k]!, 0);
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 10);
      }
    }
    rows.forEach((row, n) => {
      row.forEach((v, k) => {
        const back = r.mean[k]! + r.coordinates[n]!.reduce((s, c, i) => s + c * r.components[i]![k]!, 0);
        expect(back).toBeCloseTo(v, 10);
      });
    });
  });

  it('gives the same projection through the Gram matrix when there are fewer rows than dimensions', () => {
    const g = new Generator(9);
    const rows = Array.from({ length: 6 }, () => Array.from({ length: 20 }, () => g.normal()));
    const viaGram = pca(rows, { components: 3 });
    // The same data padded with copies has ≥ 20 rows (covariance path) and the same axes.
    const doubled = pca([...rows, ...rows, ...rows, ...rows], { components: 3 });
    for (let i = 0; i < 3; i++) {
      viaGram.components[i]!.forEach((v, k) => {
        expect(v).toBeCloseTo(doubled.components[i]![k]!, 8);
      });
      expect(viaGram.explainedVarianceRatio[i]).toBeCloseTo(doubled.explainedVarianceRatio[i]!, 8);
    }
  });

  it('symmetricEigen: A·v = λ·v', () => {
    const a = Float64Array.of(4, 1, 2, 1, 3, 0, 2, 0, 5);
    const { values, vectors } = symmetricEigen(Float64Array.from(a), 3);
    for (let j = 0; j < 3; j++) {
      for (let i = 0; i < 3; i++) {
        let av = 0;
        for (let k = 0; k < 3; k++) av += a[i * 3 + k]! * vectors[k * 3 + j]!;
        expect(av).toBeCloseTo(values[j]! * vectors[i * 3 + j]!, 10);
      }
    }
  });

  it('rejects bad input', () => {
    expect(() => pca([[1, 2]])).toThrow(/at least 2 rows/);
    expect(() => pca([[1, 2], [3]])).toThrow(/rows\[1\]/);
    expect(() =>
      pca(
        [
          [1, 2],
          [3, 4],
        ],
        { components: 3 },
      ),
    ).toThrow(/components/);
  });
});
