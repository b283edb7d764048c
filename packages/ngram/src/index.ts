/** @packageDocumentation Statistical n-gram language models: counting, MLE, add-k, Kneser-Ney and stupid backoff, perplexity, sampling, ARPA files. No tensor library. */
export {};
