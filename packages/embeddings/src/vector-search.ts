/**
 * The arithmetic under KeyedVectors' queries, on row indices: norms, weighted means of unit
 * vectors, and top-N by cosine — gensim's `most_similar` (3CosAdd) and `most_similar_cosmul`
 * (3CosMul). Sums run in float64.
 */

/** A match: the row and its score. */
export interface Scored {
  index: number;
  score: number;
}

/** Euclidean norm of each of `rows` rows of `vectors` (`[rows, d]`). */
export function rowNorms(vectors: Float32Array, d: number): Float64Array {
  const rows = d > 0 ? vectors.length / d : 0;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = r * d, e = c + d; c < e; c++) s += vectors[c]! * vectors[c]!;
    out[r] = Math.sqrt(s);
  }
  return out;
}

/** `v / ‖v‖` (unchanged when ‖v‖ = 0), in place. */
export function normalize(v: Float64Array): Float64Array {
  let s = 0;
  for (let c = 0; c < v.length; c++) s += v[c]! * v[c]!;
  const n = Math.sqrt(s);
  if (n > 0) for (let c = 0; c < v.length; c++) v[c]! /= n;
  return v;
}

/** `vector · row / ‖row‖` for rows `[0, end)`. */
export function cosines(
  vectors: Float32Array,
  norms: Float64Array,
  d: number,
  query: ArrayLike<number>,
  end: number,
): Float64Array {
  const out = new Float64Array(end);
  for (let r = 0; r < end; r++) {
    let s = 0;
    const o = r * d;
    for (let c = 0; c < d; c++) s += vectors[o + c]! * query[c]!;
    const n = norms[r]!;
    out[r] = n > 0 ? s / n : 0;
  }
  return out;
}

/** The `topN` highest scores (best first; ties: lower index first), skipping `exclude`. */
export function topN(scores: Float64Array, n: number, exclude: ReadonlySet<number> = new Set()): Scored[] {
  const best: Scored[] = [];
  if (n <= 0) return best;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (best.length === n && !(s > best[n - 1]!.score)) continue;
    if (exclude.has(i)) continue;
    let j = best.length < n ? best.length : n - 1;
    while (j > 0 && best[j - 1]!.score < s) {
      if (j < n) best[j] = best[j - 1]!;
      j--;
    }
    best[j] = { index: i, score: s };
  }
  return best;
}

/** One term of a query: a row of the matrix, or a vector of its own, with a weight. */
export type Term = { index: number; weight: number } | { vector: ArrayLike<number>; weight: number };

/**
 * gensim's `get_mean_vector(pre_normalize=True, post_normalize=True)`: the weighted mean of the
 * terms' unit vectors (rows are normalised, given vectors are used as they are), normalised.
 */
export function meanUnit(vectors: Float32Array, norms: Float64Array, d: number, terms: Term[]): Float64Array {
  const mean = new Float64Array(d);
  let total = 0;
  for (const t of terms) {
    if ('index' in t) {
      const n = norms[t.index]!;
      const o = t.index * d;
      const f = n > 0 ? t.weight / n : 0;
      for (let c = 0; c < d; c++) mean[c]! += f * vectors[o + c]!;
    } else {
      for (let c = 0; c < d; c++) mean[c]! += t.weight * t.vector[c]!;
    }
    total += Math.abs(t.weight);
  }
  if (total > 0) for (let c = 0; c < d; c++) mean[c]! /= total;
  return normalize(mean);
}

/** Unit vector of row `index` as float64. */
export function unitRow(vectors: Float32Array, norms: Float64Array, d: number, index: number): Float64Array {
  const out = new Float64Array(d);
  const n = norms[index]!;
  if (n > 0) for (let c = 0; c < d; c++) out[c] = vectors[index * d + c]! / n;
  return out;
}

/**
 * 3CosMul scores (Levy & Goldberg 2014, eq. 4 with cosines shifted to [0, 1]) as gensim's
 * `most_similar_cosmul`: `Π_pos (1 + cos)/2 / (Π_neg (1 + cos)/2 + 1e-6)` for rows `[0, end)`.
 */
export function cosmulScores(
  vectors: Float32Array,
  norms: Float64Array,
  d: number,
  positive: ArrayLike<number>[],
  negative: ArrayLike<number>[],
  end: number,
): Float64Array {
  const num = new Float64Array(end).fill(1);
  const den = new Float64Array(end).fill(1);
  for (const [terms, acc] of [
    [positive, num],
    [negative, den],
  ] as const) {
    for (const t of terms) {
      const cos = cosines(vectors, norms, d, t, end);
      for (let r = 0; r < end; r++) acc[r]! *= (1 + cos[r]!) / 2;
    }
  }
  const out = new Float64Array(end);
  // numpy's prod over no terms is 1, so without negatives the denominator is 1 + 1e-6.
  for (let r = 0; r < end; r++) out[r] = num[r]! / (den[r]! + 1e-6);
  return out;
}
