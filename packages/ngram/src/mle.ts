import { CountedModel } from './counted-model';

/**
 * Maximum-likelihood n-gram model: p(w | h) = c(h w) / c(h •), with h the last n-1 tokens (fewer at the start of
 * a sentence). Unseen n-grams get probability 0 and an unseen context gives 0 for every word (as NLTK's `MLE`),
 * so the perplexity of new text is usually `Infinity`: use it to check counts, smooth it for real use.
 *
 * @example
 * ```ts
 * const lm = new MleModel(countNgrams([['a', 'b'], ['a', 'c']], { order: 2 }));
 * lm.prob('b', ['a']); // 0.5
 * ```
 */
export class MleModel extends CountedModel {
  protected probId(w: number, ids: ArrayLike<number>, start: number, end: number): number {
    const c = this.counts.find(ids, start, end);
    if (c < 0) return 0;
    const total = this.counts.rawTotal[c] as number;
    if (total === 0) return 0;
    const ch = this.counts.child(c, w);
    return ch < 0 ? 0 : (this.counts.raw[ch] as number) / total;
  }

  protected distributionIds(ids: ArrayLike<number>, start: number, end: number): Float64Array {
    const out = new Float64Array(this.vocab.size);
    const k = this.counts;
    const c = k.find(ids, start, end);
    if (c < 0 || (k.rawTotal[c] as number) === 0) return out;
    const total = k.rawTotal[c] as number;
    for (let j = k.childStart[c] as number; j < (k.childStart[c + 1] as number); j++) {
      const ch = k.childList[j] as number;
      out[k.word[ch] as number] = (k.raw[ch] as number) / total;
    }
    return out;
  }
}
