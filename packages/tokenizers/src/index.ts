/** @packageDocumentation Character, word, BPE (classic and byte-level), WordPiece tokenizers: train, load tiktoken and tokenizer.json, encode with offsets. No tensor library. */

export { type BertVocabOptions, fromBertVocab } from './bert';
export { type CharTokenizerOptions, trainCharTokenizer } from './char';
export {
  Encoding,
  type EncodingInit,
  type Offset,
  padEncoding,
  type Side,
  truncateEncoding,
} from './encoding';
export { ArgumentError, FormatError, TokenizerError, VocabularyError } from './errors';
export { type AddedToken, AddedVocabulary } from './pipeline/added-tokens';
export { ByteLevel, GPT2_PATTERN, toByteLevel } from './pipeline/byte-level';
export { decoderFromJson } from './pipeline/decoder-from-json';
export * from './pipeline/decoders';
export { NormalizedString } from './pipeline/normalized-string';
export { normalizerFromJson } from './pipeline/normalizer-from-json';
export * from './pipeline/normalizers';
export { compileOniguruma, patternRegex } from './pipeline/oniguruma';
export { type OovReport, type PipelineParts, PipelineTokenizer } from './pipeline/pipeline-tokenizer';
export { postProcessorFromJson } from './pipeline/post-processor-from-json';
export * from './pipeline/post-processors';
export type { PreTokenizer } from './pipeline/pre-tokenizer';
export { preTokenizerFromJson } from './pipeline/pre-tokenizer-from-json';
export * from './pipeline/pre-tokenizers';
export { BPESegmenter, type BPESegmenterOptions } from './pipeline/segmenters/bpe';
export {
  BPEModel,
  type BPEModelOptions,
  type Model,
  modelFromJson,
  WordLevelModel,
  WordPieceModel,
} from './pipeline/segmenters/deprecated-names';
export { segmenterFromJson, vocabFromJson } from './pipeline/segmenters/from-json';
export type { BPEMerges } from './pipeline/segmenters/merge-rules';
export type { Segmenter, TokenSink } from './pipeline/segmenters/segmenter';
export { type UnigramOptions, UnigramSegmenter } from './pipeline/segmenters/unigram';
export { vocabJson } from './pipeline/segmenters/vocab-segmenter';
export { WordLevelSegmenter } from './pipeline/segmenters/word-level';
export { WordPieceSegmenter } from './pipeline/segmenters/wordpiece';
export { graphemes, Split, type SplitBehavior } from './pipeline/split';
export { fromTokenizerJson, type TokenizerJsonOptions } from './pipeline/tokenizer-json';
export type { AllowedSpecial } from './special-tokens';
export type { StreamDecoder } from './stream';
export {
  type CompactRanks,
  decodeCompactRanks,
  formatCompactRanks,
  isCompactRanks,
} from './tiktoken/compact-ranks';
export type { EncodingName, EncodingOptions, EncodingSpec } from './tiktoken/encoding-spec';
export { ENCODINGS, encodingSpec, getEncoding } from './tiktoken/encodings';
export { fromTiktoken } from './tiktoken/from-tiktoken';
export { type JsTiktokenRanks, parseJsTiktokenRanks } from './tiktoken/js-tiktoken-ranks';
export { loadEncoding } from './tiktoken/load-encoding';
export type { TiktokenOptions } from './tiktoken/options';
export type { RankSource } from './tiktoken/rank-source';
export { formatTiktokenRanks, parseTiktokenRanks } from './tiktoken/ranks';
export { TiktokenTokenizer } from './tiktoken/tiktoken';
export { TokenTable } from './tiktoken/token-table';
export {
  type BatchEncodeOptions,
  type DecodeOptions,
  type EncodeOptions,
  type SpecialTokenRoles,
  Tokenizer,
} from './tokenizer';
export { learnMerges, type MergeInput, type TrainProgress } from './train/bpe-trainer';
export { type TrainBPEOptions, trainBPE } from './train/train-bpe';
export {
  countBertWords,
  type TrainWordPieceOptions,
  trainWordPiece,
  wordPieceVocabText,
} from './train/train-wordpiece';
export { type Corpus, WordCounter } from './train/word-counter';
export { BYTE_TO_CHAR, utf8Bytes, utf8Length } from './utf8';
export type { VocabOptions } from './vocab-builder';
export { trainWordTokenizer, type WordTokenizerOptions } from './word';
