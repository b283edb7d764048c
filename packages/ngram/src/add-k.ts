import { CountedModel } from './counted-model';
import { ArgumentError } from './errors';
import type { NgramCounts } from './ngram-counts';

/** Options of {@link AddKModel}. */
export interface AddKOptions {
  /** Pseudo-count added to every n-gram, > 0. Default 1 (Laplace). */
  k?: number;
}

/**
 * Add-k (Lidstone) smoothing, add-one (Laplace) when k = 1: p(w | h) = (c(h w) + k) / (c(h •) + k·V), where V is
 * the number of tokens that can be predicted (the vocabulary without `<s>`, with `</s>` and `<unk>`).
 * An unseen context gives the uniform distribution 1/V.
 *
 * @example
 * ```ts
 * const lm = new AddKModel(countNgrams([['a', 'b']], { order: 2 }), { k: 1 });
 * lm.prob('b', ['a']); // (1 + 1) / (1 + 1·4) = 0.4
 * ```
 */
export class AddKModel extends CountedModel {
  readonly k: number;

  constructor(counts: NgramCounts, options: AddKOptions = {}) {
    super(counts);
    const k = options.k ?? 1;
    if (typeof k !== 'number' || !(k > 0) || !Number.isFinite(k)) {
      throw new ArgumentError('options.k', 'a finite number > 0', k);
    }
    this.k = k;
  }

  protected probId(w: number, ids: ArrayLike<number>, start: number, end: number): number {
    if (w === 0) return 0;
    const c = this.counts.find(ids, start, end);
    const total = c < 0 ? 0 : (this.counts.rawTotal[c] as number);
    const ch = c < 0 ? -1 : this.counts.child(c, w);
    const count = ch < 0 ? 0 : (this.counts.raw[ch] as number);
    return (count + this.k) / (total + this.k * this.predictable);
  }

  protected distributionIds(ids: ArrayLike<number>, start: number, end: number): Float64Array {
    const k = this.counts;
    const c = k.find(ids, start, end);
    const total = c < 0 ? 0 : (k.rawTotal[c] as number);
    const denom = total + this.k * this.predictable;
    const out = new Float64Array(this.vocab.size).fill(this.k / denom);
    out[0] = 0;
    if (c >= 0) {
      for (let j = k.childStart[c] as number; j < (k.childStart[c + 1] as number); j++) {
        const ch = k.childList[j] as number;
        out[k.word[ch] as number] = ((k.raw[ch] as number) + this.k) / denom;
      }
    }
    return out;
  }
}
