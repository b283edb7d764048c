import { expSum, expTable, fastExp } from './fast-exp';
import { buildRankHeap, popBest, topIndices } from './top-indices';

/**
 * Logits processors as Hugging Face's `generate` applies them, on one row of scores (a
 * `Float32Array` of length V, changed in place and returned). A removed token gets `-Infinity`
 * (HF's `filter_value`). The loop applies them in HF's order: repetition penalty → no-repeat
 * n-grams → (sampling only) temperature → top-k → top-p → min-p.
 *
 * Ties: where HF sorts (top-p, min-p's `min_tokens_to_keep`) and torch's order among equal scores
 * is unspecified, equal scores rank by token id, lower first. Probabilities are computed in float64.
 *
 * @example
 * ```ts
 * const row = new Float32Array([2, 1, 0.5, -1]);
 * applyRepetitionPenalty(row, [0, 3, 3], 2); // [1, 1, 0.5, -2]
 * topKFilter(row, 2);                         // [1, 1, -Infinity, -Infinity]
 * ```
 */
export type ScoresRow = Float32Array;

/**
 * HF `RepetitionPenaltyLogitsProcessor`: for every distinct token of `tokens` (the sequence so far,
 * prompt included), a positive score is divided by `penalty` and a negative one multiplied by it.
 * `penalty` 1 changes nothing; > 1 discourages repeats.
 *
 * @example
 * ```ts
 * applyRepetitionPenalty(new Float32Array([3, -1, 2]), [0, 1, 0], 1.5); // [2, -1.5, 2]
 * ```
 */
export function applyRepetitionPenalty(
  scores: ScoresRow,
  tokens: ArrayLike<number>,
  penalty: number,
): ScoresRow {
  if (penalty === 1) return scores;
  const seen = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t < 0 || t >= scores.length || seen.has(t)) continue;
    seen.add(t);
    const s = scores[t]!;
    scores[t] = s < 0 ? s * penalty : s / penalty;
  }
  return scores;
}

/**
 * HF `NoRepeatNGramLogitsProcessor`: bans (−∞) every token that would complete an n-gram of size
 * `n` already present in `tokens` — i.e. each token that followed an earlier occurrence of the
 * last `n − 1` tokens. Nothing is banned while `tokens.length + 1 < n`; `n` 0 disables it.
 *
 * @example
 * ```ts
 * // tokens 1 2 3 1 2: the bigram "2 3" exists, so after "… 2", 3 is banned (n = 2)
 * banRepeatedNgrams(new Float32Array(5), [1, 2, 3, 1, 2], 2); // [0, 0, 0, -Infinity, 0]
 * ```
 */
export function banRepeatedNgrams(scores: ScoresRow, tokens: ArrayLike<number>, n: number): ScoresRow {
  const len = tokens.length;
  if (n <= 0 || len + 1 < n) return scores;
  const p = n - 1;
  for (let i = 0; i + n <= len; i++) {
    let match = true;
    for (let j = 0; j < p; j++) {
      if (tokens[i + j] !== tokens[len - p + j]) {
        match = false;
        break;
      }
    }
    const next = tokens[i + p]!;
    if (match && next >= 0 && next < scores.length) scores[next] = Number.NEGATIVE_INFINITY;
  }
  return scores;
}

/**
 * HF `TemperatureLogitsWarper`: `scores / temperature` (> 1 flattens, < 1 sharpens).
 *
 * @example
 * ```ts
 * applyTemperature(new Float32Array([2, 1]), 0.5); // [4, 2]
 * ```
 */
export function applyTemperature(scores: ScoresRow, temperature: number): ScoresRow {
  if (temperature === 1) return scores;
  for (let i = 0; i < scores.length; i++) scores[i] = scores[i]! / temperature;
  return scores;
}

/**
 * HF `TopKLogitsWarper`: keeps the scores ≥ the k-th largest (so ties with it are all kept),
 * `k = min(max(topK, minTokensToKeep), V)`; `topK` 0 disables it. O(V log k).
 *
 * @example
 * ```ts
 * topKFilter(new Float32Array([1, 3, 2, 2]), 2); // [-Infinity, 3, 2, 2] (the tie at 2 is kept)
 * ```
 */
export function topKFilter(scores: ScoresRow, topK: number, minTokensToKeep = 1): ScoresRow {
  if (topK <= 0) return scores;
  const k = Math.min(Math.max(topK, minTokensToKeep), scores.length);
  const top = topIndices(scores, k);
  if (top.length < k) return scores; // fewer finite scores than k: nothing to remove
  const threshold = scores[top[k - 1]!]!;
  for (let i = 0; i < scores.length; i++) if (scores[i]! < threshold) scores[i] = Number.NEGATIVE_INFINITY;
  return scores;
}

/**
 * HF `TopPLogitsWarper` (nucleus): keeps the most probable tokens, in order, while the probability
 * mass before each is below `topP` — the smallest prefix whose mass reaches `topP` — and at least
 * `minTokensToKeep`. (HF: sort ascending, remove where the cumulative probability ≤ 1 − topP; the
 * same set.) Equal scores rank by token id. `topP` 1 disables it.
 *
 * No sort of a large row: one pass buckets the probabilities by score (width 1/64 below the
 * maximum), the buckets are walked from the top to the one where the mass reaches `topP`, and only
 * that bucket's tokens are sorted — O(V) plus a sort of a few tokens. Rows of ≤ 512 are sorted.
 *
 * @example
 * ```ts
 * // probabilities 0.5, 0.3, 0.2: mass before them 0, 0.5, 0.8
 * topPFilter(new Float32Array([Math.log(0.5), Math.log(0.3), Math.log(0.2)]), 0.7); // keeps 0 and 1
 * ```
 */
export function topPFilter(scores: ScoresRow, topP: number, minTokensToKeep = 1): ScoresRow {
  if (topP >= 1) return scores;
  const n = scores.length;
  const max = finiteMax(scores);
  if (max === Number.NEGATIVE_INFINITY) return scores;
  let before = 0;
  let kept = 0;
  let target: number;
  const members = memberScratch(n);
  let size = 0;
  let b = 0;
  if (n <= SMALL_ROW) {
    // Small vocabularies: rank the whole row.
    target = topP * expSum(scores, max);
    for (let i = 0; i < n; i++) if (scores[i]! > Number.NEGATIVE_INFINITY) members[size++] = i;
  } else {
    const t = expTable(); // buckets are the table's steps: e = t[b] · p(r)
    const { mass, count } = bucketScratch();
    let z = 0;
    for (let i = 0; i < n; i++) {
      // Bucket ⌊(max − s) · 64⌋; the last one holds probabilities below e^−64 (counted, mass 0).
      const y = (max - scores[i]!) * BUCKET_SCALE;
      if (!(y < Number.POSITIVE_INFINITY)) continue; // -Infinity and NaN scores
      if (y < BUCKETS) {
        const k = y | 0;
        const r = (k - y) / BUCKET_SCALE;
        const e = t[k]! * (1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24)))));
        mass[k] = mass[k]! + e;
        count[k] = count[k]! + 1;
        z += e;
      } else count[BUCKETS] = count[BUCKETS]! + 1;
    }
    target = topP * z;
    // Whole buckets are kept while even their last token is: the mass before it is below the
    // target, or it ranks within minTokensToKeep.
    while (b < BUCKETS && (before + mass[b]! < target || kept + count[b]! < minTokensToKeep)) {
      before += mass[b]!;
      kept += count[b]!;
      b++;
    }
    // The boundary bucket's tokens.
    for (let i = 0; i < n; i++) {
      const y = (max - scores[i]!) * BUCKET_SCALE;
      if (y < Number.POSITIVE_INFINITY && (b === BUCKETS ? y >= BUCKETS : (y | 0) === b)) members[size++] = i;
    }
  }
  // In rank order (a heap: only the head is ordered) until the rule stops.
  buildRankHeap(scores, members, size);
  let last = -1;
  while (size > 0 && (kept < minTokensToKeep || before < target)) {
    const i = popBest(scores, members, size--);
    before += fastExp(scores[i]! - max);
    kept++;
    last = i;
  }
  if (last >= 0) removeAfter(scores, last);
  else removeBelowBucket(scores, max, n <= SMALL_ROW ? 0 : b);
  return scores;
}

const SMALL_ROW = 512;
let memberIds = new Int32Array(0);

function memberScratch(n: number): Int32Array {
  if (memberIds.length < n) memberIds = new Int32Array(n);
  return memberIds;
}

let buckets: { mass: Float64Array; count: Int32Array } | null = null;

/** Zeroed bucket arrays, allocated once. */
function bucketScratch(): { mass: Float64Array; count: Int32Array } {
  buckets ??= { mass: new Float64Array(BUCKETS + 1), count: new Int32Array(BUCKETS + 1) };
  buckets.mass.fill(0);
  buckets.count.fill(0);
  return buckets;
}

// The same steps as fastExp's table (64 per unit, 64 units), so a bucket index is a table index.
const BUCKET_SCALE = 64;
const BUCKETS = 64 * BUCKET_SCALE;

/** Removes every token in a bucket below `b` (when the boundary bucket kept nothing). */
function removeBelowBucket(scores: ScoresRow, max: number, b: number): void {
  for (let i = 0; i < scores.length; i++) {
    const y = (max - scores[i]!) * BUCKET_SCALE;
    if (!(y < b)) scores[i] = Number.NEGATIVE_INFINITY;
  }
}

/**
 * HF `MinPLogitsWarper`: removes tokens whose probability is below `minP` × the top token's
 * probability (`score < max + ln(minP)`), keeping at least `minTokensToKeep` (by rank). `minP` 0
 * disables it.
 *
 * @example
 * ```ts
 * // probabilities ∝ 1, 0.5, 0.05: with minP 0.1 the last is removed
 * minPFilter(new Float32Array([0, Math.log(0.5), Math.log(0.05)]), 0.1); // [0, -0.69…, -Infinity]
 * ```
 */
export function minPFilter(scores: ScoresRow, minP: number, minTokensToKeep = 1): ScoresRow {
  if (minP <= 0) return scores;
  const max = finiteMax(scores);
  if (max === Number.NEGATIVE_INFINITY) return scores;
  const floor = Math.log(minP);
  const top = minTokensToKeep > 1 ? topIndices(scores, minTokensToKeep) : null;
  const last = top && top.length > 0 ? top[top.length - 1]! : -1;
  const lastScore = last >= 0 ? scores[last]! : Number.POSITIVE_INFINITY;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    const ranked = s > lastScore || (s === lastScore && i <= last);
    if (s - max < floor && !ranked) scores[i] = Number.NEGATIVE_INFINITY;
  }
  return scores;
}

/**
 * Largest finite value (`-Infinity` when none).
 *
 * @example
 * ```ts
 * finiteMax(new Float32Array([1, Infinity, -Infinity, 3])); // 3
 * ```
 */
export function finiteMax(scores: ArrayLike<number>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s > max && s < Number.POSITIVE_INFINITY) max = s;
  }
  return max;
}

/** Removes every token ranked after `last` (score lower, or equal with a higher id). */
function removeAfter(scores: ScoresRow, last: number): void {
  const t = scores[last]!;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s < t || (s === t && i > last)) scores[i] = Number.NEGATIVE_INFINITY;
  }
}
