import {
  applyRepetitionPenalty,
  applyTemperature,
  banRepeatedNgrams,
  minPFilter,
  topKFilter,
  topPFilter,
} from './logits-processors';
import type { ResolvedOptions } from './options';

/**
 * Whether {@link processScores} changes anything for these options (if not, greedy decoding reads
 * the logits row as it is, without a copy).
 *
 * @example
 * ```ts
 * hasProcessors(resolveOptions('generate', {})); // false
 * ```
 */
export function hasProcessors(o: ResolvedOptions): boolean {
  const warp = o.sample && (o.temperature !== 1 || o.topK > 0 || o.topP < 1 || o.minP > 0);
  return o.repetitionPenalty !== 1 || o.noRepeatNgramSize > 0 || warp;
}

/**
 * The logits processors of one row in HF's order — repetition penalty → no-repeat n-grams → and,
 * only when sampling, temperature → top-k → top-p → min-p — in place on `scores` (logits for
 * greedy and sampling, log-probabilities for beam search, as HF). `history` is the row's sequence
 * so far: its real prompt tokens (left padding excluded — HF would count the pad id) and the new
 * tokens.
 *
 * @example
 * ```ts
 * processScores(row, [5, 9, 9], resolveOptions('generate', { repetitionPenalty: 1.3 }));
 * ```
 */
export function processScores(
  scores: Float32Array,
  history: readonly number[],
  o: ResolvedOptions,
): Float32Array {
  applyRepetitionPenalty(scores, history, o.repetitionPenalty);
  banRepeatedNgrams(scores, history, o.noRepeatNgramSize);
  if (o.sample) {
    applyTemperature(scores, o.temperature);
    topKFilter(scores, o.topK, o.minTokensToKeep);
    topPFilter(scores, o.topP, o.minTokensToKeep);
    minPFilter(scores, o.minP, o.minTokensToKeep);
  }
  return scores;
}
