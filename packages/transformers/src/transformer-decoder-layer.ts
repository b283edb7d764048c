import { CrossAttentionCache, type KVCache, MultiHeadAttention } from '@glossa/attention';
import {
  type ActivationFn,
  ArgumentError,
  assertShape,
  Dropout,
  LayerNorm,
  Linear,
  Module,
} from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import {
  type ResolvedLayerOptions,
  resolveLayerOptions,
  type TransformerLayerOptions,
} from './transformer-layer-options';

/** Arguments of {@link TransformerDecoderLayer.forward} (PyTorch's names in camelCase). */
export interface TransformerDecoderLayerArgs {
  /** Self-attention mask `[T, Tk]` (or `[B·H, T, Tk]`, broadcastable to `[B, H, T, Tk]`); bool (`true` = not allowed) or additive float. */
  tgtMask?: tf.Tensor;
  /** Cross-attention mask `[T, S]` (same forms as `tgtMask`). */
  memoryMask?: tf.Tensor;
  /** `[B, Tk]`: padding of the target sequence (with a cache, of the whole prefix). */
  tgtKeyPaddingMask?: tf.Tensor;
  /** `[B, S]`: padding of the memory (encoder output). */
  memoryKeyPaddingMask?: tf.Tensor;
  /** Add a causal mask to the self-attention (offset by the cache length), on top of `tgtMask`. Default `false`. */
  tgtIsCausal?: boolean;
  /**
   * Self-attention KV cache for incremental decoding: `tgt` holds only the new positions, their
   * keys/values are appended and attention covers the whole prefix. One cache per layer.
   */
  cache?: KVCache;
  /**
   * Cross-attention cache for incremental decoding: the first call projects `memory` into it, later
   * calls reuse the projected keys/values (then `memory` may be `null`). One cache per layer.
   */
  crossCache?: CrossAttentionCache;
  /** Also return the per-head attention weights. Default `false`. */
  needWeights?: boolean;
}

/** What {@link TransformerDecoderLayer.forward} returns with `needWeights: true`. */
export interface TransformerDecoderLayerOutput {
  /** `[B, T, D]`. */
  output: tf.Tensor;
  /** Self-attention weights per head `[B, H, T, Tk]`. */
  selfAttnWeights: tf.Tensor;
  /** Cross-attention weights per head `[B, H, T, S]`. */
  crossAttnWeights: tf.Tensor;
}

/**
 * One decoder layer of "Attention Is All You Need": masked self-attention, cross-attention over
 * the encoder output (`memory`) and a feed-forward block, each with a residual connection,
 * LayerNorm and dropout, like PyTorch's `nn.TransformerDecoderLayer` (batch first). Post-norm by
 * default, pre-norm with `normFirst`:
 *
 * ```
 * post-norm: x = norm1(x + SA(x)); x = norm2(x + MHA(x, mem)); x = norm3(x + FF(x))
 * pre-norm:  x = x + SA(norm1(x)); x = x + MHA(norm2(x), mem); x = x + FF(norm3(x))
 * ```
 *
 * Parameters: `self_attn.*`, `multihead_attn.*` (PyTorch `nn.MultiheadAttention` layout),
 * `linear1.*`, `linear2.*`, `norm1.*`, `norm2.*`, `norm3.*`. For incremental decoding pass one
 * `KVCache` per layer as `cache` and only the new target positions as `tgt`.
 *
 * @example
 * ```ts
 * const layer = new TransformerDecoderLayer({ dModel: 16, nhead: 4, dimFeedforward: 32, dropout: 0 });
 * const tgt = tf.randomNormal([2, 5, 16]);    // [B, T, D]
 * const memory = tf.randomNormal([2, 7, 16]); // [B, S, D]
 * const y = layer.forward(tgt, memory, { tgtMask: causalMask(5) }); // [2, 5, 16]
 * // decoding one position at a time:
 * const cache = new KVCache();
 * const y0 = layer.forward(tgt.slice([0, 0, 0], [-1, 1, -1]), memory, { cache }); // [2, 1, 16]
 * ```
 */
export class TransformerDecoderLayer extends Module {
  /** The resolved options (PyTorch defaults filled in). */
  readonly options: Readonly<ResolvedLayerOptions>;
  readonly selfAttn: MultiHeadAttention;
  readonly multiheadAttn: MultiHeadAttention;
  readonly linear1: Linear;
  readonly dropout: Dropout;
  readonly linear2: Linear;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly norm3: LayerNorm;
  readonly dropout1: Dropout;
  readonly dropout2: Dropout;
  readonly dropout3: Dropout;
  private readonly activation: ActivationFn;

  constructor(options: TransformerLayerOptions) {
    super();
    const o = resolveLayerOptions('TransformerDecoderLayer', options);
    const { dModel, nhead, dimFeedforward: F, dropout: p, bias, generator, layerNormEps: eps } = o;
    this.options = o;
    this.activation = o.activationFn;
    const attention = () =>
      new MultiHeadAttention({ embedDim: dModel, numHeads: nhead, dropout: p, bias, generator });
    const norm = () => new LayerNorm({ normalizedShape: dModel, eps, bias });
    this.selfAttn = this.registerModule('self_attn', attention());
    this.multiheadAttn = this.registerModule('multihead_attn', attention());
    this.linear1 = this.registerModule(
      'linear1',
      new Linear({ inFeatures: dModel, outFeatures: F, bias, generator }),
    );
    this.dropout = this.registerModule('dropout', new Dropout({ p, generator }));
    this.linear2 = this.registerModule(
      'linear2',
      new Linear({ inFeatures: F, outFeatures: dModel, bias, generator }),
    );
    this.norm1 = this.registerModule('norm1', norm());
    this.norm2 = this.registerModule('norm2', norm());
    this.norm3 = this.registerModule('norm3', norm());
    this.dropout1 = this.registerModule('dropout1', new Dropout({ p, generator }));
    this.dropout2 = this.registerModule('dropout2', new Dropout({ p, generator }));
    this.dropout3 = this.registerModule('dropout3', new Dropout({ p, generator }));
  }

  /**
   * @param tgt `[B, T, D]` (with a cache: the new positions only)
   * @param memory `[B, S, D]`, the encoder output
   * @returns `[B, T, D]`, or with `needWeights: true` `{ output, selfAttnWeights, crossAttnWeights }`.
   */
  forward(
    tgt: tf.Tensor,
    memory: tf.Tensor | null,
    args?: TransformerDecoderLayerArgs & { needWeights?: false },
  ): tf.Tensor;
  forward(
    tgt: tf.Tensor,
    memory: tf.Tensor | null,
    args: TransformerDecoderLayerArgs & { needWeights: true },
  ): TransformerDecoderLayerOutput;
  forward(
    tgt: tf.Tensor,
    memory: tf.Tensor | null,
    args: TransformerDecoderLayerArgs = {},
  ): tf.Tensor | TransformerDecoderLayerOutput {
    const D = this.options.dModel;
    const { tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, cache, crossCache } = args;
    assertShape('TransformerDecoderLayer.forward(tgt)', tgt.shape, [null, null, D]);
    if (crossCache !== undefined && !(crossCache instanceof CrossAttentionCache)) {
      throw new ArgumentError(
        'TransformerDecoderLayer.forward(crossCache)',
        'a CrossAttentionCache',
        crossCache,
      );
    }
    if (memory === null && !crossCache?.filled) {
      throw new ArgumentError(
        'TransformerDecoderLayer.forward(memory)',
        'a tensor [B, S, D] (null only with a filled crossCache)',
        memory,
      );
    }
    if (memory !== null) {
      assertShape('TransformerDecoderLayer.forward(memory)', memory.shape, [tgt.shape[0]!, null, D]);
    }
    const { tgtIsCausal = false, needWeights = false } = args;
    const result = tf.tidy(() => {
      const w: { self?: tf.Tensor | null; cross?: tf.Tensor | null } = {};
      const sa = (x: tf.Tensor) => {
        const r = this.selfAttn.forward({
          query: x,
          attnMask: tgtMask,
          keyPaddingMask: tgtKeyPaddingMask,
          isCausal: tgtIsCausal,
          cache,
          needWeights,
          averageAttnWeights: false,
        });
        w.self = r.weights;
        return this.dropout1.forward(r.output);
      };
      const mha = (x: tf.Tensor) => {
        const r = this.multiheadAttn.forward({
          query: x,
          key: memory ?? undefined,
          value: memory ?? undefined,
          attnMask: memoryMask,
          cache: crossCache,
          keyPaddingMask: memoryKeyPaddingMask,
          needWeights,
          averageAttnWeights: false,
        });
        w.cross = r.weights;
        return this.dropout2.forward(r.output);
      };
      let x = tgt;
      if (this.options.normFirst) {
        x = tf.add(x, sa(this.norm1.forward(x)));
        x = tf.add(x, mha(this.norm2.forward(x)));
        x = tf.add(x, this.feedForward(this.norm3.forward(x)));
      } else {
        x = this.norm1.forward(tf.add(x, sa(x)));
        x = this.norm2.forward(tf.add(x, mha(x)));
        x = this.norm3.forward(tf.add(x, this.feedForward(x)));
      }
      if (!needWeights) return { output: x };
      return { output: x, selfAttnWeights: w.self!, crossAttnWeights: w.cross! };
    });
    return needWeights ? (result as TransformerDecoderLayerOutput) : result.output;
  }

  private feedForward(x: tf.Tensor): tf.Tensor {
    const h = this.dropout.forward(this.activation(this.linear1.forward(x)));
    return this.dropout3.forward(this.linear2.forward(h));
  }
}
