import { CrossAttentionCache, KVCache } from '@glossa/attention';
import { ArgumentError, assertShape, type LayerNorm, Module, ModuleList } from '@glossa/core';
import { checkDims } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import { TransformerDecoderLayer } from './transformer-decoder-layer';
import { finalNorm, type TransformerLayerOptions } from './transformer-layer-options';

/** Options of {@link TransformerDecoder} (PyTorch's `nn.TransformerDecoder` arguments in camelCase). */
export interface TransformerDecoderOptions {
  /**
   * The layer to stack: its options (every layer initialised independently), or a layer, copied
   * `numLayers` times with its weights (PyTorch's deep copy; the given layer stays the caller's).
   */
  decoderLayer: TransformerLayerOptions | TransformerDecoderLayer;
  /** Number of layers `N`. */
  numLayers: number;
  /** Final LayerNorm (`norm.*`): `true` for `LayerNorm(dModel, layerNormEps)`, or a `LayerNorm` (owned). Default none. */
  norm?: boolean | LayerNorm;
}

/** Arguments of {@link TransformerDecoder.forward}: those of {@link TransformerDecoderLayer.forward}, for every layer. */
export interface TransformerDecoderArgs {
  /** Self-attention mask `[T, Tk]`; bool (`true` = not allowed) or additive float. */
  tgtMask?: tf.Tensor;
  /** Cross-attention mask `[T, S]`. */
  memoryMask?: tf.Tensor;
  /** `[B, Tk]` target padding (with caches: of the whole prefix). */
  tgtKeyPaddingMask?: tf.Tensor;
  /** `[B, S]` memory padding. */
  memoryKeyPaddingMask?: tf.Tensor;
  /** Add a causal self-attention mask in every layer (offset by the cache length). Default `false`. */
  tgtIsCausal?: boolean;
  /** One self-attention `KVCache` per layer, for incremental decoding (see {@link TransformerDecoder.createCaches}). */
  caches?: readonly KVCache[];
  /** One `CrossAttentionCache` per layer (see {@link TransformerDecoder.createCrossCaches}); once filled, `memory` may be `null`. */
  crossCaches?: readonly CrossAttentionCache[];
  /** Also return every layer's per-head attention weights. Default `false`. */
  needWeights?: boolean;
}

/** What {@link TransformerDecoder.forward} returns with `needWeights: true`. */
export interface TransformerDecoderOutput {
  /** `[B, T, D]`. */
  output: tf.Tensor;
  /** One `[B, H, T, Tk]` tensor per layer. */
  selfAttnWeights: tf.Tensor[];
  /** One `[B, H, T, S]` tensor per layer. */
  crossAttnWeights: tf.Tensor[];
}

/**
 * A stack of {@link TransformerDecoderLayer}s with an optional final LayerNorm, like PyTorch's
 * `nn.TransformerDecoder`. Parameter names `layers.N.*` and `norm.*`.
 *
 * @example
 * ```ts
 * const decoder = new TransformerDecoder({ decoderLayer: { dModel: 32, nhead: 4 }, numLayers: 2 });
 * const y = decoder.forward(tgt, memory, { tgtIsCausal: true, memoryKeyPaddingMask }); // [B, T, 32]
 * // incremental decoding with one KV cache per layer:
 * const caches = decoder.createCaches();
 * const step = decoder.forward(lastToken, memory, { caches }); // [B, 1, 32]
 * for (const c of caches) c.dispose();
 * ```
 */
export class TransformerDecoder extends Module {
  readonly layers: ModuleList<TransformerDecoderLayer>;
  readonly norm: LayerNorm | null;
  readonly numLayers: number;
  /** Model dimension `D`. */
  readonly dModel: number;

  constructor(options: TransformerDecoderOptions) {
    super();
    const { decoderLayer, numLayers, norm } = options ?? ({} as TransformerDecoderOptions);
    checkDims('TransformerDecoder', { numLayers });
    if (decoderLayer === null || typeof decoderLayer !== 'object') {
      throw new ArgumentError(
        'TransformerDecoder(decoderLayer)',
        'layer options or a TransformerDecoderLayer',
        decoderLayer,
      );
    }
    const make = (): TransformerDecoderLayer => {
      if (!(decoderLayer instanceof TransformerDecoderLayer))
        return new TransformerDecoderLayer(decoderLayer);
      const copy = new TransformerDecoderLayer(decoderLayer.options);
      copy.loadStateDict(decoderLayer.stateDict());
      return copy.train(decoderLayer.training);
    };
    this.layers = this.registerModule('layers', new ModuleList(Array.from({ length: numLayers }, make)));
    const first = this.layers.at(0).options;
    this.numLayers = numLayers;
    this.dModel = first.dModel;
    this.norm = finalNorm('TransformerDecoder', norm, first);
    if (this.norm) this.registerModule('norm', this.norm);
  }

  /** One empty self-attention `KVCache` per layer, for `forward(…, { caches })`. Dispose them when done. */
  createCaches(): KVCache[] {
    return this.layers.toArray().map(() => new KVCache());
  }

  /** One empty `CrossAttentionCache` per layer, for `forward(…, { crossCaches })`. Dispose them when done. */
  createCrossCaches(): CrossAttentionCache[] {
    return this.layers.toArray().map(() => new CrossAttentionCache());
  }

  /**
   * @param tgt `[B, T, D]` (with caches: the new positions only)
   * @param memory `[B, S, D]`
   * @returns `[B, T, D]`, or with `needWeights: true` `{ output, selfAttnWeights, crossAttnWeights }`.
   */
  forward(
    tgt: tf.Tensor,
    memory: tf.Tensor | null,
    args?: TransformerDecoderArgs & { needWeights?: false },
  ): tf.Tensor;
  forward(
    tgt: tf.Tensor,
    memory: tf.Tensor | null,
    args: TransformerDecoderArgs & { needWeights: true },
  ): TransformerDecoderOutput;
  forward(
    tgt: tf.Tensor,
    memory: tf.Tensor | null,
    args: TransformerDecoderArgs = {},
  ): tf.Tensor | TransformerDecoderOutput {
    assertShape('TransformerDecoder.forward(tgt)', tgt.shape, [null, null, this.dModel]);
    const { caches, crossCaches, needWeights = false, ...rest } = args;
    for (const [name, list, kind] of [
      ['caches', caches, 'KVCaches'],
      ['crossCaches', crossCaches, 'CrossAttentionCaches'],
    ] as const) {
      if (list !== undefined && (!Array.isArray(list) || list.length !== this.numLayers)) {
        throw new ArgumentError(
          `TransformerDecoder.forward(${name})`,
          `an array of ${this.numLayers} ${kind}`,
          list,
        );
      }
    }
    const result = tf.tidy(() => {
      const selfAttnWeights: tf.Tensor[] = [];
      const crossAttnWeights: tf.Tensor[] = [];
      let x = tgt;
      this.layers.toArray().forEach((layer, i) => {
        const layerArgs = { ...rest, cache: caches?.[i], crossCache: crossCaches?.[i] };
        if (needWeights) {
          const r = layer.forward(x, memory, { ...layerArgs, needWeights: true });
          x = r.output;
          selfAttnWeights.push(r.selfAttnWeights);
          crossAttnWeights.push(r.crossAttnWeights);
        } else {
          x = layer.forward(x, memory, layerArgs);
        }
      });
      if (this.norm) x = this.norm.forward(x);
      return { output: x, selfAttnWeights, crossAttnWeights };
    });
    return needWeights ? result : result.output;
  }
}
