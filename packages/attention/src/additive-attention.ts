import { type Generator, getDefaultGenerator, Linear, Module } from '@glossa/core';
import { checkDims } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import { maskedSoftmax } from './masked-softmax';
import { checkRnnInputs } from './rnn-attention-inputs';

/** Options of {@link AdditiveAttention}. */
export interface AdditiveAttentionOptions {
  /** Query (decoder state) size `Dq`. */
  queryDim: number;
  /** Key (encoder annotation) size `Dk`. */
  keyDim: number;
  /** Size of the hidden alignment layer. */
  hiddenDim: number;
  /** Randomness for initialisation. Default: core's default generator. */
  generator?: Generator;
}

/** Inputs of {@link AdditiveAttention.forward} and `LuongAttention.forward`. */
export interface RnnAttentionArgs {
  /** Decoder states `[B, Tq, Dq]` (`Tq = 1` for one decoding step). */
  query: tf.Tensor;
  /** Encoder states `[B, Tk, Dk]`. */
  key: tf.Tensor;
  /** Values `[B, Tk, Dv]`. Default: `key` (the encoder states, as in the papers). */
  value?: tf.Tensor;
  /** `[B, Tk]`, `true` (or `-Infinity`) = padding. Build it with `keyPaddingMaskFromLengths`. */
  keyPaddingMask?: tf.Tensor;
}

/**
 * Additive (Bahdanau, "concat") attention for RNN encoder–decoders (Bahdanau et al. 2015):
 * `score(s, h) = w_vᵀ tanh(W_q s + W_k h)`, weights = softmax over the keys, output = Σ weights·value.
 * Parameters use d2l's names: `W_q.weight` `[hidden, Dq]`, `W_k.weight` `[hidden, Dk]`,
 * `w_v.weight` `[1, hidden]` (no biases).
 *
 * @example
 * ```ts
 * const attn = new AdditiveAttention({ queryDim: 32, keyDim: 64, hiddenDim: 16 });
 * const { output, weights } = attn.forward({ query: s, key: h, keyPaddingMask: keyPaddingMaskFromLengths(lens, 7) });
 * // s [B, 1, 32], h [B, 7, 64] → output [B, 1, 64], weights [B, 1, 7]
 * ```
 */
export class AdditiveAttention extends Module {
  readonly W_q: Linear;
  readonly W_k: Linear;
  readonly w_v: Linear;

  constructor(options: AdditiveAttentionOptions) {
    super();
    const { queryDim, keyDim, hiddenDim, generator = getDefaultGenerator() } = options ?? {};
    checkDims('AdditiveAttention', { queryDim, keyDim, hiddenDim });
    this.W_q = this.registerModule(
      'W_q',
      new Linear({ inFeatures: queryDim, outFeatures: hiddenDim, bias: false, generator }),
    );
    this.W_k = this.registerModule(
      'W_k',
      new Linear({ inFeatures: keyDim, outFeatures: hiddenDim, bias: false, generator }),
    );
    this.w_v = this.registerModule(
      'w_v',
      new Linear({ inFeatures: hiddenDim, outFeatures: 1, bias: false, generator }),
    );
  }

  /** @returns `output` `[B, Tq, Dv]` and `weights` `[B, Tq, Tk]`. */
  forward(args: RnnAttentionArgs): { output: tf.Tensor; weights: tf.Tensor } {
    const { query, key, value = args.key, keyPaddingMask } = args;
    const [B, Tq, Tk] = checkRnnInputs(
      'AdditiveAttention',
      query,
      key,
      value,
      keyPaddingMask,
      this.W_q.inFeatures,
      this.W_k.inFeatures,
    );
    return tf.tidy(() => {
      const q = tf.reshape(this.W_q.forward(query), [B, Tq, 1, -1]);
      const k = tf.reshape(this.W_k.forward(key), [B, 1, Tk, -1]);
      const scores = tf.reshape(this.w_v.forward(tf.tanh(tf.add(q, k))), [B, Tq, Tk]);
      const weights = maskedSoftmax(scores, keyPaddingMask && tf.reshape(keyPaddingMask, [B, 1, Tk]));
      return { output: tf.matMul(weights, value), weights };
    });
  }
}
