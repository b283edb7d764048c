import { AddKModel } from './add-k';
import type { CountOptions } from './count-options';
import type { CountedModel } from './counted-model';
import { ArgumentError } from './errors';
import { KneserNeyModel } from './kneser-ney';
import { MleModel } from './mle';
import { countNgrams, NgramCounts } from './ngram-counts';
import { StupidBackoffModel } from './stupid-backoff';

/** The smoothing methods of {@link trainLanguageModel}. */
export type Smoothing = 'mle' | 'laplace' | 'add-k' | 'kneser-ney' | 'modified-kneser-ney' | 'stupid-backoff';

/** Options of {@link trainLanguageModel}: counting options plus the smoothing and its parameter. */
export interface TrainOptions extends Omit<CountOptions, 'order'> {
  /** Highest n-gram order, an integer >= 1. */
  order: number;
  /** Smoothing method. Default `'kneser-ney'`. */
  smoothing?: Smoothing;
  /** Pseudo-count of `'add-k'` (> 0). Default 1. */
  k?: number;
  /** Discount of `'kneser-ney'` in (0, 1] (fallback of `'modified-kneser-ney'`). Default 0.75. */
  discount?: number;
  /** Back-off factor of `'stupid-backoff'` in (0, 1]. Default 0.4. */
  alpha?: number;
}

const METHODS: readonly Smoothing[] = [
  'mle',
  'laplace',
  'add-k',
  'kneser-ney',
  'modified-kneser-ney',
  'stupid-backoff',
];

/**
 * Builds a smoothed model from already-counted n-grams.
 *
 * @example
 * ```ts
 * const counts = countNgrams(sentences, { order: 3, minCount: 2 });
 * const kn = modelFromCounts(counts, { smoothing: 'kneser-ney' });
 * ```
 */
export function modelFromCounts(
  counts: NgramCounts,
  options: Omit<TrainOptions, 'order'> = {},
): CountedModel {
  if (!(counts instanceof NgramCounts)) throw new ArgumentError('counts', 'an NgramCounts', counts);
  const smoothing = options.smoothing ?? 'kneser-ney';
  switch (smoothing) {
    case 'mle':
      return new MleModel(counts);
    case 'laplace':
      return new AddKModel(counts, { k: 1 });
    case 'add-k':
      return new AddKModel(counts, { k: options.k ?? 1 });
    case 'kneser-ney':
      return new KneserNeyModel(counts, { discount: options.discount ?? 0.75 });
    case 'modified-kneser-ney':
      return new KneserNeyModel(counts, { discount: options.discount ?? 0.75, modified: true });
    case 'stupid-backoff':
      return new StupidBackoffModel(counts, { alpha: options.alpha ?? 0.4 });
    default:
      throw new ArgumentError('options.smoothing', `one of ${METHODS.join(', ')}`, smoothing);
  }
}

/**
 * Counts n-grams in pre-tokenised sentences and returns the smoothed model in one call.
 *
 * @example
 * ```ts
 * const lm = trainLanguageModel([['the', 'cat', 'sat'], ['the', 'dog', 'sat']], {
 *   order: 3, smoothing: 'kneser-ney', minCount: 1,
 * });
 * lm.perplexity([['the', 'cat', 'sat']]);
 * ```
 */
export function trainLanguageModel(
  sentences: Iterable<readonly string[]>,
  options: TrainOptions,
): CountedModel {
  if (options === undefined || typeof options !== 'object') {
    throw new ArgumentError('options', 'an object with an integer order >= 1', options);
  }
  if (options.smoothing !== undefined && !METHODS.includes(options.smoothing)) {
    throw new ArgumentError('options.smoothing', `one of ${METHODS.join(', ')}`, options.smoothing);
  }
  return modelFromCounts(countNgrams(sentences, options), options);
}
