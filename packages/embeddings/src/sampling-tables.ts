/**
 * The two frequency tables of word2vec training: the keep probability of each word under
 * frequent-word subsampling, and the cumulative unigram^0.75 table that negative samples are drawn
 * from. Both follow gensim 4 (`Word2Vec.prepare_vocab`, `make_cum_table`) to the formula.
 */
import { ArgumentError } from '@glossa/core';

/**
 * gensim's subsampling threshold `t` (in counts): `sample · retained` for `0 < sample < 1`; the
 * "shorthand" `floor(sample · (3 + √5) / 2)` for `sample ≥ 1`; `retained` (nothing is dropped)
 * for `sample = 0`.
 *
 * @param retained the sum of the counts of the kept vocabulary.
 * @example
 * ```ts
 * subsamplingThreshold(1e-3, 1_000_000); // 1000
 * ```
 */
export function subsamplingThreshold(sample: number, retained: number): number {
  if (!(typeof sample === 'number' && sample >= 0)) {
    throw new ArgumentError('Word2Vec(sample)', 'a non-negative number', sample);
  }
  if (sample === 0) return retained;
  if (sample < 1) return sample * retained;
  return Math.floor((sample * (3 + Math.sqrt(5))) / 2);
}

/**
 * Probability of keeping each occurrence of a word of count `c` (gensim's formula, not the paper's
 * `1 − √(t/f)`): `min(1, (√(c/t) + 1) · t/c)` with `t` from {@link subsamplingThreshold}.
 *
 * @param counts word counts by id.
 * @example
 * ```ts
 * // 'the' seen 1000 times in 10 000 words, sample 1e-3 → t = 10: (√100 + 1) · 10/1000 = 0.11
 * keepProbabilities([1000, 5], 1e-3, 10_000); // Float64Array [0.11, 1]
 * ```
 */
export function keepProbabilities(
  counts: ArrayLike<number>,
  sample: number,
  retained?: number,
): Float64Array {
  let total = retained ?? 0;
  if (retained === undefined) for (let i = 0; i < counts.length; i++) total += counts[i]!;
  const t = subsamplingThreshold(sample, total);
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    const p = c > 0 ? (Math.sqrt(c / t) + 1) * (t / c) : 1;
    out[i] = Math.min(p, 1);
  }
  return out;
}

/**
 * Keep probabilities as the 32-bit thresholds the training loop compares a random 32-bit integer
 * with (gensim's `sample_int = uint32(p · (2³² − 1))`; a word is dropped when `sample_int < r`).
 *
 * @example
 * ```ts
 * sampleThresholds(Float64Array.of(1, 0.5)); // Uint32Array [4294967295, 2147483647]
 * ```
 */
export function sampleThresholds(probabilities: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(probabilities.length);
  for (let i = 0; i < probabilities.length; i++) out[i] = Math.floor(probabilities[i]! * 4294967295);
  return out;
}

/** Python's `round`: to the nearest integer, halves to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The cumulative negative-sampling table of gensim's `make_cum_table`: entry `i` is
 * `round(Σ_{j≤i} c_j^power / Σ_j c_j^power · domain)` (Python rounding), so the last entry is
 * `domain`. Word `i` is drawn for a uniform integer `r ∈ [0, domain)` when
 * `table[i−1] ≤ r < table[i]` (see {@link drawFromTable}), i.e. with probability ∝ `count^0.75`.
 *
 * @param power the exponent (gensim's `ns_exponent`). Default `0.75`.
 * @param domain the table's range. Default `2³¹ − 1`, as gensim.
 * @example
 * ```ts
 * cumulativeTable([16, 1], 0.75, 9); // Uint32Array [8, 9]: 16^0.75 = 8 of 8 + 1
 * ```
 */
export function cumulativeTable(counts: ArrayLike<number>, power = 0.75, domain = 2147483647): Uint32Array {
  let z = 0;
  for (let i = 0; i < counts.length; i++) z += counts[i]! ** power;
  const out = new Uint32Array(counts.length);
  let cum = 0;
  for (let i = 0; i < counts.length; i++) {
    cum += counts[i]! ** power;
    out[i] = roundHalfEven((cum / z) * domain);
  }
  return out;
}

/**
 * The word drawn for `r ∈ [0, table[last])`: the first index whose entry exceeds `r` (binary search).
 *
 * @example
 * ```ts
 * const t = cumulativeTable([16, 1], 0.75, 9); // [8, 9]
 * drawFromTable(t, 7); // 0
 * drawFromTable(t, 8); // 1
 * ```
 */
export function drawFromTable(table: Uint32Array, r: number): number {
  let lo = 0;
  let hi = table.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (table[mid]! <= r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
