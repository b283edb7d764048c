/**
 * Variable-length batches: turns `lengths` (or a padding mask) into what the recurrence needs — a
 * time-major validity mask and, for the backward direction, the per-sequence time reversal that
 * starts each sequence at its true end (what PyTorch's packed sequences do).
 */
import { ArgumentError, fmtShape, ShapeError } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { boolToFloat, paddingAsBool } from './float-mask';

/** How a batch is padded: one of `lengths` or `mask`. */
export interface PaddingOptions {
  /**
   * Real length of each sequence, `[B]` (numbers or an int32 tensor), each in `[0, T]`; the steps
   * after it are padding. Sequences need not be sorted.
   */
  lengths?: readonly number[] | tf.Tensor;
  /**
   * `[B, T]` padding mask, `true` (or 1) = padding (PyTorch's convention). Padding must be at the
   * end of each row (right padding): the mask is read as lengths `T − Σ mask`.
   */
  mask?: tf.Tensor;
}

/** The tensors of a padded batch (time-major), or `null` when no step is padded. */
export interface PaddingPlan {
  /** `[T, B, 1]` float32: 1 at real steps, 0 at padding. */
  valid: tf.Tensor;
  /** int32 `[T·B]`: row `t·B + b` of the flattened `[T·B, D]` time-major input read in reverse. */
  reverse: tf.Tensor;
  /** `[B]` int32 lengths. */
  lengths: tf.Tensor;
}

/**
 * Builds the plan for a `[B, T]` batch (call inside `tf.tidy`). Number lengths are checked and give
 * `null` when every sequence is full; tensor lengths and masks are used on the device as given.
 */
export function planPadding(owner: string, B: number, T: number, p: PaddingOptions): PaddingPlan | null {
  const { lengths, mask } = p;
  if (lengths !== undefined && mask !== undefined) {
    throw new ArgumentError(`${owner}(mask)`, 'either lengths or mask, not both', mask);
  }
  let lens: tf.Tensor;
  if (lengths === undefined && mask === undefined) return null;
  if (mask !== undefined) {
    if (!(mask instanceof tf.Tensor) || mask.rank !== 2 || mask.shape[0] !== B || mask.shape[1] !== T) {
      const shape = mask instanceof tf.Tensor ? mask.shape : [];
      throw new ShapeError(
        `${owner}(mask): expected shape ${fmtShape([B, T])}, received ${mask instanceof tf.Tensor ? fmtShape(shape) : String(mask)}`,
        [B, T],
        shape,
      );
    }
    lens = tf.cast(tf.sub(T, tf.sum(boolToFloat(paddingAsBool(mask)), 1)), 'int32');
  } else if (lengths instanceof tf.Tensor) {
    if (lengths.rank !== 1 || lengths.shape[0] !== B) {
      throw new ShapeError(
        `${owner}(lengths): expected shape ${fmtShape([B])}, received ${fmtShape(lengths.shape)}`,
        [B],
        lengths.shape,
      );
    }
    lens = lengths.dtype === 'int32' ? lengths : tf.cast(lengths, 'int32');
  } else {
    const arr = lengths as readonly number[];
    if (!Array.isArray(arr) || arr.length !== B) {
      throw new ArgumentError(`${owner}(lengths)`, `${B} lengths (one per sequence)`, lengths);
    }
    const bad = arr.findIndex((n) => !Number.isInteger(n) || n < 0 || n > T);
    if (bad >= 0) throw new ArgumentError(`${owner}(lengths[${bad}])`, `an integer in [0, ${T}]`, arr[bad]);
    if (arr.every((n) => n === T)) return null;
    lens = tf.tensor1d(arr as number[], 'int32');
  }
  const t = tf.reshape(tf.range(0, T, 1, 'int32'), [T, 1]);
  const len = tf.reshape(lens, [1, B]);
  const isValid = tf.less(t, len); // [T, B]
  // Position read at step t of the reversed sequence: len − 1 − t inside the sequence, t in the padding.
  const int = (v: number) => tf.scalar(v, 'int32');
  const src = tf.where(isValid, tf.sub(tf.sub(len, int(1)), t), tf.broadcastTo(t, [T, B]));
  const rows = tf.add(tf.mul(src, int(B)), tf.reshape(tf.range(0, B, 1, 'int32'), [1, B]));
  const reverse = tf.reshape(rows, [T * B]);
  return { valid: tf.expandDims(boolToFloat(isValid), 2), reverse, lengths: lens };
}

/** Reverses time-major `[T, B, D]` along time, per sequence when `plan` is given (its own inverse). */
export function reverseTime(x: tf.Tensor, plan: PaddingPlan | null): tf.Tensor {
  if (!plan) return tf.reverse(x, 0);
  const [T, B, D] = x.shape as [number, number, number];
  return tf.reshape(tf.gather(tf.reshape(x, [T * B, D]), plan.reverse), [T, B, D]);
}

/** Reverses batch-first `[B, T, D]` along time, each sequence within its length when `plan` is given. */
export function reverseSequences(x: tf.Tensor, plan: PaddingPlan | null): tf.Tensor {
  return tf.transpose(reverseTime(tf.transpose(x, [1, 0, 2]), plan), [1, 0, 2]);
}
