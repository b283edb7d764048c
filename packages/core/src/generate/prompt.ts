import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, assertShape } from '../errors';

/** The prompt batch read back to JavaScript. */
export interface Prompt {
  /** Rows `B` and columns `T` of `inputIds`. */
  batch: number;
  length: number;
  /** Each row's ids as given, left padding included. */
  rows: number[][];
  /** Left padding per row (0 without an attention mask). */
  pads: number[];
}

/**
 * Checks and reads `inputIds` (int32 `[B, T]`, B, T ≥ 1) and the optional left-padding
 * `attentionMask` (`[B, T]`, per row zeros then ones, at least one 1).
 *
 * @example
 * ```ts
 * const p = await readPrompt('generate', tf.tensor2d([[0, 5, 6]], [1, 3], 'int32'),
 *   tf.tensor2d([[0, 1, 1]], [1, 3], 'int32'));
 * // { batch: 1, length: 3, rows: [[0, 5, 6]], pads: [1] }
 * ```
 */
export async function readPrompt(fn: string, inputIds: unknown, attentionMask?: unknown): Promise<Prompt> {
  if (!(inputIds instanceof tf.Tensor) || inputIds.dtype !== 'int32') {
    throw new ArgumentError(
      `${fn}(inputIds)`,
      "an int32 tensor [B, T] (tf.tensor2d(ids, shape, 'int32'))",
      inputIds,
    );
  }
  assertShape(`${fn}(inputIds)`, inputIds.shape, [null, null]);
  const [batch, length] = inputIds.shape as [number, number];
  if (batch < 1 || length < 1) {
    throw new ArgumentError(`${fn}(inputIds)`, 'at least one row and one token', inputIds);
  }
  const flat = (await inputIds.data()) as Int32Array;
  const rows = Array.from({ length: batch }, (_, b) =>
    Array.from(flat.subarray(b * length, (b + 1) * length)),
  );
  const pads = new Array<number>(batch).fill(0);
  if (attentionMask !== undefined && attentionMask !== null) {
    if (!(attentionMask instanceof tf.Tensor)) {
      throw new ArgumentError(`${fn}(attentionMask)`, 'a tensor [B, T] of 0 and 1', attentionMask);
    }
    assertShape(`${fn}(attentionMask)`, attentionMask.shape, [batch, length]);
    const m = await attentionMask.data();
    for (let b = 0; b < batch; b++) {
      let pad = 0;
      while (pad < length && m[b * length + pad] === 0) pad++;
      for (let t = pad; t < length; t++) {
        if (m[b * length + t] !== 1) pad = length;
      }
      if (pad >= length) {
        throw new ArgumentError(
          `${fn}(attentionMask)`,
          `left padding: each row zeros then ones, at least one 1 (row ${b} is not)`,
          attentionMask,
        );
      }
      pads[b] = pad;
    }
  }
  return { batch, length, rows, pads };
}
