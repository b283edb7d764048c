import { ArgumentError } from '@glossa/core';
import { GRU } from './gru';
import { LSTM } from './lstm';
import type { RecurrentLayer, RecurrentOptions } from './recurrent-layer';
import { RNN } from './rnn';

/** The recurrent layer types the task heads build (PyTorch's `word_language_model` names, lower-case). */
export type RecurrentType = 'lstm' | 'gru' | 'rnn_tanh' | 'rnn_relu';

/**
 * Builds an `LSTM`, `GRU` or `RNN` (tanh or ReLU) from one options object.
 *
 * @example
 * ```ts
 * const rnn = createRecurrent('gru', { inputSize: 32, hiddenSize: 64, bidirectional: true });
 * ```
 */
export function createRecurrent(type: RecurrentType, options: RecurrentOptions): RecurrentLayer {
  switch (type) {
    case 'lstm':
      return new LSTM(options);
    case 'gru':
      return new GRU(options);
    case 'rnn_tanh':
    case 'rnn_relu':
      return new RNN({ ...options, nonlinearity: type === 'rnn_tanh' ? 'tanh' : 'relu' });
    default:
      throw new ArgumentError('createRecurrent(type)', "'lstm', 'gru', 'rnn_tanh' or 'rnn_relu'", type);
  }
}
