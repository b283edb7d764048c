/**
 * @packageDocumentation
 * RNN, LSTM and GRU layers with PyTorch layouts, bidirectional stacks, seq2seq with attention and an
 * ELMo-style biLM on glossa's tensor layer.
 */

export * from './bilm';
export * from './gradient-norms';
export * from './gru';
export * from './gru-cell';
export * from './language-model';
export * from './lstm';
export * from './lstm-cell';
export type { PaddingOptions } from './ops/padding';
export type { CellState, RecurrentCellOptions } from './recurrent-cell';
export * from './recurrent-factory';
export {
  type RecurrentForwardOptions,
  RecurrentLayer,
  type RecurrentOptions,
  type RecurrentOutput,
} from './recurrent-layer';
export * from './recurrent-state';
export * from './rnn';
export * from './rnn-cell';
export * from './scalar-mix';
export * from './seq2seq';
export * from './sequence-classifier';
export type { SequenceEncoderOptions } from './sequence-encoder';
export * from './sequence-tagger';
export * from './truncated-bptt';
