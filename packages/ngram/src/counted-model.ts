import { LanguageModel } from './language-model';
import type { NgramCounts } from './ngram-counts';
import type { Vocabulary } from './vocabulary';

/**
 * Base of the models estimated from {@link NgramCounts}: gives them the order, the vocabulary and the count trie.
 * Several models (MLE, add-k, Kneser-Ney, stupid backoff) can share one set of counts.
 *
 * @example
 * ```ts
 * const counts = countNgrams(sentences, { order: 3 });
 * const kn = new KneserNeyModel(counts);
 * const addK = new AddKModel(counts, { k: 0.1 });
 * ```
 */
export abstract class CountedModel extends LanguageModel {
  readonly order: number;
  readonly vocab: Vocabulary;
  readonly counts: NgramCounts;
  /** Number of tokens a model distributes probability over: the vocabulary minus `<s>`. */
  protected readonly predictable: number;

  constructor(counts: NgramCounts) {
    super();
    this.counts = counts.finalize();
    this.order = counts.order;
    this.vocab = counts.vocab;
    this.predictable = counts.vocab.size - 1;
  }
}
