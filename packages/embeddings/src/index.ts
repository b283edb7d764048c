/** @packageDocumentation One-hot and word2vec (CBOW, skip-gram) embeddings, an NNLM, and gensim-compatible vector queries and file formats. */
export {};
