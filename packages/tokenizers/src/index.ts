/** @packageDocumentation Character, word, BPE (classic and byte-level), WordPiece tokenizers: train, load tiktoken and tokenizer.json, encode with offsets. No tensor library. */
export {};
