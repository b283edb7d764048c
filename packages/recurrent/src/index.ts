/**
 * @packageDocumentation
 * RNN, LSTM and GRU layers with PyTorch layouts, bidirectional stacks, seq2seq with attention and an
 * ELMo-style biLM on glossa's tensor layer.
 */

export * from './gru';
export * from './gru-cell';
export * from './lstm';
export * from './lstm-cell';
export type { PaddingOptions } from './ops/padding';
export type { CellState, RecurrentCellOptions } from './recurrent-cell';
export type { RecurrentForwardOptions, RecurrentOptions, RecurrentOutput } from './recurrent-layer';
export * from './rnn';
export * from './rnn-cell';
