/** @packageDocumentation BLEU and chrF identical to sacreBLEU, ROUGE identical to rouge-score, perplexity and classification metrics. No tensor library. */

export {
  type BleuOptions,
  type BleuSegmentStats,
  bleuSignature,
  corpusBleu,
  type ResolvedBleuOptions,
  sentenceBleu,
} from './bleu.js';
export {
  BLEU_SMOOTH_DEFAULTS,
  BLEU_SMOOTH_METHODS,
  BleuScore,
  type BleuSmoothMethod,
  computeBleu,
} from './bleu-score.js';
export {
  BLEU_TOKENIZERS,
  type BleuTokenizerName,
  getBleuTokenizer,
  tokenize13a,
  tokenizeChar,
  tokenizeIntl,
  tokenizeZh,
} from './bleu-tokenizers.js';
export {
  aggregateRouge,
  type BootstrapOptions,
  type PairedBootstrapResult,
  pairedBootstrapBleu,
  type RougeAggregate,
} from './bootstrap.js';
export { type ChrfOptions, ChrfScore, corpusChrf, sentenceChrf } from './chrf.js';
export {
  type Average,
  accuracy,
  classificationReport,
  confusionMatrix,
  type Label,
  type PrfScore,
  perClassScores,
  precisionRecallF1,
} from './classification.js';
export { ArgumentError, EmptyInputError, LengthMismatchError, MetricsError } from './errors.js';
export {
  type LanguageModelScore,
  languageModelScore,
  type PerplexityOptions,
  perplexity,
  targetNll,
} from './perplexity.js';
export { porterStem } from './porter-stemmer.js';
export { createRng, type Rng } from './random.js';
export { type RougeScore, type RougeScorerInstance, type RougeScorerOptions, rougeScorer } from './rouge.js';
export { type RougeTokenizer, rougeDefaultTokenize, rougeUnicodeTokenize } from './rouge-tokenizer.js';
export { type EntitySpan, entityScores, entitySpans, type SpanMode, tokenScores } from './seqeval.js';
export { SACREBLEU_VERSION } from './signature.js';
export { type SlidingWindowOptions, slidingWindowPerplexity, type WindowScorer } from './sliding-window.js';
// The CLI (runCli) is exported from '@glossa/metrics/cli' so that this entry stays free of Node APIs.
