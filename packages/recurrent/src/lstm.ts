import { ArgumentError } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { lstmMath } from './ops/lstm-math';
import { RecurrentLayer, type RecurrentOptions } from './recurrent-layer';

/** Options of {@link LSTM}. */
export interface LSTMOptions extends RecurrentOptions {
  /**
   * Initial value of each forget gate's bias (`b_if` in `bias_ih`, with `b_hf` in `bias_hh` set to 0),
   * as Keras's `unit_forget_bias` (1) and Jozefowicz et al. (2015) recommend for long-range memory.
   * Default: none, i.e. PyTorch's U(±1/√H) like every other bias.
   */
  forgetBias?: number;
}

/**
 * A multi-layer, optionally bidirectional LSTM with `torch.nn.LSTM`'s semantics and parameters
 * (`batch_first=True`): per layer and direction `weight_ih_l{k}` `[4H, In]`, `weight_hh_l{k}`
 * `[4H, H]`, `bias_ih_l{k}`, `bias_hh_l{k}` `[4H]` (gate order i, f, g, o; `_reverse` suffix for the
 * backward direction), so `loadStateDict(torchModel.state_dict())` works unchanged.
 *
 * `i = σ(W_ii x + b_ii + W_hi h + b_hi)`, `f`, `o` alike, `g = tanh(…)`, `c' = f ⊙ c + i ⊙ g`,
 * `h' = o ⊙ tanh(c')`. Per step: one `[B, H] × [H, 4H]` product for all gates and one fused cell
 * kernel (cpu, wasm); the input projections of the whole sequence are one product.
 *
 * @example
 * ```ts
 * const lstm = new LSTM({ inputSize: 8, hiddenSize: 16, numLayers: 2, bidirectional: true });
 * const { output, hN, cN } = lstm.forward(x, { lengths: [5, 3] });
 * // x [2, 5, 8] → output [2, 5, 32], hN and cN [4, 2, 16]; output is 0 at row 1's steps 3–4
 * ```
 */
export class LSTM extends RecurrentLayer {
  constructor(options: LSTMOptions) {
    super('LSTM', lstmMath, options);
    const fb = options?.forgetBias;
    if (fb === undefined) return;
    if (typeof fb !== 'number' || !Number.isFinite(fb)) {
      throw new ArgumentError('LSTM(forgetBias)', 'a finite number', fb);
    }
    if (!this.bias) throw new ArgumentError('LSTM(forgetBias)', 'no forgetBias when bias is false', fb);
    const H = this.hiddenSize;
    const gate = (v: number, keep: tf.Tensor) =>
      tf.concat([tf.slice(keep, 0, H), tf.fill([H], v), tf.slice(keep, 2 * H)]);
    for (const w of this.weights) {
      tf.tidy(() => {
        (w.bih as tf.Variable).assign(gate(fb, w.bih as tf.Variable));
        (w.bhh as tf.Variable).assign(gate(0, w.bhh as tf.Variable));
      });
    }
  }
}
