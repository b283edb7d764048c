/**
 * @packageDocumentation
 * RNN, LSTM and GRU layers with PyTorch layouts, bidirectional stacks, seq2seq with attention and an
 * ELMo-style biLM on glossa's tensor layer.
 */

export * from './gru';
export * from './lstm';
export type { PaddingOptions } from './ops/padding';
export type { RecurrentForwardOptions, RecurrentOptions, RecurrentOutput } from './recurrent-layer';
export * from './rnn';
