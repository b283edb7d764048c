/** @packageDocumentation Character, word, BPE (classic and byte-level), WordPiece tokenizers: train, load tiktoken and tokenizer.json, encode with offsets. No tensor library. */

export { type BertVocabOptions, fromBertVocab } from './bert.js';
export { type CharTokenizerOptions, trainCharTokenizer } from './char.js';
export {
  Encoding,
  type EncodingInit,
  type Offset,
  padEncoding,
  type Side,
  truncateEncoding,
} from './encoding.js';
export { ArgumentError, FormatError, TokenizerError, VocabularyError } from './errors.js';
export { type AddedToken, AddedVocabulary } from './pipeline/added-tokens.js';
export * from './pipeline/bpe-model.js';
export * from './pipeline/decoders.js';
export * from './pipeline/models.js';
export { NormalizedString } from './pipeline/normalized-string.js';
export * from './pipeline/normalizers.js';
export { type OovReport, type PipelineParts, PipelineTokenizer } from './pipeline/pipeline-tokenizer.js';
export * from './pipeline/post-processors.js';
export * from './pipeline/pre-tokenizers.js';
export { fromTokenizerJson } from './pipeline/tokenizer-json.js';
export type { AllowedSpecial } from './special-tokens.js';
export type { StreamDecoder } from './stream.js';
export {
  ENCODINGS,
  type EncodingName,
  type EncodingSpec,
  encodingSpec,
  getEncoding,
} from './tiktoken/encodings.js';
export { formatTiktokenRanks, parseTiktokenRanks } from './tiktoken/ranks.js';
export { fromTiktoken, type TiktokenOptions, TiktokenTokenizer } from './tiktoken/tiktoken.js';
export { TokenTable } from './tiktoken/token-table.js';
export {
  type BatchEncodeOptions,
  type DecodeOptions,
  type EncodeOptions,
  type SpecialTokenRoles,
  Tokenizer,
} from './tokenizer.js';
export { learnMerges, type MergeInput, type TrainProgress } from './train/bpe-trainer.js';
export { type TrainBPEOptions, trainBPE } from './train/train-bpe.js';
export { type Corpus, WordCounter } from './train/word-counter.js';
export { BYTE_TO_CHAR, utf8Bytes, utf8Length } from './utf8.js';
export type { VocabOptions } from './vocab-builder.js';
export { trainWordTokenizer, type WordTokenizerOptions } from './word.js';
