import { checkNonNegative } from '../checks';
import { ArgumentError } from '../errors';

/**
 * A learning-rate schedule: the learning rate for the optimizer step that follows `step` steps
 * already taken (0-based, as PyTorch's `LambdaLR`: the first update uses `schedule(0)`).
 */
export type LRSchedule = (step: number) => number;

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

/**
 * The same learning rate at every step.
 * @example
 * ```ts
 * constantSchedule({ lr: 1e-3 })(500); // 0.001
 * ```
 */
export function constantSchedule(options: { lr: number }): LRSchedule {
  checkNonNegative('constantSchedule(lr)', options?.lr);
  const { lr } = options;
  return () => lr;
}

/**
 * Linear warmup from 0 to `lr` over `warmupSteps`, then constant: `lr·min(1, step/warmupSteps)`
 * (Hugging Face's `get_constant_schedule_with_warmup`).
 * @example
 * ```ts
 * linearWarmup({ lr: 1e-3, warmupSteps: 10 })(5); // 0.0005
 * ```
 */
export function linearWarmup(options: { lr: number; warmupSteps: number }): LRSchedule {
  const { lr, warmupSteps } = options ?? {};
  checkNonNegative('linearWarmup(lr)', lr);
  checkNonNegative('linearWarmup(warmupSteps)', warmupSteps, true);
  return (step) => (step < warmupSteps ? (lr * step) / warmupSteps : lr);
}

/**
 * The Transformer paper's schedule ("Attention Is All You Need", §5.3):
 * `factor · dModel^−0.5 · min(n^−0.5, n · warmupSteps^−1.5)` with `n = step + 1`: linear warmup,
 * then decay with the inverse square root of the step.
 * @example
 * ```ts
 * const s = inverseSqrtSchedule({ dModel: 512, warmupSteps: 4000 });
 * s(3999); // the peak, ≈ 7.0e-4
 * ```
 */
export function inverseSqrtSchedule(options: {
  dModel: number;
  warmupSteps: number;
  factor?: number;
}): LRSchedule {
  const { dModel, warmupSteps, factor = 1 } = options ?? {};
  if (!(dModel > 0)) throw new ArgumentError('inverseSqrtSchedule(dModel)', 'a positive number', dModel);
  if (!(warmupSteps > 0) || !Number.isInteger(warmupSteps)) {
    throw new ArgumentError('inverseSqrtSchedule(warmupSteps)', 'a positive integer', warmupSteps);
  }
  checkNonNegative('inverseSqrtSchedule(factor)', factor);
  return (step) => {
    const n = step + 1;
    return factor * dModel ** -0.5 * Math.min(n ** -0.5, n * warmupSteps ** -1.5);
  };
}

/** Options of `cosineWithWarmup`. */
export interface CosineWithWarmupOptions {
  /** Peak learning rate. */
  lr: number;
  /** Steps of linear warmup from 0. */
  warmupSteps: number;
  /** Step at which the cosine reaches `minLr` (it stays there after). */
  totalSteps: number;
  /** Final learning rate. Default `0`. */
  minLr?: number;
}

/**
 * Linear warmup, then half a cosine from `lr` down to `minLr` at `totalSteps`:
 * `minLr + (lr − minLr)·½(1 + cos(π·progress))` (Hugging Face's `get_cosine_schedule_with_warmup`
 * when `minLr = 0`).
 * @example
 * ```ts
 * const s = cosineWithWarmup({ lr: 6e-4, warmupSteps: 100, totalSteps: 2000, minLr: 6e-5 });
 * ```
 */
export function cosineWithWarmup(options: CosineWithWarmupOptions): LRSchedule {
  const { lr, warmupSteps, totalSteps, minLr = 0 } = options ?? ({} as CosineWithWarmupOptions);
  checkNonNegative('cosineWithWarmup(lr)', lr);
  checkNonNegative('cosineWithWarmup(minLr)', minLr);
  checkNonNegative('cosineWithWarmup(warmupSteps)', warmupSteps, true);
  checkNonNegative('cosineWithWarmup(totalSteps)', totalSteps, true);
  if (totalSteps < warmupSteps) {
    throw new ArgumentError(
      'cosineWithWarmup(totalSteps)',
      `an integer >= warmupSteps (${warmupSteps})`,
      totalSteps,
    );
  }
  return (step) => {
    if (step < warmupSteps) return (lr * step) / warmupSteps;
    const progress =
      totalSteps === warmupSteps ? 1 : Math.min(1, (step - warmupSteps) / (totalSteps - warmupSteps));
    return minLr + (lr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
  };
}

/** Options of `linearDecay`. */
export interface LinearDecayOptions {
  /** Peak learning rate. */
  lr: number;
  /** Step at which `endLr` is reached (it stays there after). */
  totalSteps: number;
  /** Steps of linear warmup from 0. Default `0`. */
  warmupSteps?: number;
  /** Final learning rate. Default `0`. */
  endLr?: number;
}

/**
 * Optional linear warmup, then a straight line from `lr` to `endLr` at `totalSteps`
 * (Hugging Face's `get_linear_schedule_with_warmup` when `endLr = 0`).
 * @example
 * ```ts
 * linearDecay({ lr: 1e-3, totalSteps: 100 })(50); // 0.0005
 * ```
 */
export function linearDecay(options: LinearDecayOptions): LRSchedule {
  const { lr, totalSteps, warmupSteps = 0, endLr = 0 } = options ?? ({} as LinearDecayOptions);
  checkNonNegative('linearDecay(lr)', lr);
  checkNonNegative('linearDecay(endLr)', endLr);
  checkNonNegative('linearDecay(warmupSteps)', warmupSteps, true);
  checkNonNegative('linearDecay(totalSteps)', totalSteps, true);
  if (totalSteps < warmupSteps) {
    throw new ArgumentError(
      'linearDecay(totalSteps)',
      `an integer >= warmupSteps (${warmupSteps})`,
      totalSteps,
    );
  }
  return (step) => {
    if (step < warmupSteps) return (lr * step) / warmupSteps;
    const progress =
      totalSteps === warmupSteps ? 1 : Math.min(1, (step - warmupSteps) / (totalSteps - warmupSteps));
    return lr + (endLr - lr) * progress;
  };
}
