import { ArgumentError, type GenerateOptions } from '@glossa/core';
import { checkDims } from '@glossa/core/internal';
import type * as tf from '@tensorflow/tfjs-core';

/** The fields of {@link Seq2SeqConfig} (what `config.json` holds, glossa's names). */
export interface Seq2SeqConfigFields {
  /** Source vocabulary size. */
  srcVocabSize: number;
  /** Target vocabulary size (equal to `srcVocabSize` with `shareEmbeddings`). */
  tgtVocabSize: number;
  /** Model width `d_model`. */
  dModel: number;
  /** Attention heads (divides `dModel`). */
  nhead: number;
  numEncoderLayers: number;
  numDecoderLayers: number;
  /** Hidden size of every feed-forward block. */
  dimFeedforward: number;
  /** Dropout on embeddings+positions, attention weights, feed-forward and residual branches. */
  dropout: number;
  /** Longest source or target sequence, in tokens (rows of the sinusoidal table). */
  maxLen: number;
  /** One embedding table (`shared.weight`) for source and target: a joint vocabulary. */
  shareEmbeddings: boolean;
  /** Output projection tied to the target embedding (the paper's weight sharing); else `output_projection`. */
  tieOutput: boolean;
  /** Pre-norm layers (`x + f(norm(x))`) instead of the paper's post-norm. */
  normFirst: boolean;
  /** Feed-forward activation. */
  activation: 'relu' | 'gelu';
  layerNormEps: number;
  padTokenId: number;
  /** Decoder start token. */
  bosTokenId: number;
  /** End of sentence (closes sources and targets). */
  eosTokenId: number;
}

/** Options of {@link Seq2SeqConfig}: `srcVocabSize` is required, the rest has a default. */
export type Seq2SeqConfigOptions = Partial<Seq2SeqConfigFields> & { srcVocabSize: number };

/** `config.json` schema (core's `validateConfig`). */
export const SEQ2SEQ_CONFIG_SCHEMA = {
  srcVocabSize: 'integer',
  tgtVocabSize: 'integer?',
  dModel: 'integer?',
  nhead: 'integer?',
  numEncoderLayers: 'integer?',
  numDecoderLayers: 'integer?',
  dimFeedforward: 'integer?',
  dropout: 'number?',
  maxLen: 'integer?',
  shareEmbeddings: 'boolean?',
  tieOutput: 'boolean?',
  normFirst: 'boolean?',
  activation: 'string?',
  layerNormEps: 'number?',
  padTokenId: 'integer?',
  bosTokenId: 'integer?',
  eosTokenId: 'integer?',
} as const;

/**
 * Hyperparameters of the encoder–decoder Transformer ("Attention Is All You Need"). Defaults are
 * the paper's base model (`dModel` 512, 8 heads, 6 + 6 layers, feed-forward 2048, dropout 0.1,
 * post-norm, shared embeddings tied to the output), with `maxLen` 256 and token ids pad 0, bos 1,
 * eos 2.
 *
 * @example
 * ```ts
 * const small = new Seq2SeqConfig({ srcVocabSize: 8000, dModel: 256, nhead: 4, numEncoderLayers: 3, numDecoderLayers: 3, dimFeedforward: 1024 });
 * ```
 */
export class Seq2SeqConfig implements Seq2SeqConfigFields {
  readonly srcVocabSize!: number;
  readonly tgtVocabSize!: number;
  readonly dModel!: number;
  readonly nhead!: number;
  readonly numEncoderLayers!: number;
  readonly numDecoderLayers!: number;
  readonly dimFeedforward!: number;
  readonly dropout!: number;
  readonly maxLen!: number;
  readonly shareEmbeddings!: boolean;
  readonly tieOutput!: boolean;
  readonly normFirst!: boolean;
  readonly activation!: 'relu' | 'gelu';
  readonly layerNormEps!: number;
  readonly padTokenId!: number;
  readonly bosTokenId!: number;
  readonly eosTokenId!: number;

  constructor(options: Seq2SeqConfigOptions) {
    if (options === null || typeof options !== 'object') {
      throw new ArgumentError('Seq2SeqConfig(options)', 'an options object { srcVocabSize, … }', options);
    }
    const { srcVocabSize, tgtVocabSize = srcVocabSize, dModel = 512, nhead = 8 } = options;
    const { numEncoderLayers = 6, numDecoderLayers = 6, dimFeedforward = 2048, maxLen = 256 } = options;
    const { dropout = 0.1, shareEmbeddings = true, tieOutput = true, normFirst = false } = options;
    const { activation = 'relu', layerNormEps = 1e-5, padTokenId = 0, bosTokenId = 1 } = options;
    const { eosTokenId = 2 } = options;
    checkDims('Seq2SeqConfig', {
      srcVocabSize,
      tgtVocabSize,
      dModel,
      nhead,
      numEncoderLayers,
      numDecoderLayers,
      dimFeedforward,
      maxLen,
    });
    const fail = (name: string, expected: string, v: unknown): never => {
      throw new ArgumentError(`Seq2SeqConfig(${name})`, expected, v);
    };
    if (dModel % nhead !== 0) fail('nhead', `a divisor of dModel (${dModel})`, nhead);
    if (!(dropout >= 0 && dropout < 1)) fail('dropout', 'a probability in [0, 1)', dropout);
    if (!(layerNormEps >= 0)) fail('layerNormEps', 'a non-negative number', layerNormEps);
    if (activation !== 'relu' && activation !== 'gelu') fail('activation', "'relu' or 'gelu'", activation);
    if (shareEmbeddings && tgtVocabSize !== srcVocabSize) {
      fail('tgtVocabSize', `srcVocabSize (${srcVocabSize}) with shareEmbeddings`, tgtVocabSize);
    }
    for (const [name, id] of Object.entries({ padTokenId, bosTokenId, eosTokenId })) {
      if (!Number.isInteger(id) || id < 0 || id >= Math.min(srcVocabSize, tgtVocabSize)) {
        fail(name, `an integer in [0, ${Math.min(srcVocabSize, tgtVocabSize)})`, id);
      }
    }
    Object.assign(this, { srcVocabSize, tgtVocabSize, dModel, nhead, numEncoderLayers, numDecoderLayers });
    Object.assign(this, { dimFeedforward, dropout, maxLen, activation, layerNormEps });
    Object.assign(this, { padTokenId, bosTokenId, eosTokenId });
    Object.assign(this, {
      shareEmbeddings: Boolean(shareEmbeddings),
      tieOutput: Boolean(tieOutput),
      normFirst: Boolean(normFirst),
    });
  }

  /** The fields as a plain object (what `config.json` holds). */
  toJSON(): Seq2SeqConfigFields {
    return { ...this };
  }
}

/** Options of `Seq2SeqTransformer.generate`: core's, plus the source's lengths and the caches. */
export interface Seq2SeqGenerateOptions extends Omit<GenerateOptions, 'attentionMask'> {
  /** Real tokens of each source row. Default: the tokens ≠ `padTokenId`. */
  srcLengths?: readonly number[];
  /** Cached self-attention and cross-attention keys/values (default `true`); `false` re-runs the prefix each step. */
  useCache?: boolean;
}

/** Per-layer, per-head attention weights of a source and a target (see `Seq2SeqTransformer.attentionWeights`). */
export interface Seq2SeqAttention {
  /** One `[B, H, S, S]` per encoder layer. */
  encoderSelf: tf.Tensor[];
  /** One `[B, H, T, T]` per decoder layer (causal: zero above the diagonal). */
  decoderSelf: tf.Tensor[];
  /** One `[B, H, T, S]` per decoder layer. */
  cross: tf.Tensor[];
}
