import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors';

function normAxis(what: string, rank: number, axis: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ArgumentError(
      `${what}(axis)`,
      `an integer in [${-rank}, ${rank - 1}] for a rank-${rank} tensor`,
      axis,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** Runs a last-axis op on `axis` by swapping it with the last axis (and back). */
function onAxis(x: tf.Tensor, axis: number, f: (t: tf.Tensor) => tf.Tensor): tf.Tensor {
  const last = x.rank - 1;
  if (axis === last) return f(x);
  return tf.tidy(() => {
    const perm = [...Array(x.rank).keys()];
    perm[axis] = last;
    perm[last] = axis;
    // The swap is its own inverse.
    return tf.transpose(f(tf.transpose(x, perm)), perm);
  });
}

/**
 * Softmax along any axis (tfjs's own kernel only takes the last). Like `torch.softmax(x, dim)`.
 *
 * @param x `[..., N, ...]` logits.
 * @param axis the axis that sums to 1. Default `-1`.
 * @example
 * ```ts
 * softmax(tf.tensor2d([[1, 2], [3, 4]]), 0); // columns sum to 1
 * ```
 */
export function softmax<T extends tf.Tensor>(x: T, axis = -1): T {
  if (x.rank === 0) throw new ArgumentError('softmax(x)', 'a tensor of rank >= 1 (a scalar has no axis)', x);
  const ax = normAxis('softmax', x.rank, axis);
  return onAxis(x, ax, (t) => tf.softmax(t)) as T;
}

/**
 * Log-softmax along any axis, computed stably (`x − logsumexp(x)`). Like `torch.log_softmax(x, dim)`.
 *
 * @param x `[..., N, ...]` logits.
 * @param axis the normalised axis. Default `-1`.
 * @example
 * ```ts
 * const logp = logSoftmax(logits); // [B, T, V] → [B, T, V]
 * ```
 */
export function logSoftmax<T extends tf.Tensor>(x: T, axis = -1): T {
  if (x.rank === 0)
    throw new ArgumentError('logSoftmax(x)', 'a tensor of rank >= 1 (a scalar has no axis)', x);
  const ax = normAxis('logSoftmax', x.rank, axis);
  return onAxis(x, ax, (t) => tf.logSoftmax(t)) as T;
}
