/**
 * Principal component analysis for plotting vectors in 2 or 3 dimensions: the covariance matrix's
 * eigenvectors by the cyclic Jacobi method (exact, deterministic), with a fixed sign convention.
 */
import { ArgumentError } from '@glossa/core';

/** What {@link pca} returns. */
export interface PcaResult {
  /** Each row projected on the components: `[rows, k]`. */
  coordinates: number[][];
  /** The principal axes, unit vectors `[k, dims]`, by decreasing variance. */
  components: number[][];
  /** Variance along each component (eigenvalues of the covariance, divisor rows − 1). */
  explainedVariance: number[];
  /** Share of the total variance along each component. */
  explainedVarianceRatio: number[];
  /** Column means subtracted before projecting. */
  mean: number[];
}

/** Eigen-decomposition of a symmetric `n × n` matrix (row-major, destroyed) by cyclic Jacobi rotations. */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < n; p++) {
      diag += a[p * n + p]! ** 2;
      for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    }
    if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
  return { values, vectors: v };
}

/**
 * Projects rows of vectors on their first `components` principal components (for scatter plots of
 * word vectors). Deterministic; signs follow one documented convention: each component is flipped so
 * that its largest-magnitude coordinate is positive (the first such coordinate on a tie). Components
 * come in order of decreasing variance (ties: lower dimension index first).
 *
 * @param rows `[N, D]` as arrays or typed arrays (e.g. `words.map((w) => wv.get(w))`), N ≥ 2.
 * @example
 * ```ts
 * const words = ['king', 'queen', 'man', 'woman'];
 * const { coordinates } = pca(words.map((w) => wv.get(w)), { components: 2 }); // [[x, y], …]
 * ```
 */
export function pca(rows: readonly ArrayLike<number>[], options: { components?: number } = {}): PcaResult {
  const { components: k = 2 } = options;
  const n = rows.length;
  const d = n > 0 ? rows[0]!.length : 0;
  if (n < 2) throw new ArgumentError('pca(rows)', 'at least 2 rows', rows);
  rows.forEach((r, i) => {
    if (r.length !== d) throw new ArgumentError(`pca(rows[${i}])`, `a row of ${d} numbers`, r);
  });
  if (!Number.isInteger(k) || k < 1 || k > d) {
    throw new ArgumentError('pca(components)', `an integer in [1, ${d}]`, k);
  }
  const mean = new Float64Array(d);
  for (const r of rows) for (let c = 0; c < d; c++) mean[c]! += r[c]! / n;
  const x = new Float64Array(n * d);
  rows.forEach((r, i) => {
    for (let c = 0; c < d; c++) x[i * d + c] = r[c]! - mean[c]!;
  });
  // Eigenvectors of the d × d covariance XᵀX/(n−1), or — fewer rows than dimensions — of the n × n
  // Gram matrix XXᵀ/(n−1), whose eigenvector u gives the axis Xᵀu/‖Xᵀu‖ with the same eigenvalue.
  const gram = n < d;
  const m = gram ? n : d;
  const mat = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      let s = 0;
      if (gram) for (let c = 0; c < d; c++) s += x[i * d + c]! * x[j * d + c]!;
      else for (let r = 0; r < n; r++) s += x[r * d + i]! * x[r * d + j]!;
      mat[i * m + j] = s / (n - 1);
      mat[j * m + i] = s / (n - 1);
    }
  }
  let total = 0;
  for (let i = 0; i < m; i++) total += mat[i * m + i]!;
  const { values, vectors } = symmetricEigen(mat, m);
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => values[b]! - values[a]! || a - b);
  const comps: number[][] = [];
  for (const idx of order.slice(0, Math.min(k, m))) {
    let comp: number[];
    if (gram) {
      comp = new Array(d).fill(0);
      for (let r = 0; r < n; r++) {
        const u = vectors[r * m + idx]!;
        for (let c = 0; c < d; c++) comp[c]! += u * x[r * d + c]!;
      }
      const norm = Math.hypot(...comp);
      comp = comp.map((v) => (norm > 0 ? v / norm : 0));
    } else {
      comp = Array.from({ length: d }, (_, r) => vectors[r * m + idx]!);
    }
    let big = 0;
    for (let c = 1; c < d; c++) if (Math.abs(comp[c]!) > Math.abs(comp[big]!)) big = c;
    comps.push(comp[big]! < 0 ? comp.map((v) => -v) : comp);
  }
  // With n ≤ k < d the data spans fewer than k axes: the rest have variance 0 (zero axes here).
  while (comps.length < k) comps.push(new Array(d).fill(0));
  const coordinates = rows.map((r) =>
    comps.map((comp) => {
      let s = 0;
      for (let c = 0; c < d; c++) s += (r[c]! - mean[c]!) * comp[c]!;
      return s;
    }),
  );
  const explainedVariance = comps.map((_, j) => (j < m ? Math.max(0, values[order[j]!]!) : 0));
  return {
    coordinates,
    components: comps,
    explainedVariance,
    explainedVarianceRatio: explainedVariance.map((v) => (total > 0 ? v / total : 0)),
    mean: Array.from(mean),
  };
}
