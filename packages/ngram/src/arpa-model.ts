import { LanguageModel } from './language-model';
import { NodeTable } from './node-table';
import { Vocabulary } from './vocabulary';

/**
 * A back-off n-gram model read from an ARPA file ({@link parseArpa}): p(w | h) is the listed probability of
 * `h w` when it is listed, else bow(h) · p(w | h′) (bow = 1 for unlisted contexts). Words outside the file's
 * unigrams are scored as `<unk>`; `<s>` is never predicted.
 *
 * @example
 * ```ts
 * const lm = parseArpa(text);
 * lm.prob('cat', ['the']);
 * lm.perplexity([['the', 'cat', 'sat']]);
 * ```
 */
export class ArpaModel extends LanguageModel {
  readonly order: number;
  readonly vocab: Vocabulary;
  private readonly table = new NodeTable();
  private parent = new Int32Array(1024);
  private word = new Int32Array(1024);
  /** log10 probability of each node (NaN for contexts that are not listed themselves). */
  private logp = new Float64Array(1024);
  /** log10 back-off weight of each node. */
  private bow = new Float64Array(1024);
  private nodes = 1;

  /** Creates an empty model; {@link parseArpa} fills it. @example `new ArpaModel(3, vocab)` */
  constructor(order: number, vocab: Vocabulary) {
    super();
    this.order = order;
    this.vocab = vocab;
    this.logp[0] = Number.NaN;
  }

  /** Node of ids[start..end) or -1. */
  private find(ids: ArrayLike<number>, start: number, end: number): number {
    let node = 0;
    for (let i = start; i < end && node >= 0; i++) node = this.table.get(node, ids[i] as number);
    return node;
  }

  /**
   * Adds (or completes) the entry of an n-gram of word ids; missing prefixes become unlisted contexts.
   * Returns false if the n-gram was already listed.
   *
   * @example
   * ```ts
   * model.set([vocab.id('the'), vocab.id('cat')], -0.5, -0.1);
   * ```
   */
  set(ids: readonly number[], log10Prob: number, log10Bow: number): boolean {
    let node = 0;
    for (const w of ids) {
      let next = this.table.get(node, w);
      if (next < 0) {
        if (this.nodes === this.parent.length) this.grow();
        next = this.nodes++;
        this.parent[next] = node;
        this.word[next] = w;
        this.logp[next] = Number.NaN;
        this.bow[next] = 0;
        this.table.insert(node, w, next);
      }
      node = next;
    }
    if (!Number.isNaN(this.logp[node] as number)) return false;
    this.logp[node] = log10Prob;
    this.bow[node] = log10Bow;
    return true;
  }

  private grow(): void {
    const cap = this.parent.length * 2;
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.parent = i32(this.parent);
    this.word = i32(this.word);
    this.logp = f64(this.logp);
    this.bow = f64(this.bow);
  }

  protected probId(w: number, ids: ArrayLike<number>, start: number, end: number): number {
    if (w === Vocabulary.BOS) return 0;
    let acc = 0;
    for (let j = start; j <= end; j++) {
      const ctx = this.find(ids, j, end);
      if (ctx < 0) continue;
      const ng = this.table.get(ctx, w);
      if (ng >= 0 && !Number.isNaN(this.logp[ng] as number)) return 10 ** (acc + (this.logp[ng] as number));
      acc += this.bow[ctx] as number;
    }
    return 0;
  }

  protected distributionIds(ids: ArrayLike<number>, start: number, end: number): Float64Array {
    const out = new Float64Array(this.vocab.size);
    for (let w = 1; w < out.length; w++) out[w] = this.probId(w, ids, start, end);
    return out;
  }
}
