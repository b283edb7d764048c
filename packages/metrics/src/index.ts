/** @packageDocumentation BLEU and chrF identical to sacreBLEU, ROUGE identical to rouge-score, perplexity and classification metrics. No tensor library. */
export {};
