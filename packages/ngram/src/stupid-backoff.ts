import { CountedModel } from './counted-model';
import { ArgumentError } from './errors';
import type { NgramCounts } from './ngram-counts';

/** Options of {@link StupidBackoffModel}. */
export interface StupidBackoffOptions {
  /** Factor applied at each back-off step, in (0, 1]. Default 0.4 (Brants et al. 2007). */
  alpha?: number;
}

/**
 * Stupid backoff (Brants et al. 2007): S(w | h) = c(h w) / c(h •) when c(h w) > 0, else α · S(w | h′), ending in
 * c(w) / N. These are scores, not probabilities: they do not sum to 1 over the vocabulary, so `normalized` is
 * false and a "perplexity" computed from them is not a true perplexity (it is not comparable with the other
 * models). Words never seen in training score 0.
 *
 * @example
 * ```ts
 * const lm = new StupidBackoffModel(countNgrams([['a', 'b'], ['b']], { order: 2 }), { alpha: 0.4 });
 * lm.prob('b', ['<s>']); // 0.5
 * lm.prob('a', ['b']);   // 0.4 · c(a) / N = 0.4 · 1 / 5
 * ```
 */
export class StupidBackoffModel extends CountedModel {
  readonly alpha: number;
  override readonly normalized = false;

  constructor(counts: NgramCounts, options: StupidBackoffOptions = {}) {
    super(counts);
    const alpha = options.alpha ?? 0.4;
    if (typeof alpha !== 'number' || !(alpha > 0 && alpha <= 1)) {
      throw new ArgumentError('options.alpha', 'a number in (0, 1]', alpha);
    }
    this.alpha = alpha;
  }

  protected probId(w: number, ids: ArrayLike<number>, start: number, end: number): number {
    const k = this.counts;
    let factor = 1;
    for (let j = start; j <= end; j++) {
      const c = k.find(ids, j, end);
      if (c >= 0) {
        const ch = k.child(c, w);
        if (ch >= 0 && (k.raw[ch] as number) > 0)
          return (factor * (k.raw[ch] as number)) / (k.rawTotal[c] as number);
      }
      factor *= this.alpha;
    }
    return 0;
  }

  protected distributionIds(ids: ArrayLike<number>, start: number, end: number): Float64Array {
    const k = this.counts;
    const out = new Float64Array(this.vocab.size);
    // Lowest order first: a longer context that has the word overwrites the backed-off score.
    for (let j = end; j >= start; j--) {
      const c = k.find(ids, j, end);
      if (c < 0) break;
      const factor = this.alpha ** (j - start);
      const total = k.rawTotal[c] as number;
      for (let x = k.childStart[c] as number; x < (k.childStart[c + 1] as number); x++) {
        const ch = k.childList[x] as number;
        if ((k.raw[ch] as number) > 0) out[k.word[ch] as number] = (factor * (k.raw[ch] as number)) / total;
      }
    }
    return out;
  }
}
