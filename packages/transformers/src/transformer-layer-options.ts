import {
  type ActivationFn,
  ArgumentError,
  type Generator,
  gelu,
  getDefaultGenerator,
  LayerNorm,
  relu,
} from '@glossa/core';
import { checkDims } from '@glossa/core/internal';

/**
 * Options of {@link TransformerEncoderLayer} and {@link TransformerDecoderLayer}: the camelCase
 * names of PyTorch's `nn.TransformerEncoderLayer` arguments, with its defaults. Shapes are always
 * batch first (`[B, T, D]`, PyTorch's `batch_first=True`).
 */
export interface TransformerLayerOptions {
  /** Model dimension `D` (PyTorch `d_model`). */
  dModel: number;
  /** Number of attention heads; must divide `dModel`. */
  nhead: number;
  /** Hidden size of the feed-forward block. Default `2048`. */
  dimFeedforward?: number;
  /** Dropout on the attention weights, inside the feed-forward block and on each residual branch. Default `0.1`. */
  dropout?: number;
  /** Feed-forward activation: `'relu'` (default), `'gelu'` (exact, erf) or a function. */
  activation?: 'relu' | 'gelu' | ActivationFn;
  /** `eps` of every LayerNorm. Default `1e-5`. */
  layerNormEps?: number;
  /**
   * `false` (default, the paper's post-norm): `x = norm(x + sublayer(x))`. `true` (pre-norm, as
   * GPT-2 and most modern models): `x = x + sublayer(norm(x))`.
   */
  normFirst?: boolean;
  /** Biases in the projections, the feed-forward linears and the LayerNorms (PyTorch ≥ 2.1 `bias`). Default `true`. */
  bias?: boolean;
  /** Randomness for initialisation and dropout. Default: core's default generator. */
  generator?: Generator;
}

/** {@link TransformerLayerOptions} with every default filled in (the activation resolved). */
export interface ResolvedLayerOptions {
  dModel: number;
  nhead: number;
  dimFeedforward: number;
  dropout: number;
  activation: 'relu' | 'gelu' | ActivationFn;
  activationFn: ActivationFn;
  layerNormEps: number;
  normFirst: boolean;
  bias: boolean;
  generator: Generator;
}

/** Validates layer options (errors name `owner(option)`) and fills in PyTorch's defaults. */
export function resolveLayerOptions(owner: string, options: TransformerLayerOptions): ResolvedLayerOptions {
  if (options === null || typeof options !== 'object') {
    throw new ArgumentError(`${owner}(options)`, 'an options object { dModel, nhead, … }', options);
  }
  const {
    dModel,
    nhead,
    dimFeedforward = 2048,
    dropout = 0.1,
    activation = 'relu',
    layerNormEps = 1e-5,
    normFirst = false,
    bias = true,
    generator = getDefaultGenerator(),
  } = options;
  checkDims(owner, { dModel, nhead, dimFeedforward });
  if (dModel % nhead !== 0)
    throw new ArgumentError(`${owner}(nhead)`, `a divisor of dModel (${dModel})`, nhead);
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) {
    throw new ArgumentError(`${owner}(dropout)`, 'a probability in [0, 1)', dropout);
  }
  if (typeof layerNormEps !== 'number' || !(layerNormEps >= 0)) {
    throw new ArgumentError(`${owner}(layerNormEps)`, 'a non-negative number', layerNormEps);
  }
  let activationFn: ActivationFn;
  if (activation === 'relu') activationFn = relu;
  else if (activation === 'gelu') activationFn = (x) => gelu(x);
  else if (typeof activation === 'function') activationFn = activation;
  else throw new ArgumentError(`${owner}(activation)`, "'relu', 'gelu' or a function", activation);
  return {
    dModel,
    nhead,
    dimFeedforward,
    dropout,
    activation,
    activationFn,
    layerNormEps,
    normFirst: Boolean(normFirst),
    bias: Boolean(bias),
    generator,
  };
}

/** The optional final norm of a stack: `true` → a new LayerNorm like the layers', a LayerNorm as is. */
export function finalNorm(
  owner: string,
  norm: boolean | LayerNorm | undefined,
  layer: { dModel: number; layerNormEps: number; bias: boolean },
): LayerNorm | null {
  if (norm === undefined || norm === false || norm === null) return null;
  if (norm === true)
    return new LayerNorm({ normalizedShape: layer.dModel, eps: layer.layerNormEps, bias: layer.bias });
  if (norm instanceof LayerNorm) return norm;
  throw new ArgumentError(`${owner}(norm)`, 'a boolean or a LayerNorm', norm);
}
