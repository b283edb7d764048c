import { MultiHeadAttention } from '@glossa/attention';
import { type ActivationFn, assertShape, Dropout, LayerNorm, Linear, Module } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import {
  type ResolvedLayerOptions,
  resolveLayerOptions,
  type TransformerLayerOptions,
} from './transformer-layer-options';

/** Arguments of {@link TransformerEncoderLayer.forward} (PyTorch's names in camelCase). */
export interface TransformerEncoderLayerArgs {
  /** `[T, T]`, `[B·H, T, T]` or broadcastable to `[B, H, T, T]`; bool (`true` = not allowed) or additive float. */
  srcMask?: tf.Tensor;
  /** `[B, T]`; bool (`true` = padding) or additive float. */
  srcKeyPaddingMask?: tf.Tensor;
  /** Add a causal mask (position `i` sees `j ≤ i`), on top of `srcMask` if given. Default `false`. */
  isCausal?: boolean;
  /** Also return the per-head self-attention weights. Default `false`. */
  needWeights?: boolean;
}

/** What {@link TransformerEncoderLayer.forward} returns with `needWeights: true`. */
export interface TransformerEncoderLayerOutput {
  /** `[B, T, D]`. */
  output: tf.Tensor;
  /** Self-attention weights per head `[B, H, T, T]` (for attention maps). */
  selfAttnWeights: tf.Tensor;
}

/**
 * One encoder layer of "Attention Is All You Need": self-attention and a feed-forward block, each
 * with a residual connection, LayerNorm and dropout, like PyTorch's `nn.TransformerEncoderLayer`
 * (batch first). Post-norm by default (`x = norm1(x + SA(x)); x = norm2(x + FF(x))`), pre-norm with
 * `normFirst` (`x = x + SA(norm1(x)); x = x + FF(norm2(x))`); `FF(x) = linear2(dropout(act(linear1(x))))`.
 *
 * Parameters have PyTorch's names and layouts: `self_attn.in_proj_weight` `[3D, D]`,
 * `self_attn.in_proj_bias`, `self_attn.out_proj.{weight,bias}`, `linear1.{weight,bias}`
 * `[F, D]`, `linear2.{weight,bias}` `[D, F]`, `norm1.*`, `norm2.*`.
 *
 * @example
 * ```ts
 * const layer = new TransformerEncoderLayer({ dModel: 16, nhead: 4, dimFeedforward: 32, dropout: 0 });
 * layer.loadStateDict(torchState);                       // PyTorch state_dict() names
 * const src = tf.randomNormal([2, 5, 16]);               // [B, T, D]
 * const y = layer.forward(src, { srcKeyPaddingMask: keyPaddingMaskFromLengths([5, 3], 5) }); // [2, 5, 16]
 * const { selfAttnWeights } = layer.forward(src, { needWeights: true }); // [2, 4, 5, 5]
 * ```
 */
export class TransformerEncoderLayer extends Module {
  /** The resolved options (PyTorch defaults filled in). */
  readonly options: Readonly<ResolvedLayerOptions>;
  readonly selfAttn: MultiHeadAttention;
  readonly linear1: Linear;
  readonly dropout: Dropout;
  readonly linear2: Linear;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly dropout1: Dropout;
  readonly dropout2: Dropout;
  private readonly activation: ActivationFn;

  constructor(options: TransformerLayerOptions) {
    super();
    const o = resolveLayerOptions('TransformerEncoderLayer', options);
    const { dModel, nhead, dimFeedforward: F, dropout: p, bias, generator, layerNormEps: eps } = o;
    this.options = o;
    this.activation = o.activationFn;
    this.selfAttn = this.registerModule(
      'self_attn',
      new MultiHeadAttention({ embedDim: dModel, numHeads: nhead, dropout: p, bias, generator }),
    );
    this.linear1 = this.registerModule(
      'linear1',
      new Linear({ inFeatures: dModel, outFeatures: F, bias, generator }),
    );
    this.dropout = this.registerModule('dropout', new Dropout({ p, generator }));
    this.linear2 = this.registerModule(
      'linear2',
      new Linear({ inFeatures: F, outFeatures: dModel, bias, generator }),
    );
    this.norm1 = this.registerModule('norm1', new LayerNorm({ normalizedShape: dModel, eps, bias }));
    this.norm2 = this.registerModule('norm2', new LayerNorm({ normalizedShape: dModel, eps, bias }));
    this.dropout1 = this.registerModule('dropout1', new Dropout({ p, generator }));
    this.dropout2 = this.registerModule('dropout2', new Dropout({ p, generator }));
  }

  /**
   * @param src `[B, T, D]`
   * @returns `[B, T, D]`, or with `needWeights: true` `{ output, selfAttnWeights }`.
   */
  forward(src: tf.Tensor, args?: TransformerEncoderLayerArgs & { needWeights?: false }): tf.Tensor;
  forward(
    src: tf.Tensor,
    args: TransformerEncoderLayerArgs & { needWeights: true },
  ): TransformerEncoderLayerOutput;
  forward(src: tf.Tensor, args: TransformerEncoderLayerArgs = {}): tf.Tensor | TransformerEncoderLayerOutput {
    assertShape('TransformerEncoderLayer.forward(src)', src.shape, [null, null, this.options.dModel]);
    const { srcMask, srcKeyPaddingMask, isCausal = false, needWeights = false } = args;
    const result = tf.tidy(() => {
      const w: { self?: tf.Tensor | null } = {};
      const sa = (x: tf.Tensor) => {
        const r = this.selfAttn.forward({
          query: x,
          attnMask: srcMask,
          keyPaddingMask: srcKeyPaddingMask,
          isCausal,
          needWeights,
          averageAttnWeights: false,
        });
        w.self = r.weights;
        return this.dropout1.forward(r.output);
      };
      let x = src;
      if (this.options.normFirst) {
        x = tf.add(x, sa(this.norm1.forward(x)));
        x = tf.add(x, this.feedForward(this.norm2.forward(x)));
      } else {
        x = this.norm1.forward(tf.add(x, sa(x)));
        x = this.norm2.forward(tf.add(x, this.feedForward(x)));
      }
      return needWeights ? { output: x, selfAttnWeights: w.self! } : { output: x };
    });
    return needWeights ? (result as TransformerEncoderLayerOutput) : result.output;
  }

  private feedForward(x: tf.Tensor): tf.Tensor {
    const h = this.dropout.forward(this.activation(this.linear1.forward(x)));
    return this.dropout2.forward(this.linear2.forward(h));
  }
}
