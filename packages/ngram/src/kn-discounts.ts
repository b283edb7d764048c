import type { NgramCounts } from './ngram-counts';

/**
 * Modified Kneser-Ney discounts (Chen & Goodman 1998) of every order from the counts-of-counts n_c of the
 * Kneser-Ney adjusted counts: Y = n1 / (n1 + 2·n2), D1 = 1 − 2Y·n2/n1, D2 = 2 − 3Y·n3/n2, D3+ = 3 − 4Y·n4/n3.
 * Where an estimate is undefined or outside (0, c] (tiny corpora), `fallback` clamped to c is used instead.
 * Returns a table indexed `order * 4 + min(count, 3)` (index 0 of each order unused).
 *
 * @example
 * ```ts
 * const table = modifiedDiscounts(countNgrams(sentences, { order: 3 }), 0.75);
 * table[2 * 4 + 1]; // D1 of bigrams
 * ```
 */
export function modifiedDiscounts(counts: NgramCounts, fallback: number): Float64Array {
  const n = counts.order;
  const nc = new Float64Array((n + 1) * 5);
  for (let i = 1; i < counts.nodes; i++) {
    const a = counts.adjusted[i] as number;
    if (a >= 1 && a <= 4 && Number.isInteger(a)) {
      const at = (counts.depth[i] as number) * 5 + a;
      nc[at] = (nc[at] as number) + 1;
    }
  }
  const table = new Float64Array((n + 1) * 4);
  for (let k = 1; k <= n; k++) {
    const [n1, n2, n3, n4] = [1, 2, 3, 4].map((c) => nc[k * 5 + c] as number) as [
      number,
      number,
      number,
      number,
    ];
    const y = n1 / (n1 + 2 * n2);
    const est = [1 - (2 * y * n2) / n1, 2 - (3 * y * n3) / n2, 3 - (4 * y * n4) / n3];
    for (let c = 1; c <= 3; c++) {
      const d = est[c - 1] as number;
      table[k * 4 + c] = Number.isFinite(d) && d > 0 && d <= c ? d : Math.min(fallback, c);
    }
  }
  return table;
}
