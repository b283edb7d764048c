import { CountedModel } from './counted-model';
import { ArgumentError } from './errors';
import type { NgramCounts } from './ngram-counts';

/** Options of {@link KneserNeyModel}. */
export interface KneserNeyOptions {
  /** Absolute discount D in (0, 1], one for every order. Default 0.75. */
  discount?: number;
}

/**
 * Interpolated Kneser-Ney smoothing (Chen & Goodman 1998, one discount for every order, as KenLM's
 * un-modified variant):
 *
 * p_k(w | h) = max(a(h w) − D, 0) / a(h •) + D · N1+(h •) / a(h •) · p_{k−1}(w | h′)
 *
 * where h′ drops the first word of h, a(·) is the raw count at the highest order and for n-grams that start with
 * `<s>` (nothing can precede them), and the continuation count N1+(• h w) otherwise; N1+(h •) counts the words
 * with a(h w) > 0. The recursion ends in the uniform distribution p_0(w) = 1/V over the V predictable tokens, so
 * unseen words (`<unk>`) keep some mass. A context never seen is skipped (its weight is 1).
 *
 * @example
 * ```ts
 * const lm = new KneserNeyModel(countNgrams(sentences, { order: 3 }), { discount: 0.75 });
 * lm.prob('sat', ['the', 'cat']);
 * ```
 */
export class KneserNeyModel extends CountedModel {
  readonly discount: number;

  constructor(counts: NgramCounts, options: KneserNeyOptions = {}) {
    super(counts);
    const d = options.discount ?? 0.75;
    if (typeof d !== 'number' || !(d > 0 && d <= 1)) {
      throw new ArgumentError('discount', 'a number in (0, 1]', d);
    }
    this.discount = d;
  }

  protected probId(w: number, ids: ArrayLike<number>, start: number, end: number): number {
    if (w === 0) return 0;
    const k = this.counts;
    const D = this.discount;
    let p = 1 / this.predictable;
    for (let j = end; j >= start; j--) {
      const c = k.find(ids, j, end);
      if (c < 0) break;
      const total = k.adjTotal[c] as number;
      if (total === 0) continue;
      const ch = k.child(c, w);
      const a = ch < 0 ? 0 : (k.adjusted[ch] as number);
      p = Math.max(a - D, 0) / total + ((D * (k.adjTypes[c] as number)) / total) * p;
    }
    return p;
  }

  /**
   * The interpolation weight γ(h) = D · N1+(h •) / a(h •) of a context node (1 when it has no continuations):
   * the back-off weight of the equivalent backoff model, as written to ARPA files.
   *
   * @example
   * ```ts
   * lm.backoffWeight(lm.counts.find([lm.vocab.id('the')]));
   * ```
   */
  backoffWeight(node: number): number {
    const total = this.counts.adjTotal[node] as number;
    return total === 0 ? 1 : (this.discount * (this.counts.adjTypes[node] as number)) / total;
  }

  protected distributionIds(ids: ArrayLike<number>, start: number, end: number): Float64Array {
    const k = this.counts;
    const D = this.discount;
    const out = new Float64Array(this.vocab.size).fill(1 / this.predictable);
    out[0] = 0;
    for (let j = end; j >= start; j--) {
      const c = k.find(ids, j, end);
      if (c < 0) break;
      const total = k.adjTotal[c] as number;
      if (total === 0) continue;
      const g = (D * (k.adjTypes[c] as number)) / total;
      for (let i = 1; i < out.length; i++) out[i] = (out[i] as number) * g;
      for (let x = k.childStart[c] as number; x < (k.childStart[c + 1] as number); x++) {
        const ch = k.childList[x] as number;
        const w = k.word[ch] as number;
        out[w] = (out[w] as number) + Math.max((k.adjusted[ch] as number) - D, 0) / total;
      }
    }
    return out;
  }
}
