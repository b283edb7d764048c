/** Rank correlation, as scipy.stats computes it. */

/**
 * Ranks from 1, ties sharing the average of their ranks (scipy's `rankdata(method='average')`).
 *
 * @example
 * ```ts
 * rankAverage([10, 20, 10, 30]); // Float64Array [1.5, 3, 1.5, 4]
 * ```
 */
export function rankAverage(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = r;
    i = j + 1;
  }
  return ranks;
}

/**
 * Pearson's correlation coefficient (NaN when either side is constant, as scipy).
 *
 * @example
 * ```ts
 * pearson([1, 2, 3], [2, 4, 7]); // 0.993…
 * ```
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i]! - mx;
    const b = y[i]! - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  const r = sxy / Math.sqrt(sxx * syy);
  return Number.isNaN(r) ? r : Math.max(-1, Math.min(1, r));
}

/**
 * Spearman's rank correlation: Pearson's on average ranks (scipy's `spearmanr`, ties included).
 *
 * @example
 * ```ts
 * spearman([1, 2, 3, 4], [10, 30, 20, 40]); // 0.8
 * ```
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(rankAverage(x), rankAverage(y));
}
