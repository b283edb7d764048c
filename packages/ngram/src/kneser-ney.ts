import { CountedModel } from './counted-model';
import { ArgumentError } from './errors';
import { modifiedDiscounts } from './kn-discounts';
import type { NgramCounts } from './ngram-counts';

/** Options of {@link KneserNeyModel}. */
export interface KneserNeyOptions {
  /** Absolute discount D in (0, 1], one for every order. Default 0.75. */
  discount?: number;
  /**
   * Modified Kneser-Ney: three discounts D1, D2, D3+ per order (for adjusted counts 1, 2 and ≥ 3), estimated from
   * counts-of-counts as Chen & Goodman and KenLM do (`discount` is then only the fallback for degenerate
   * estimates). Default false.
   */
  modified?: boolean;
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
 * With `modified: true` the discount depends on the count (D1, D2, D3+ per order, see {@link modifiedDiscounts})
 * and the weight becomes γ(h) = Σ_w D(a(h w)) / a(h •).
 *
 * @example
 * ```ts
 * const lm = new KneserNeyModel(countNgrams(sentences, { order: 3 }), { discount: 0.75 });
 * lm.prob('sat', ['the', 'cat']);
 * ```
 */
export class KneserNeyModel extends CountedModel {
  readonly discount: number;
  readonly modified: boolean;
  /** Modified KN: discount table `order * 4 + min(count, 3)`; empty for the single-discount model. */
  readonly discounts: Float64Array;
  /** Modified KN: Σ_w D(a(h w)) for every context node h (the numerator of γ(h)). */
  private readonly gammaNum: Float64Array;

  constructor(counts: NgramCounts, options: KneserNeyOptions = {}) {
    super(counts);
    const d = options.discount ?? 0.75;
    if (typeof d !== 'number' || !(d > 0 && d <= 1)) {
      throw new ArgumentError('options.discount', 'a number in (0, 1]', d);
    }
    this.discount = d;
    this.modified = options.modified ?? false;
    this.discounts = this.modified ? modifiedDiscounts(this.counts, d) : new Float64Array(0);
    this.gammaNum = new Float64Array(this.modified ? this.counts.nodes : 0);
    if (this.modified) {
      const k = this.counts;
      for (let i = 1; i < k.nodes; i++) {
        const a = k.adjusted[i] as number;
        if (a > 0) {
          const p = k.parent[i] as number;
          this.gammaNum[p] = (this.gammaNum[p] as number) + this.discountOf(k.depth[i] as number, a);
        }
      }
    }
  }

  /** Discount of an n-gram of order `depth` with adjusted count `a`. */
  private discountOf(depth: number, a: number): number {
    if (!this.modified) return this.discount;
    return this.discounts[depth * 4 + Math.min(Math.ceil(a), 3)] as number;
  }

  /** γ(h) of a context node whose adjusted total is > 0. */
  private gamma(node: number, total: number): number {
    if (!this.modified) return (this.discount * (this.counts.adjTypes[node] as number)) / total;
    return (this.gammaNum[node] as number) / total;
  }

  protected probId(w: number, ids: ArrayLike<number>, start: number, end: number): number {
    if (w === 0) return 0;
    const k = this.counts;
    let p = 1 / this.predictable;
    for (let j = end; j >= start; j--) {
      const c = k.find(ids, j, end);
      if (c < 0) break;
      const total = k.adjTotal[c] as number;
      if (total === 0) continue;
      const ch = k.child(c, w);
      const a = ch < 0 ? 0 : (k.adjusted[ch] as number);
      const alpha = a > 0 ? Math.max(a - this.discountOf(end - j + 1, a), 0) / total : 0;
      p = alpha + this.gamma(c, total) * p;
    }
    return p;
  }

  /**
   * The interpolation weight γ(h) of a context node (1 when it has no continuations): the back-off weight of the
   * equivalent backoff model, as written to ARPA files.
   *
   * @example
   * ```ts
   * lm.backoffWeight(lm.counts.find([lm.vocab.id('the')]));
   * ```
   */
  backoffWeight(node: number): number {
    const total = this.counts.adjTotal[node] as number;
    return total === 0 ? 1 : this.gamma(node, total);
  }

  protected distributionIds(ids: ArrayLike<number>, start: number, end: number): Float64Array {
    const k = this.counts;
    const out = new Float64Array(this.vocab.size).fill(1 / this.predictable);
    out[0] = 0;
    for (let j = end; j >= start; j--) {
      const c = k.find(ids, j, end);
      if (c < 0) break;
      const total = k.adjTotal[c] as number;
      if (total === 0) continue;
      const g = this.gamma(c, total);
      const depth = end - j + 1;
      for (let i = 1; i < out.length; i++) out[i] = (out[i] as number) * g;
      for (let x = k.childStart[c] as number; x < (k.childStart[c + 1] as number); x++) {
        const ch = k.childList[x] as number;
        const a = k.adjusted[ch] as number;
        if (a <= 0) continue;
        const w = k.word[ch] as number;
        out[w] = (out[w] as number) + Math.max(a - this.discountOf(depth, a), 0) / total;
      }
    }
    return out;
  }
}
