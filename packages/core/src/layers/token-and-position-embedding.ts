import * as tf from '@tensorflow/tfjs-core';
import { checkDims } from '../checks';
import { ArgumentError, fmtShape, ShapeError } from '../errors';
import { Module } from '../module';
import { type Generator, getDefaultGenerator } from '../random';
import { Dropout } from './dropout';
import { Embedding } from './embedding';
import { LearnedPositionEmbedding } from './learned-position-embedding';
import { SinusoidalPositionEmbedding } from './sinusoidal-position-embedding';

/** Options of `TokenAndPositionEmbedding`. */
export interface TokenAndPositionEmbeddingOptions {
  /** Vocabulary size. */
  vocabSize: number;
  /** Model width `d_model`. */
  embeddingDim: number;
  /** Longest sequence (positions `0 … maxLen−1`). */
  maxLen: number;
  /** `'learned'` (default; GPT, BERT) or `'sinusoidal'` (the Transformer paper; a fixed buffer). */
  positions?: 'learned' | 'sinusoidal';
  /** Multiply token vectors by √embeddingDim before adding positions, as the paper does (§3.4). Default `false`. */
  scale?: boolean;
  /** Dropout on the sum (the paper uses 0.1). Default `0`. */
  dropout?: number;
  /** Token id whose vector is zero and gets no gradient. Default: none. */
  paddingIdx?: number;
  /** Standard deviation of the initial learned position table. Default `1` (see `LearnedPositionEmbedding`). */
  positionStd?: number;
  /** Randomness for the tables and dropout. Default: the process-wide generator. */
  generator?: Generator;
}

/** Where the positions of `TokenAndPositionEmbedding.forward` start. */
export interface PositionOptions {
  /**
   * Position of the first token in every row (the tokens already in a KV cache). Default `0`.
   */
  positionOffset?: number;
  /**
   * Per-row positions `[B, T]` (int32), instead of `positionOffset`: for left-padded batches, where
   * each row's first real token is position 0 (padding positions are ignored by the attention mask).
   */
  positions?: tf.Tensor;
}

/**
 * Token embedding plus position embedding, then dropout: `dropout(E[ids]·(√d if scale) + P[pos])`,
 * `[B, T]` int32 ids → `[B, T, D]`. Children, as they appear in `stateDict()`: `token.weight`
 * `[vocabSize, D]` and either `position.weight` `[maxLen, D]` (learned) or the fixed buffer
 * `position.pe` `[maxLen, D]` (sinusoidal; persistent, as the PyTorch tutorials register it).
 *
 * For cached decoding pass `positionOffset` (the tokens already decoded); for left-padded batches
 * pass per-row `positions`. Positions at or beyond `maxLen` throw an `ArgumentError`.
 *
 * @example
 * ```ts
 * // the paper's input layer
 * const emb = new TokenAndPositionEmbedding({ vocabSize: 1000, embeddingDim: 64, maxLen: 128,
 *   positions: 'sinusoidal', scale: true, dropout: 0.1 });
 * const x = emb.forward(tf.tensor2d([[5, 7, 9]], [1, 3], 'int32'));              // [1, 3, 64]
 * const next = emb.forward(tf.tensor2d([[4]], [1, 1], 'int32'), { positionOffset: 3 }); // position 3
 * ```
 */
export class TokenAndPositionEmbedding extends Module {
  readonly embeddingDim: number;
  readonly maxLen: number;
  readonly scale: boolean;
  readonly token: Embedding;
  readonly position: LearnedPositionEmbedding | SinusoidalPositionEmbedding;
  readonly dropout: Dropout;

  constructor(options: TokenAndPositionEmbeddingOptions) {
    super();
    const {
      vocabSize,
      embeddingDim,
      maxLen,
      positions = 'learned',
      scale = false,
      dropout = 0,
      paddingIdx,
      positionStd,
      generator = getDefaultGenerator(),
    } = options ?? ({} as TokenAndPositionEmbeddingOptions);
    checkDims('TokenAndPositionEmbedding', { vocabSize, embeddingDim, maxLen });
    if (positions !== 'learned' && positions !== 'sinusoidal') {
      throw new ArgumentError('TokenAndPositionEmbedding(positions)', "'learned' or 'sinusoidal'", positions);
    }
    if (typeof scale !== 'boolean') {
      throw new ArgumentError('TokenAndPositionEmbedding(scale)', 'a boolean', scale);
    }
    this.embeddingDim = embeddingDim;
    this.maxLen = maxLen;
    this.scale = scale;
    this.token = this.registerModule(
      'token',
      new Embedding({ numEmbeddings: vocabSize, embeddingDim, paddingIdx, generator }),
    );
    this.position = this.registerModule(
      'position',
      positions === 'learned'
        ? new LearnedPositionEmbedding({ maxLen, embeddingDim, std: positionStd, generator })
        : new SinusoidalPositionEmbedding({ maxLen, embeddingDim }),
    );
    this.dropout = this.registerModule('dropout', new Dropout({ p: dropout, generator }));
  }

  /**
   * @param ids `[B, T]` int32 token ids (or `[T]`).
   * @returns `[B, T, D]` (or `[T, D]`).
   */
  forward(ids: tf.Tensor, options: PositionOptions = {}): tf.Tensor {
    if (!(ids instanceof tf.Tensor) || (ids.rank !== 1 && ids.rank !== 2)) {
      throw new ArgumentError('TokenAndPositionEmbedding.forward(ids)', 'an int32 tensor [B, T] or [T]', ids);
    }
    const { positionOffset = 0, positions } = options;
    const t = ids.shape[ids.rank - 1]!;
    if (positions !== undefined) {
      if (!(positions instanceof tf.Tensor) || positions.shape.join() !== ids.shape.join()) {
        throw new ShapeError(
          `TokenAndPositionEmbedding.forward(positions): expected shape ${fmtShape(ids.shape)} (that of ids), received ${positions instanceof tf.Tensor ? fmtShape(positions.shape) : String(positions)}`,
          [...ids.shape],
          positions instanceof tf.Tensor ? [...positions.shape] : undefined,
        );
      }
    }
    return tf.tidy(() => {
      const pos = positions ? this.position.forward(positions) : this.position.forward(t, positionOffset);
      let tok = this.token.forward(ids);
      if (this.scale) tok = tf.mul(tok, Math.sqrt(this.embeddingDim));
      return this.dropout.forward(tf.add(tok, pos));
    });
  }
}
