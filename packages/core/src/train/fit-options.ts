import type * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors';
import type { Module } from '../module';
import type { Optimizer } from '../optim/optimizer';
import type { LRSchedule } from '../optim/schedules';
import type { Generator } from '../random';
import type { Callback, EvalInfo } from './callbacks';

/** Options of `fit`. */
export interface FitOptions<B> {
  model: Module;
  optimizer: Optimizer;
  /** The training loss of one batch, a scalar tensor (the model is in training mode). */
  loss: (batch: B) => tf.Tensor;
  /**
   * Training batches of one epoch; called once per epoch (shuffle with a seeded generator here).
   * `fit` owns nothing it is given: a generator that makes tensors per batch disposes them itself, and
   * must do so in a `finally` around its `yield` — when `fit` stops early (`maxSteps`, early stopping,
   * a signal) it closes the generator at the `yield`, so code after the `yield` never runs:
   * `for (...) { const b = makeBatch(); try { yield b; } finally { tf.dispose(b); } }`.
   */
  data: (epoch: number) => Iterable<B>;
  /** Epochs to run. Default `1`, or unlimited when `maxSteps` is given. */
  epochs?: number;
  /** Stop after this many optimizer steps (across epochs). */
  maxSteps?: number;
  /** Micro-batches whose gradients are averaged into one optimizer step. Default `1`. */
  accumulationSteps?: number;
  /** Learning rate per step; sets `optimizer.lr` before each step. */
  schedule?: LRSchedule;
  /** Clip the global gradient norm to this value before each step. */
  clipNorm?: number;
  /** Tokens (or examples) in a batch, for the tokens/s figure. Default: 1 per batch. */
  tokensPerBatch?: (batch: B) => number;
  /** Evaluation batches; with `evalEvery`, the mean of `evalLoss` over them is reported. */
  evalData?: () => Iterable<B>;
  /** Evaluate every this many steps (and once at the end). */
  evalEvery?: number;
  /** Loss used for evaluation (the model is put in eval mode). Default: `loss`. */
  evalLoss?: (batch: B) => tf.Tensor;
  /** Stop when the evaluation loss has not improved by `minDelta` (default 0) for `patience` evaluations. */
  earlyStopping?: { patience: number; minDelta?: number };
  /** Generator used by the model/data (dropout, shuffling): saved in checkpoints. */
  generator?: Generator;
  /**
   * Save a checkpoint to `path` every `every` steps (Node), and once more when training stops (the
   * last epoch, `maxSteps`, early stopping or an abort), so that a run stopped at any step loses
   * nothing; `resume: true` continues from it if present.
   */
  checkpoint?: { path: string; every: number; resume?: boolean };
  callbacks?: Callback[];
  /**
   * Stops training when aborted (e.g. a Stop button's `AbortController`). It is checked before
   * each batch, and with a signal `fit` yields to the event loop after every step so that a click
   * or timer can abort it; the step in progress finishes; micro-batches of an unfinished accumulation are
   * dropped, no evaluation is added (the checkpoint, if any, is saved at the last step), and `fit`
   * resolves — it does not reject — with
   * `aborted: true` and the history so far. Already aborted: resolves at once with no steps.
   */
  signal?: AbortSignal;
  /**
   * webgpu: before the first step, create its pipelines asynchronously with `precompile` (loss,
   * gradients, clipping and optimizer update of the first batch, nothing computed, state put back —
   * `generator`'s included), so the first step does not stop to compile each one. Default `false`;
   * ignored on other backends.
   */
  precompile?: boolean;
}

/** What `fit` returns. */
export interface FitResult {
  /** Optimizer steps taken in total (including steps restored from a checkpoint). */
  steps: number;
  /** Training loss per step of this run. */
  history: Array<{ step: number; loss: number }>;
  /** Evaluation results. */
  evals: EvalInfo[];
  stoppedEarly: boolean;
  /** `true` when `signal` stopped the run (the history holds the steps taken before). */
  aborted: boolean;
}

/** Throws an `ArgumentError` naming the first option of `fit` that cannot work. */
export function checkFitOptions<B>(options: FitOptions<B>): void {
  const { accumulationSteps = 1, evalData, evalEvery, earlyStopping, signal, checkpoint } = options;
  if (!Number.isInteger(accumulationSteps) || accumulationSteps < 1) {
    throw new ArgumentError('fit(accumulationSteps)', 'a positive integer', accumulationSteps);
  }
  if (evalEvery !== undefined && !evalData)
    throw new ArgumentError('fit(evalData)', 'a data source when evalEvery is set', evalData);
  if (earlyStopping && !(evalEvery && evalData))
    throw new ArgumentError(
      evalData ? 'fit(evalEvery)' : 'fit(evalData)',
      `${evalData ? 'a positive number of steps' : 'a data source'} when earlyStopping is set (it needs evalData and evalEvery)`,
      evalData ? evalEvery : evalData,
    );
  if (signal !== undefined && typeof signal?.aborted !== 'boolean') {
    throw new ArgumentError('fit(signal)', 'an AbortSignal', signal);
  }
  if (checkpoint && !(checkpoint.every > 0)) {
    throw new ArgumentError('fit(checkpoint.every)', 'a positive number of steps', checkpoint.every);
  }
}
