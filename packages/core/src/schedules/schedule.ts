import { ArgumentError } from '../errors';

/**
 * A learning-rate schedule: the learning rate for the optimizer step that follows `step` steps
 * already taken (0-based, as PyTorch's `LambdaLR`: the first update uses `schedule(0)`).
 */
export type LRSchedule = (step: number) => number;

/** Checks a schedule argument. */
export function checkNonNegative(what: string, v: number, integer = false): void {
  if (typeof v !== 'number' || !(v >= 0) || (integer && !Number.isInteger(v))) {
    throw new ArgumentError(
      `${what}: expected a non-negative ${integer ? 'integer' : 'number'}, received ${String(v)}`,
    );
  }
}

/**
 * Sets `optimizer.lr` from `schedule` for its next step. Call before each `optimizer.step`
 * (the training loop does this for you).
 *
 * @example
 * ```ts
 * applySchedule(opt, cosineWithWarmup({ lr: 3e-4, warmupSteps: 100, totalSteps: 5000 }));
 * opt.step(grads);
 * ```
 */
export function applySchedule(optimizer: { lr: number; stepCount: number }, schedule: LRSchedule): number {
  optimizer.lr = schedule(optimizer.stepCount);
  return optimizer.lr;
}
