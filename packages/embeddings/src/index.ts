/**
 * @packageDocumentation
 * One-hot and word2vec (CBOW, skip-gram) embeddings, an NNLM, and gensim-compatible vector queries
 * and file formats, on `@glossa/core`.
 */
export { pearson, rankAverage, spearman } from './correlation';
export {
  type AnalogyResult,
  type AnalogySection,
  type EvaluateOptions,
  evaluateWordAnalogies,
  evaluateWordPairs,
  type WordPairsResult,
} from './evaluate';
export { parsePythonFloat, reprFloat32 } from './float-repr';
export { type HuffmanTree, huffmanTree } from './huffman';
export {
  KeyedVectors,
  type MostSimilarOptions,
  type QueryItem,
  type WordSimilarity,
} from './keyed-vectors';
export { LineSentences, type LineSentencesOptions, type LineSource } from './line-sentences';
export {
  NNLM,
  type NNLMData,
  type NNLMEpoch,
  type NNLMOptions,
  nnlmData,
  nnlmPerplexity,
  type TrainNNLMOptions,
  trainNNLM,
} from './nnlm';
export {
  compareOneHotAndDense,
  cosineSimilarityMatrix,
  type OneHotComparison,
  oneHotVectors,
} from './one-hot';
export { type PcaResult, pca } from './pca';
export {
  cumulativeTable,
  drawFromTable,
  keepProbabilities,
  sampleThresholds,
  subsamplingThreshold,
} from './sampling-tables';
export type { SentenceItem, Sentences } from './sentences';
export type { VectorFormat } from './vector-formats';
export { Vocabulary, type VocabularyOptions } from './vocabulary';
export { wasmSimdSupported } from './wasm-kernel';
export { Word2Vec, type Word2VecStats } from './word2vec';
export type { Word2VecOptions, Word2VecProgress } from './word2vec-options';
