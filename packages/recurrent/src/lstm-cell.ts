import { lstmMath } from './ops/lstm-math';
import { RecurrentCell, type RecurrentCellOptions } from './recurrent-cell';

/**
 * One LSTM step with `torch.nn.LSTMCell`'s parameters (`weight_ih` `[4H, In]`, `weight_hh` `[4H, H]`,
 * `bias_ih`, `bias_hh` `[4H]`, gates i, f, g, o); the element-wise part is one fused kernel (with its
 * gradient) on cpu and wasm.
 *
 * @example
 * ```ts
 * const cell = new LSTMCell({ inputSize: 8, hiddenSize: 16 });
 * let state = cell.forward(x0);           // x0 [B, 8] → { h, c } [B, 16]
 * state = cell.forward(x1, state);
 * ```
 */
export class LSTMCell extends RecurrentCell {
  constructor(options: RecurrentCellOptions) {
    super('LSTMCell', lstmMath, options);
  }
}
