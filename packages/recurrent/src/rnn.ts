import { ArgumentError } from '@glossa/core';
import { rnnMath } from './ops/rnn-math';
import { RecurrentLayer, type RecurrentOptions } from './recurrent-layer';

/** Options of {@link RNN}. */
export interface RNNOptions extends RecurrentOptions {
  /** The non-linearity: `'tanh'` (default) or `'relu'`. */
  nonlinearity?: 'tanh' | 'relu';
}

/**
 * A multi-layer, optionally bidirectional Elman RNN with `torch.nn.RNN`'s semantics and parameters
 * (`batch_first=True`): `h' = act(W_ih x + b_ih + W_hh h + b_hh)`, `weight_ih_l{k}` `[H, In]`,
 * `weight_hh_l{k}` `[H, H]`, `bias_ih_l{k}`, `bias_hh_l{k}` `[H]`, `_reverse` for the backward direction.
 *
 * @example
 * ```ts
 * const rnn = new RNN({ inputSize: 8, hiddenSize: 16, nonlinearity: 'relu' });
 * const { output, hN } = rnn.forward(x); // x [B, T, 8] → output [B, T, 16], hN [1, B, 16]
 * ```
 */
export class RNN extends RecurrentLayer {
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(options: RNNOptions) {
    const nonlinearity = options?.nonlinearity ?? 'tanh';
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
      throw new ArgumentError('RNN(nonlinearity)', "'tanh' or 'relu'", nonlinearity);
    }
    super('RNN', rnnMath(nonlinearity), options);
    this.nonlinearity = nonlinearity;
  }
}
