import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors';
import { Module } from '../module';

/** What the penalties accept: a module (its trainable parameters), an array or a record of tensors. */
export type PenaltyTarget = Module | readonly tf.Tensor[] | Record<string, tf.Tensor>;

function tensorsOf(what: string, target: PenaltyTarget): tf.Tensor[] {
  if (target instanceof Module) return Object.values(target.trainableParameters());
  if (Array.isArray(target)) return [...target];
  if (target && typeof target === 'object') return Object.values(target as Record<string, tf.Tensor>);
  throw new ArgumentError(`${what}(params)`, 'a Module, an array or a record of tensors', target);
}

/** Σ of scalars, 0 for none. sum(stack), not addN: WebGPU's addN binds all its inputs in one shader
 * stage (8 storage buffers by default), so more than 7 made an invalid pipeline; concat splits them. */
function sumAll(scalars: tf.Tensor[]): tf.Tensor {
  return scalars.length === 0 ? tf.scalar(0) : tf.sum(tf.stack(scalars));
}

function checkLambda(what: string, lambda: number): void {
  if (!(lambda >= 0)) throw new ArgumentError(`${what}(lambda)`, 'a non-negative number', lambda);
}

/**
 * L1 penalty `λ·Σ|w|` over parameters, as a scalar to add to the loss (it is differentiable, so
 * it trains with the rest).
 *
 * @example
 * ```ts
 * const loss = tf.add(crossEntropy(logits, y), l1Penalty(model, 1e-5));
 * ```
 */
export function l1Penalty(params: PenaltyTarget, lambda: number): tf.Scalar {
  checkLambda('l1Penalty', lambda);
  const ts = tensorsOf('l1Penalty', params);
  return tf.tidy(() => tf.mul(sumAll(ts.map((t) => tf.sum(tf.abs(t)))), lambda) as tf.Scalar);
}

/**
 * L2 penalty `λ·Σw²` over parameters, as a scalar to add to the loss. (For Adam-style training
 * prefer `AdamW`'s decoupled `weightDecay`; with SGD, `weightDecay = 2λ` is equivalent.)
 *
 * @example
 * ```ts
 * const loss = tf.add(mseLoss(pred, y), l2Penalty(model.trainableParameters(), 1e-4));
 * ```
 */
export function l2Penalty(params: PenaltyTarget, lambda: number): tf.Scalar {
  checkLambda('l2Penalty', lambda);
  const ts = tensorsOf('l2Penalty', params);
  return tf.tidy(() => tf.mul(sumAll(ts.map((t) => tf.sum(tf.square(t)))), lambda) as tf.Scalar);
}
