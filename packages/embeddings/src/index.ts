/**
 * @packageDocumentation
 * One-hot and word2vec (CBOW, skip-gram) embeddings, an NNLM, and gensim-compatible vector queries
 * and file formats, on `@glossa/core`.
 */
export { type HuffmanTree, huffmanTree } from './huffman';
export {
  KeyedVectors,
  type MostSimilarOptions,
  type QueryItem,
  type WordSimilarity,
} from './keyed-vectors';
export { LineSentences, type LineSentencesOptions, type LineSource } from './line-sentences';
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
export { Word2Vec, type Word2VecStats } from './word2vec';
export type { Word2VecOptions, Word2VecProgress } from './word2vec-options';
