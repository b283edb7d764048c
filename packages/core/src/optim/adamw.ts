import * as tf from '@tensorflow/tfjs-core';
import { Adam, type AdamOptions } from './adam';

/** Decides per parameter whether weight decay applies (`true` = decay). */
export type DecayMask = (name: string, param: tf.Variable) => boolean;

/**
 * A `DecayMask` that excludes biases and normalisation parameters: only parameters with 2 or
 * more dimensions (weight matrices, embeddings) are decayed, as nanoGPT and most LM recipes do.
 *
 * @example
 * ```ts
 * new AdamW({ lr: 3e-4, weightDecay: 0.1, decayMask: decayMatricesOnly, params: model });
 * ```
 */
export const decayMatricesOnly: DecayMask = (_name, param) => param.rank >= 2;

/** Options of `AdamW`. */
export interface AdamWOptions extends AdamOptions {
  /** Decoupled weight decay. Default `1e-2` (as PyTorch). */
  weightDecay?: number;
  /** Which parameters are decayed. Default: all (as PyTorch). See `decayMatricesOnly`. */
  decayMask?: DecayMask;
}

/**
 * AdamW (Loshchilov & Hutter) as `torch.optim.AdamW`: the weights are first decayed,
 * `p ← p·(1 − lr·wd)`, then the Adam update runs on the plain gradient. `decayMask` excludes
 * parameters (biases, norms) from the decay; their names are PyTorch names when `params` is given.
 *
 * @example
 * ```ts
 * const opt = new AdamW({ lr: 1e-3, betas: [0.9, 0.95], weightDecay: 0.1, params: model, decayMask: decayMatricesOnly });
 * ```
 */
export class AdamW extends Adam {
  static override readonly typeName: string = 'AdamW';
  readonly decayMask: DecayMask | undefined;

  constructor(options: AdamWOptions = {}) {
    super(options);
    this.decayMask = options.decayMask;
  }

  protected override defaultWeightDecay(): number {
    return 1e-2;
  }

  protected override effectiveGrad(name: string, p: tf.Variable, grad: tf.Tensor): tf.Tensor {
    if (this.weightDecay && (!this.decayMask || this.decayMask(name, p))) {
      p.assign(tf.mul(p, 1 - this.lr * this.weightDecay));
    }
    return grad;
  }
}
