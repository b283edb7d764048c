/** @packageDocumentation BLEU and chrF identical to sacreBLEU, ROUGE identical to rouge-score, perplexity and classification metrics. No tensor library. */

export {
  type BleuOptions,
  type BleuSegmentStats,
  bleuSignature,
  corpusBleu,
  type ResolvedBleuOptions,
  sentenceBleu,
} from './bleu';
export {
  BLEU_SMOOTH_DEFAULTS,
  BLEU_SMOOTH_METHODS,
  BleuScore,
  type BleuSmoothMethod,
  computeBleu,
} from './bleu-score';
export {
  BLEU_TOKENIZERS,
  type BleuTokenizerName,
  getBleuTokenizer,
  tokenize13a,
  tokenizeChar,
  tokenizeIntl,
  tokenizeZh,
} from './bleu-tokenizers';
export {
  aggregateRouge,
  type BootstrapOptions,
  type PairedBootstrapResult,
  pairedBootstrapBleu,
  type RougeAggregate,
} from './bootstrap';
export { type ChrfOptions, ChrfScore, corpusChrf, sentenceChrf } from './chrf';
export {
  type Average,
  accuracy,
  classificationReport,
  confusionMatrix,
  type Label,
  type PrfScore,
  perClassScores,
  precisionRecallF1,
} from './classification';
export { ArgumentError, EmptyInputError, LengthMismatchError, MetricsError } from './errors';
export {
  type LanguageModelScore,
  languageModelScore,
  type PerplexityOptions,
  perplexity,
  targetNll,
} from './perplexity';
export { porterStem } from './porter-stemmer';
export { createRng, type Rng } from './random';
export { type RougeScore, type RougeScorerInstance, type RougeScorerOptions, rougeScorer } from './rouge';
export { type RougeTokenizer, rougeDefaultTokenize, rougeUnicodeTokenize } from './rouge-tokenizer';
export { type EntitySpan, entityScores, entitySpans, type SpanMode, tokenScores } from './seqeval';
export { SACREBLEU_VERSION } from './signature';
export { type SlidingWindowOptions, slidingWindowPerplexity, type WindowScorer } from './sliding-window';
// The CLI (runCli) is exported from '@glossa/metrics/cli' so that this entry stays free of Node APIs.
