import { gruMath } from './ops/gru-math';
import { RecurrentLayer, type RecurrentOptions } from './recurrent-layer';

/** Options of {@link GRU}. */
export type GRUOptions = RecurrentOptions;

/**
 * A multi-layer, optionally bidirectional GRU with `torch.nn.GRU`'s semantics and parameters
 * (`batch_first=True`): `weight_ih_l{k}` `[3H, In]`, `weight_hh_l{k}` `[3H, H]`, `bias_ih_l{k}`,
 * `bias_hh_l{k}` `[3H]`, gate order r, z, n, `_reverse` for the backward direction.
 *
 * `r = σ(W_ir x + b_ir + W_hr h + b_hr)`, `z` alike, `n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))`,
 * `h' = (1 − z) ⊙ n + z ⊙ h`. Per step: one `[B, H] × [H, 3H]` product and one fused cell kernel.
 *
 * @example
 * ```ts
 * const gru = new GRU({ inputSize: 8, hiddenSize: 16, bidirectional: true });
 * const { output, hN } = gru.forward(x, { h0 }); // x [B, T, 8], h0 [2, B, 16] → output [B, T, 32]
 * ```
 */
export class GRU extends RecurrentLayer {
  constructor(options: GRUOptions) {
    super('GRU', gruMath, options);
  }
}
