import type { Vocabulary, VocabularyOptions } from './vocabulary';

/**
 * Options of {@link countNgrams}. In a module of its own so that the counter (`ngram-counts.ts`) and the
 * interning pass it runs first (`intern.ts`) can both read it without importing each other.
 *
 * @example
 * ```ts
 * const options: CountOptions = { order: 3, minCount: 2 };
 * countNgrams(sentences, options);
 * ```
 */
export interface CountOptions extends VocabularyOptions {
  /** Highest n-gram order (1 = unigrams). Required, an integer in [1, 255]. */
  order: number;
  /** Use this vocabulary instead of building one from the sentences (then `minCount` is ignored). */
  vocabulary?: Vocabulary;
}
