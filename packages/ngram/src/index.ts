/** @packageDocumentation Statistical n-gram language models: counting, MLE, add-k, Kneser-Ney and stupid backoff, perplexity, sampling, ARPA files. No tensor library. */
export { AddKModel, type AddKOptions } from './add-k';
export { ArpaModel } from './arpa-model';
export { parseArpa } from './arpa-read';
export { toArpa } from './arpa-write';
export type { CountOptions } from './count-options';
export { CountedModel } from './counted-model';
export { ArgumentError, FormatError, NgramError } from './errors';
export { modifiedDiscounts } from './kn-discounts';
export { KneserNeyModel, type KneserNeyOptions } from './kneser-ney';
export { type Evaluation, type GenerateOptions, LanguageModel, type ScoreOptions } from './language-model';
export { MleModel } from './mle';
export { countNgrams, NgramCounts } from './ngram-counts';
export { seededRandom } from './random';
export { StupidBackoffModel, type StupidBackoffOptions } from './stupid-backoff';
export { type SimpleTokenizeOptions, simpleSentences, simpleTokenize } from './tokenize';
export { modelFromCounts, type Smoothing, type TrainOptions, trainLanguageModel } from './train';
export { Vocabulary, type VocabularyOptions } from './vocabulary';
