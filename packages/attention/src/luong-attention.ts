import { ArgumentError, type Generator, getDefaultGenerator, Linear, Module } from '@glossa/core';
import { checkDims } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { RnnAttentionArgs } from './additive-attention';
import { maskedSoftmax } from './masked-softmax';
import { checkRnnInputs } from './rnn-attention-inputs';

/** Luong's score functions. */
export type LuongScore = 'dot' | 'general' | 'concat';

/** Options of {@link LuongAttention}. */
export interface LuongAttentionOptions {
  /** `dot`: `h_tᵀ h_s`; `general`: `h_tᵀ W_a h_s`; `concat`: `v_aᵀ tanh(W_a [h_t; h_s])`. Default `'general'`. */
  score?: LuongScore;
  /** Decoder state size `Dq`. */
  queryDim: number;
  /** Encoder state size `Dk`. Default `queryDim` (required equal for `dot`). */
  keyDim?: number;
  /** Hidden size of the `concat` score and of the local-p position predictor. Default `queryDim`. */
  hiddenDim?: number;
  /**
   * Local attention with half-window `D`: `'monotonic'` (local-m, `p_t = t`) attends to
   * `|s − p_t| ≤ D`; `'predictive'` (local-p) predicts `p_t = S·sigmoid(v_pᵀ tanh(W_p h_t))` and
   * also multiplies the weights by `exp(−(s − p_t)² / (2σ²))`, `σ = D/2`. Default: global attention.
   */
  local?: { window: number; mode: 'monotonic' | 'predictive' };
  /** Randomness for initialisation. Default: core's default generator. */
  generator?: Generator;
}

/**
 * Luong (multiplicative) attention (Luong, Pham & Manning 2015) with the dot, general and concat
 * scores and the local-m / local-p variants. Parameters: `W_a.weight` (`[Dq, Dk]` for general,
 * `[hidden, Dq + Dk]` for concat), `v_a.weight` `[1, hidden]`, local-p `W_p.weight` `[hidden, Dq]`,
 * `v_p.weight` `[1, hidden]` (no biases).
 *
 * @example
 * ```ts
 * const attn = new LuongAttention({ score: 'general', queryDim: 32, local: { window: 4, mode: 'predictive' } });
 * const { output, weights } = attn.forward({ query: ht, key: hs }); // ht [B, 1, 32], hs [B, S, 32]
 * ```
 */
export class LuongAttention extends Module {
  readonly score: LuongScore;
  readonly queryDim: number;
  readonly keyDim: number;
  readonly local: LuongAttentionOptions['local'];
  readonly W_a: Linear | null = null;
  readonly v_a: Linear | null = null;
  readonly W_p: Linear | null = null;
  readonly v_p: Linear | null = null;

  constructor(options: LuongAttentionOptions) {
    super();
    const {
      score = 'general',
      queryDim,
      keyDim = queryDim,
      hiddenDim = queryDim,
      local,
      generator = getDefaultGenerator(),
    } = options ?? {};
    checkDims('LuongAttention', { queryDim, keyDim, hiddenDim });
    if (!['dot', 'general', 'concat'].includes(score)) {
      throw new ArgumentError('LuongAttention(score)', "'dot', 'general' or 'concat'", score);
    }
    if (score === 'dot' && keyDim !== queryDim) {
      throw new ArgumentError(
        'LuongAttention(keyDim)',
        `queryDim (${queryDim}), as the dot score needs keyDim = queryDim`,
        keyDim,
      );
    }
    if (local && !(local.window >= 0)) {
      throw new ArgumentError('LuongAttention(local.window)', 'a number >= 0', local.window);
    }
    if (local && !['monotonic', 'predictive'].includes(local.mode)) {
      throw new ArgumentError('LuongAttention(local.mode)', "'monotonic' or 'predictive'", local.mode);
    }
    this.score = score;
    this.queryDim = queryDim;
    this.keyDim = keyDim;
    this.local = local;
    const lin = (i: number, o: number) =>
      new Linear({ inFeatures: i, outFeatures: o, bias: false, generator });
    if (score === 'general') this.W_a = this.registerModule('W_a', lin(keyDim, queryDim));
    if (score === 'concat') {
      this.W_a = this.registerModule('W_a', lin(queryDim + keyDim, hiddenDim));
      this.v_a = this.registerModule('v_a', lin(hiddenDim, 1));
    }
    if (local?.mode === 'predictive') {
      this.W_p = this.registerModule('W_p', lin(queryDim, hiddenDim));
      this.v_p = this.registerModule('v_p', lin(hiddenDim, 1));
    }
  }

  /**
   * @param args.queryOffset local-m: absolute target position of the first query (default 0).
   * @returns `output` (context vectors) `[B, Tq, Dv]`, `weights` `[B, Tq, Tk]` and, for local
   * attention, the aligned `positions` `p_t` `[B, Tq]`.
   */
  forward(args: RnnAttentionArgs & { queryOffset?: number }): {
    output: tf.Tensor;
    weights: tf.Tensor;
    positions?: tf.Tensor;
  } {
    const { query, key, value = args.key, keyPaddingMask, queryOffset = 0 } = args;
    const [B, Tq, Tk] = checkRnnInputs(
      'LuongAttention',
      query,
      key,
      value,
      keyPaddingMask,
      this.queryDim,
      this.keyDim,
    );
    return tf.tidy(() => {
      const scores = this.scores(query, key, B, Tq, Tk);
      const pad = keyPaddingMask && tf.reshape(keyPaddingMask, [B, 1, Tk]);
      if (!this.local) {
        const weights = maskedSoftmax(scores, pad);
        return { output: tf.matMul(weights, value), weights };
      }
      const D = this.local.window;
      const s = tf.reshape(tf.range(0, Tk, 1, 'float32'), [1, 1, Tk]);
      const positions =
        this.local.mode === 'monotonic'
          ? tf.tile(tf.reshape(tf.range(queryOffset, queryOffset + Tq, 1, 'float32'), [1, Tq]), [B, 1])
          : tf.mul(tf.sigmoid(tf.reshape(this.v_p!.forward(tf.tanh(this.W_p!.forward(query))), [B, Tq])), Tk);
      const dist = tf.sub(s, tf.reshape(positions, [B, Tq, 1])); // s − p_t, [B, Tq, Tk]
      const outside = tf.greater(tf.abs(dist), D);
      let weights = maskedSoftmax(scores, pad, outside);
      if (this.local.mode === 'predictive') {
        const sigma = D / 2;
        weights = tf.mul(weights, tf.exp(tf.div(tf.neg(tf.square(dist)), 2 * sigma * sigma)));
      }
      return { output: tf.matMul(weights, value), weights, positions };
    });
  }

  private scores(query: tf.Tensor, key: tf.Tensor, B: number, Tq: number, Tk: number): tf.Tensor {
    if (this.score === 'dot') return tf.matMul(query, key, false, true);
    if (this.score === 'general') return tf.matMul(query, this.W_a!.forward(key), false, true);
    // concat: W_a [h_t; h_s] = W_q h_t + W_s h_s with W_a = [W_q | W_s], then v_aᵀ tanh(·).
    const W = this.W_a!.weight;
    const wq = tf.slice(W, [0, 0], [-1, this.queryDim]);
    const ws = tf.slice(W, [0, this.queryDim], [-1, this.keyDim]);
    const hq = tf.reshape(tf.matMul(tf.reshape(query, [-1, this.queryDim]), wq, false, true), [B, Tq, 1, -1]);
    const hs = tf.reshape(tf.matMul(tf.reshape(key, [-1, this.keyDim]), ws, false, true), [B, 1, Tk, -1]);
    return tf.reshape(this.v_a!.forward(tf.tanh(tf.add(hq, hs))), [B, Tq, Tk]);
  }
}
