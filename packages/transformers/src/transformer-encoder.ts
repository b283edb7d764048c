import { ArgumentError, assertShape, type LayerNorm, Module, ModuleList } from '@glossa/core';
import { checkDims } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import { TransformerEncoderLayer } from './transformer-encoder-layer';
import { finalNorm, type TransformerLayerOptions } from './transformer-layer-options';

/** Options of {@link TransformerEncoder} (PyTorch's `nn.TransformerEncoder` arguments in camelCase). */
export interface TransformerEncoderOptions {
  /**
   * The layer to stack: its options (every layer initialised independently), or a layer, copied
   * `numLayers` times with its weights (PyTorch's deep copy; the given layer itself is not used and
   * stays the caller's to dispose).
   */
  encoderLayer: TransformerLayerOptions | TransformerEncoderLayer;
  /** Number of layers `N`. */
  numLayers: number;
  /**
   * Final LayerNorm after the last layer (parameters `norm.weight`, `norm.bias`): `true` for
   * `LayerNorm(dModel, layerNormEps)`, or a `LayerNorm` (the stack takes ownership). Pre-norm stacks
   * need it; the post-norm paper model has none. Default none.
   */
  norm?: boolean | LayerNorm;
}

/** Arguments of {@link TransformerEncoder.forward}. */
export interface TransformerEncoderArgs {
  /** Self-attention mask for every layer, as `srcMask` of {@link TransformerEncoderLayer.forward}. */
  mask?: tf.Tensor;
  /** `[B, T]`; bool (`true` = padding) or additive float. */
  srcKeyPaddingMask?: tf.Tensor;
  /** Add a causal mask in every layer. Default `false`. */
  isCausal?: boolean;
  /** Also return every layer's per-head self-attention weights. Default `false`. */
  needWeights?: boolean;
}

/** What {@link TransformerEncoder.forward} returns with `needWeights: true`. */
export interface TransformerEncoderOutput {
  /** `[B, T, D]`. */
  output: tf.Tensor;
  /** One `[B, H, T, T]` tensor per layer. */
  selfAttnWeights: tf.Tensor[];
}

/**
 * A stack of {@link TransformerEncoderLayer}s with an optional final LayerNorm, like PyTorch's
 * `nn.TransformerEncoder`. Parameter names `layers.N.*` and `norm.*`.
 *
 * @example
 * ```ts
 * const encoder = new TransformerEncoder({
 *   encoderLayer: { dModel: 32, nhead: 4, dimFeedforward: 64, normFirst: true },
 *   numLayers: 2,
 *   norm: true,
 * });
 * const memory = encoder.forward(src, { srcKeyPaddingMask }); // [B, S, 32] → [B, S, 32]
 * ```
 */
export class TransformerEncoder extends Module {
  readonly layers: ModuleList<TransformerEncoderLayer>;
  readonly norm: LayerNorm | null;
  readonly numLayers: number;
  /** Model dimension `D`. */
  readonly dModel: number;

  constructor(options: TransformerEncoderOptions) {
    super();
    const { encoderLayer, numLayers, norm } = options ?? ({} as TransformerEncoderOptions);
    checkDims('TransformerEncoder', { numLayers });
    if (encoderLayer === null || typeof encoderLayer !== 'object') {
      throw new ArgumentError(
        'TransformerEncoder(encoderLayer)',
        'layer options or a TransformerEncoderLayer',
        encoderLayer,
      );
    }
    const make = (): TransformerEncoderLayer => {
      if (!(encoderLayer instanceof TransformerEncoderLayer))
        return new TransformerEncoderLayer(encoderLayer);
      const copy = new TransformerEncoderLayer(encoderLayer.options);
      copy.loadStateDict(encoderLayer.stateDict());
      return copy.train(encoderLayer.training);
    };
    this.layers = this.registerModule('layers', new ModuleList(Array.from({ length: numLayers }, make)));
    const first = this.layers.at(0).options;
    this.numLayers = numLayers;
    this.dModel = first.dModel;
    this.norm = finalNorm('TransformerEncoder', norm, first);
    if (this.norm) this.registerModule('norm', this.norm);
  }

  /**
   * @param src `[B, T, D]`
   * @returns `[B, T, D]`, or with `needWeights: true` `{ output, selfAttnWeights }`.
   */
  forward(src: tf.Tensor, args?: TransformerEncoderArgs & { needWeights?: false }): tf.Tensor;
  forward(src: tf.Tensor, args: TransformerEncoderArgs & { needWeights: true }): TransformerEncoderOutput;
  forward(src: tf.Tensor, args: TransformerEncoderArgs = {}): tf.Tensor | TransformerEncoderOutput {
    assertShape('TransformerEncoder.forward(src)', src.shape, [null, null, this.dModel]);
    const { mask, srcKeyPaddingMask, isCausal, needWeights = false } = args;
    const result = tf.tidy(() => {
      const selfAttnWeights: tf.Tensor[] = [];
      let x = src;
      for (const layer of this.layers) {
        const layerArgs = { srcMask: mask, srcKeyPaddingMask, isCausal };
        if (needWeights) {
          const r = layer.forward(x, { ...layerArgs, needWeights: true });
          x = r.output;
          selfAttnWeights.push(r.selfAttnWeights);
        } else {
          x = layer.forward(x, layerArgs);
        }
      }
      if (this.norm) x = this.norm.forward(x);
      return { output: x, selfAttnWeights };
    });
    return needWeights ? result : result.output;
  }
}
