/**
 * @packageDocumentation
 * Transformers for glossa: PyTorch-compatible encoder/decoder layers and stacks, and GPT
 * (nanoGPT structure) with Hugging Face GPT-2 checkpoint import.
 */

export * from './bert';
export * from './bert-collator';
export * from './bert-config';
export * from './bert-heads';
export { initBertWeights } from './bert-init';
export {
  type BertFromPretrainedOptions,
  type BertSavePretrainedOptions,
  bertFromHFState,
  loadBertVocab,
} from './bert-pretrained';
export * from './gpt';
export type { GPTConfigFields, HFGPT2Config } from './hf-gpt2';
export * from './seq2seq-config';
export * from './seq2seq-transformer';
export { generateText, streamText, type TextGenerationOptions, type TextTokenizer } from './text-generation';
export * from './transformer-decoder';
export * from './transformer-decoder-layer';
export * from './transformer-encoder';
export * from './transformer-encoder-layer';
export type { ResolvedLayerOptions, TransformerLayerOptions } from './transformer-layer-options';
export {
  type AttentionMaps,
  attentionMaps,
  type TranslateOptions,
  type TranslationModel,
  type TranslationTokenizer,
} from './translation';
