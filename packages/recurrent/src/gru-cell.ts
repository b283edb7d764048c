import { gruMath } from './ops/gru-math';
import { RecurrentCell, type RecurrentCellOptions } from './recurrent-cell';

/**
 * One GRU step with `torch.nn.GRUCell`'s parameters (`weight_ih` `[3H, In]`, `weight_hh` `[3H, H]`,
 * `bias_ih`, `bias_hh` `[3H]`, gates r, z, n); the element-wise part is one fused kernel (with its
 * gradient) on cpu and wasm.
 *
 * @example
 * ```ts
 * const cell = new GRUCell({ inputSize: 8, hiddenSize: 16 });
 * const { h } = cell.forward(x, { h: hPrev }); // x [B, 8], hPrev [B, 16] → h [B, 16]
 * ```
 */
export class GRUCell extends RecurrentCell {
  constructor(options: RecurrentCellOptions) {
    super('GRUCell', gruMath, options);
  }
}
