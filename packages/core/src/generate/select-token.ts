import type { Generator } from '../random';
import { expSum } from './fast-exp';
import { finiteMax } from './logits-processors';

/**
 * Greedy choice: the index of the largest score (the first one on ties, as `torch.argmax`).
 * Returns 0 when every score is `-Infinity` or NaN.
 *
 * @example
 * ```ts
 * argmax(new Float32Array([0.1, 3, 3, -1])); // 1
 * ```
 */
export function argmax(scores: ArrayLike<number>): number {
  let best = 0;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i]! > max) {
      max = scores[i]!;
      best = i;
    }
  }
  return best;
}

/**
 * Draws a token from `softmax(scores)` with one uniform number of `generator`: the first token
 * whose cumulative probability (in token order) exceeds it. Removed tokens (`-Infinity`) are never
 * drawn; when nothing is finite it falls back to {@link argmax}. The same generator state and the
 * same scores give the same token on every backend (this runs in JavaScript on read-back logits).
 *
 * @example
 * ```ts
 * const g = new Generator(0);
 * sampleToken(new Float32Array([0, Math.log(3)]), g); // 1 with probability 3/4
 * ```
 */
export function sampleToken(scores: ArrayLike<number>, generator: Generator): number {
  const max = finiteMax(scores);
  const u = generator.uniform();
  if (max === Number.NEGATIVE_INFINITY) return argmax(scores);
  const n = scores.length;
  const w = scratch(n);
  const z = expSum(scores, max, w);
  const target = u * z;
  let acc = 0;
  let last = 0;
  for (let i = 0; i < n; i++) {
    const e = w[i]!;
    if (e > 0) {
      acc += e;
      last = i;
      if (acc > target) return i;
    }
  }
  return last;
}

/**
 * `log Σ exp(scores)` (finite scores only; `-Infinity` when none), the normaliser of a log-softmax.
 *
 * @example
 * ```ts
 * logSumExp(new Float32Array([0, 0])); // Math.LN2
 * ```
 */
export function logSumExp(scores: ArrayLike<number>): number {
  const max = finiteMax(scores);
  if (max === Number.NEGATIVE_INFINITY) return max;
  return max + Math.log(expSum(scores, max));
}

let buffer = new Float64Array(0);

function scratch(n: number): Float64Array {
  if (buffer.length < n) buffer = new Float64Array(n);
  return buffer;
}
