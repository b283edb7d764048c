import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, fmtShape, ShapeError } from '../errors';
import { logSoftmax } from '../functional/softmax';
import { checkIds } from '../index-checks';
import { checkReduction, type Reduction } from './reduction';

/** Options of `crossEntropy`. */
export interface CrossEntropyOptions {
  /** Target value whose positions contribute nothing (padding). Default `-100` (as PyTorch). */
  ignoreIndex?: number;
  /**
   * ε of label smoothing (Szegedy et al., used by "Attention Is All You Need" with 0.1): the target
   * distribution is (1 − ε)·one-hot + ε/C. Default `0`.
   */
  labelSmoothing?: number;
  /**
   * `'mean'` (default): average over the non-ignored positions (NaN when all are ignored, as
   * PyTorch); `'sum'`; `'none'`: the per-position losses `[...]`, 0 at ignored positions.
   */
  reduction?: Reduction;
  /**
   * Check every target before computing the loss (default `true`): each must be an integer class
   * id in `[0, C)` or `ignoreIndex`, as PyTorch requires; anything else is an `ArgumentError` naming
   * the first bad position and value, instead of a silent loss of 0 (out of range) or a truncated
   * class (2.7 → 2). On cpu and wasm the check reads the targets (a copy of `B·T` ints, well under
   * 1 % of a training step). On webgpu it reads them only while they are still on the CPU side (targets
   * made from JS arrays and not yet used on the GPU); otherwise it is **deferred**: a flag computed on
   * the GPU is read asynchronously, and a bad batch throws at the next `crossEntropy` call instead of
   * stalling the queue. Pass `false` to skip it.
   */
  validateTargets?: boolean;
}

/**
 * Cross-entropy from unnormalised logits, with ignore index and label smoothing; the result
 * equals `torch.nn.functional.cross_entropy` on `logits.reshape(-1, C)` and `targets.reshape(-1)`.
 * The class axis is the **last** one (batch-first NLP layout), unlike PyTorch's axis 1.
 * Targets are checked like PyTorch's: a value outside `[0, C)` other than `ignoreIndex`, or a
 * non-integer, is an `ArgumentError` (see `validateTargets`).
 *
 * @param logits `[..., C]` (e.g. `[B, T, V]`)
 * @param targets int32 class ids `[...]` (e.g. `[B, T]`)
 * @returns a scalar, or `[...]` with `reduction: 'none'`
 * @example
 * ```ts
 * const loss = crossEntropy(logits, targets, { ignoreIndex: 0, labelSmoothing: 0.1 });
 * ```
 */
export function crossEntropy(
  logits: tf.Tensor,
  targets: tf.Tensor,
  options: CrossEntropyOptions = {},
): tf.Tensor {
  const { ignoreIndex = -100, labelSmoothing = 0, reduction = 'mean', validateTargets = true } = options;
  checkReduction('crossEntropy', reduction);
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new ArgumentError('crossEntropy(labelSmoothing)', 'a number in [0, 1]', labelSmoothing);
  }
  if (!Number.isInteger(ignoreIndex)) {
    throw new ArgumentError('crossEntropy(ignoreIndex)', 'an integer', ignoreIndex);
  }
  const lead = logits.shape.slice(0, -1);
  if (logits.rank < 1 || targets.rank !== lead.length || targets.shape.some((d, i) => d !== lead[i])) {
    throw new ShapeError(
      `crossEntropy(targets): expected shape ${fmtShape(lead)} (logits ${fmtShape(logits.shape)} without the class axis), received ${fmtShape(targets.shape)}`,
      lead,
      [...targets.shape],
    );
  }
  const numClasses = logits.shape[logits.rank - 1]!;
  if (validateTargets)
    checkIds(
      'crossEntropy(targets)',
      targets,
      numClasses,
      `an integer class id in [0, ${numClasses}) or ignoreIndex ${ignoreIndex}`,
      ignoreIndex,
    );
  return tf.tidy(() => {
    const logp = logSoftmax(tf.reshape(logits, [-1, numClasses]));
    const t = tf.reshape(targets.dtype === 'int32' ? targets : tf.cast(targets, 'int32'), [-1]);
    const valid = tf.notEqual(t, ignoreIndex);
    const safe = tf.where(valid, t, tf.zerosLike(t));
    let perToken: tf.Tensor = tf.neg(tf.sum(tf.mul(logp, tf.oneHot(safe, numClasses)), -1));
    if (labelSmoothing > 0) {
      const smooth = tf.neg(tf.mean(logp, -1));
      perToken = tf.add(tf.mul(perToken, 1 - labelSmoothing), tf.mul(smooth, labelSmoothing));
    }
    const validF = tf.cast(valid, 'float32');
    perToken = tf.mul(perToken, validF);
    if (reduction === 'none') return tf.reshape(perToken, lead);
    const total = tf.sum(perToken);
    return reduction === 'sum' ? total : tf.div(total, tf.sum(validF));
  });
}

/**
 * Perplexity from a mean negative log-likelihood (natural log): `exp(loss)`.
 *
 * @example
 * ```ts
 * perplexity(Math.log(50)); // 50
 * ```
 */
export function perplexity(meanNll: number): number {
  return Math.exp(meanNll);
}
