import * as tf from '@tensorflow/tfjs-core';
import { checkDims } from '../checks';
import { ArgumentError } from '../errors';
import { normal } from '../init/initializers';
import { type Generator, getDefaultGenerator } from '../random';
import { Embedding } from './embedding';
import { checkPositionIds, checkPositionSpan } from './sinusoidal-position-embedding';

/** Options of `LearnedPositionEmbedding`. */
export interface LearnedPositionEmbeddingOptions {
  /** Number of positions (rows of the table). */
  maxLen: number;
  /** Size of each position vector (the model width). */
  embeddingDim: number;
  /** Standard deviation of the initial N(0, std²) table. Default `1` (as `nn.Embedding`; GPT-2 and BERT use 0.02). */
  std?: number;
  /** Keep the table fixed. Default `false`. */
  freeze?: boolean;
  /** Randomness for the initial table. Default: the process-wide generator. */
  generator?: Generator;
}

/**
 * Learned absolute positions (GPT, BERT): an `Embedding` over positions `0 … maxLen−1`, parameter
 * `weight` `[maxLen, embeddingDim]` (`nn.Embedding(max_len, d)`'s name and layout).
 *
 * `forward(length, offset = 0)` returns rows `offset … offset+length−1` as `[T, D]` (with a KV
 * cache, `offset` is the number of tokens already decoded); `forward(positions)` with an int32
 * tensor `[B, T]` of per-row positions (left-padded batches) returns `[B, T, D]`. Positions at or
 * beyond `maxLen` throw an `ArgumentError`.
 *
 * @example
 * ```ts
 * const pos = new LearnedPositionEmbedding({ maxLen: 1024, embeddingDim: 64, std: 0.02 });
 * pos.forward(8).shape;    // [8, 64]
 * pos.forward(1, 8).shape; // [1, 64]: position 8 while decoding with a cache
 * Object.keys(pos.stateDict()); // ['weight']
 * ```
 */
export class LearnedPositionEmbedding extends Embedding {
  /** Number of positions. */
  readonly maxLen: number;

  constructor(options: LearnedPositionEmbeddingOptions) {
    const {
      maxLen,
      embeddingDim,
      std = 1,
      freeze = false,
      generator = getDefaultGenerator(),
    } = options ?? ({} as LearnedPositionEmbeddingOptions);
    checkDims('LearnedPositionEmbedding', { maxLen, embeddingDim });
    if (!(std >= 0)) throw new ArgumentError('LearnedPositionEmbedding(std)', 'a non-negative number', std);
    const weights = normal([maxLen, embeddingDim], { std, generator });
    super({ weights, freeze });
    weights.dispose();
    this.maxLen = maxLen;
  }

  /**
   * @param input a length `T` (returns `[T, D]` for positions `offset…offset+T−1`) or an int32
   *   tensor of positions `[...]` (returns `[..., D]`).
   * @param offset first position when `input` is a length. Default `0`.
   */
  override forward(input: number | tf.Tensor, offset = 0): tf.Tensor {
    if (input instanceof tf.Tensor) {
      checkPositionIds('LearnedPositionEmbedding', input, offset, this.maxLen);
      return super.forward(input);
    }
    checkPositionSpan('LearnedPositionEmbedding', input, offset, this.maxLen);
    return tf.slice(this.weight, [offset, 0], [input, this.embeddingDim]);
  }
}
