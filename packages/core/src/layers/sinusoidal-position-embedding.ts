import * as tf from '@tensorflow/tfjs-core';
import { checkDims, checkIndexRange } from '../checks';
import { ArgumentError } from '../errors';
import { Module } from '../module';

/**
 * The fixed sinusoidal position encoding of "Attention Is All You Need" (§3.5), `[maxLen, dim]`:
 * `PE[pos, 2i] = sin(pos / base^(2i/dim))`, `PE[pos, 2i+1] = cos(pos / base^(2i/dim))`, computed in
 * float64 and stored as float32 (an odd `dim` ends with a sine column). `base` defaults to 10000.
 *
 * @example
 * ```ts
 * const pe = sinusoidalPositions(50, 16); // [50, 16]
 * // row 0 is [0, 1, 0, 1, …]; nearby rows have a larger dot product than distant ones
 * ```
 */
export function sinusoidalPositions(maxLen: number, dim: number, base = 10000): tf.Tensor2D {
  checkDims('sinusoidalPositions', { maxLen, dim });
  if (!(base > 0)) throw new ArgumentError('sinusoidalPositions(base)', 'a positive number', base);
  const data = new Float32Array(maxLen * dim);
  for (let i = 0; i < dim; i += 2) {
    const freq = base ** (-i / dim);
    for (let pos = 0; pos < maxLen; pos++) {
      data[pos * dim + i] = Math.sin(pos * freq);
      if (i + 1 < dim) data[pos * dim + i + 1] = Math.cos(pos * freq);
    }
  }
  return tf.tensor2d(data, [maxLen, dim]);
}

/** Options of `SinusoidalPositionEmbedding`. */
export interface SinusoidalPositionEmbeddingOptions {
  /** Number of positions (rows of the table). */
  maxLen: number;
  /** Size of each position vector (the model width). */
  embeddingDim: number;
  /** Wavelength base. Default `10000`. */
  base?: number;
}

/** Checks a `forward(length, offset)` call of a position embedding and returns nothing. */
export function checkPositionSpan(owner: string, length: number, offset: number, maxLen: number): void {
  if (!Number.isInteger(length) || length < 0) {
    throw new ArgumentError(`${owner}.forward(length)`, 'a non-negative integer', length);
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new ArgumentError(`${owner}.forward(offset)`, 'a non-negative integer', offset);
  }
  if (offset + length > maxLen) {
    throw new ArgumentError(
      `${owner}.forward(offset + length)`,
      `at most maxLen = ${maxLen} (positions ${offset}…${offset + length - 1} were asked for)`,
      offset + length,
    );
  }
}

/** Checks a `forward(positions)` call: int32, within `[0, maxLen)`. */
export function checkPositionIds(owner: string, positions: tf.Tensor, offset: number, maxLen: number): void {
  if (positions.dtype !== 'int32') {
    throw new ArgumentError(`${owner}.forward(positions)`, 'an int32 tensor of positions', positions);
  }
  if (offset !== 0) {
    throw new ArgumentError(
      `${owner}.forward(offset)`,
      '0 with a positions tensor (positions are absolute)',
      offset,
    );
  }
  checkIndexRange(`${owner}.forward(positions)`, positions, maxLen, 'positions');
}

/**
 * The sinusoidal encoding as a module, holding the table in the buffer `pe` `[maxLen, embeddingDim]`.
 * Like the PyTorch tutorials (`self.register_buffer('pe', pe)`), the buffer is persistent: it
 * appears in `stateDict()` as `pe` (`position.pe` inside `TokenAndPositionEmbedding`) and is never
 * trained. It returns the encodings; adding them to token vectors is the caller's job
 * (`TokenAndPositionEmbedding` does it).
 *
 * `forward(length, offset = 0)` returns rows `offset … offset+length−1` as `[T, D]` (the offset is
 * the number of tokens already in a KV cache); `forward(positions)` with an int32 tensor `[B, T]` of
 * per-row positions (left-padded batches) returns `[B, T, D]`. Positions at or beyond `maxLen`
 * throw an `ArgumentError`.
 *
 * @example
 * ```ts
 * const pos = new SinusoidalPositionEmbedding({ maxLen: 512, embeddingDim: 64 });
 * pos.forward(10).shape;       // [10, 64]
 * pos.forward(1, 10).shape;    // [1, 64]: position 10, the next token when decoding
 * Object.keys(pos.stateDict()); // ['pe']
 * ```
 */
export class SinusoidalPositionEmbedding extends Module {
  readonly maxLen: number;
  readonly embeddingDim: number;

  constructor(options: SinusoidalPositionEmbeddingOptions) {
    super();
    const { maxLen, embeddingDim, base = 10000 } = options ?? ({} as SinusoidalPositionEmbeddingOptions);
    checkDims('SinusoidalPositionEmbedding', { maxLen, embeddingDim });
    this.maxLen = maxLen;
    this.embeddingDim = embeddingDim;
    this.registerBuffer('pe', sinusoidalPositions(maxLen, embeddingDim, base));
  }

  /** The table `[maxLen, embeddingDim]` (the live buffer; do not dispose it). */
  get pe(): tf.Tensor2D {
    return this.namedBuffers().find(([n]) => n === 'pe')![1] as tf.Tensor2D;
  }

  /**
   * @param input a length `T` (returns `[T, D]` for positions `offset…offset+T−1`) or an int32
   *   tensor of positions `[...]` (returns `[..., D]`).
   * @param offset first position when `input` is a length. Default `0`.
   */
  forward(input: number | tf.Tensor, offset = 0): tf.Tensor {
    const pe = this.pe;
    if (input instanceof tf.Tensor) {
      checkPositionIds('SinusoidalPositionEmbedding', input, offset, this.maxLen);
      return tf.tidy(() =>
        tf.reshape(tf.gather(pe, tf.reshape(input, [-1])), [...input.shape, this.embeddingDim]),
      );
    }
    checkPositionSpan('SinusoidalPositionEmbedding', input, offset, this.maxLen);
    return tf.slice(pe, [offset, 0], [input, this.embeddingDim]);
  }
}
