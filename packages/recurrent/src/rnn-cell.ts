import { ArgumentError } from '@glossa/core';
import { rnnMath } from './ops/rnn-math';
import { RecurrentCell, type RecurrentCellOptions } from './recurrent-cell';

/** Options of {@link RNNCell}. */
export interface RNNCellOptions extends RecurrentCellOptions {
  /** `'tanh'` (default) or `'relu'`. */
  nonlinearity?: 'tanh' | 'relu';
}

/**
 * One Elman RNN step with `torch.nn.RNNCell`'s parameters: `h' = act(W_ih x + b_ih + W_hh h + b_hh)`.
 *
 * @example
 * ```ts
 * const cell = new RNNCell({ inputSize: 8, hiddenSize: 16, nonlinearity: 'relu' });
 * const { h } = cell.forward(x); // x [B, 8] → h [B, 16]
 * ```
 */
export class RNNCell extends RecurrentCell {
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(options: RNNCellOptions) {
    const nonlinearity = options?.nonlinearity ?? 'tanh';
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
      throw new ArgumentError('RNNCell(nonlinearity)', "'tanh' or 'relu'", nonlinearity);
    }
    super('RNNCell', rnnMath(nonlinearity), options);
    this.nonlinearity = nonlinearity;
  }
}
