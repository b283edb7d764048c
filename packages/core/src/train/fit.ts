import * as tf from '@tensorflow/tfjs-core';
import { ioFs } from '#io-fs';
import { ArgumentError, NonFiniteLossError } from '../errors';
import { loadCheckpoint, saveCheckpoint } from '../io/checkpoint';
import type { Module } from '../module';
import { clipGradNorm } from '../optim/clip-grad';
import { GradientAccumulator } from '../optim/gradient-accumulator';
import type { Gradients, Optimizer } from '../optim/optimizer';
import type { LRSchedule } from '../optim/schedules';
import type { Generator } from '../random';
import type { Callback, EvalInfo, StepInfo } from './callbacks';
import { precompile } from './precompile';

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

async function scalar(t: tf.Tensor): Promise<number> {
  const v = (await t.data())[0]!;
  t.dispose();
  return v;
}

/**
 * A small training loop: batches → loss → gradients (accumulated over `accumulationSteps`) →
 * optional clipping → schedule → optimizer step, with progress callbacks, periodic evaluation,
 * early stopping, a NaN/Inf guard (`NonFiniteLossError`) and atomic checkpoints that resume
 * exactly (parameters, optimizer state, step, position in the data and RNG state). An
 * `AbortSignal` stops it between steps; it then resolves with `aborted: true` and the partial history.
 * Tensor-neutral: a step leaves `tf.memory().numTensors` unchanged.
 *
 * @example
 * ```ts
 * const result = await fit({
 *   model, optimizer: new AdamW({ lr: 3e-4, params: model }),
 *   loss: ({ x, y }) => crossEntropy(model.forward(x), y),
 *   data: (epoch) => batches(epoch), epochs: 3, clipNorm: 1,
 *   schedule: cosineWithWarmup({ lr: 3e-4, warmupSteps: 100, totalSteps: 3000 }),
 *   evalData: () => validBatches, evalEvery: 200, earlyStopping: { patience: 3 },
 *   callbacks: [progressLogger({ every: 50 })],
 *   signal: stopButton.signal, // an AbortController's: `result.aborted` says whether it fired
 * });
 * ```
 */
export async function fit<B>(options: FitOptions<B>): Promise<FitResult> {
  const { model, optimizer, loss, data, maxSteps, accumulationSteps = 1, schedule, clipNorm } = options;
  const epochs = options.epochs ?? (maxSteps !== undefined ? Number.POSITIVE_INFINITY : 1);
  const {
    tokensPerBatch,
    evalData,
    evalEvery,
    earlyStopping,
    generator,
    checkpoint,
    callbacks = [],
    signal,
  } = options;
  const evalLoss = options.evalLoss ?? loss;
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

  let step = 0;
  let startEpoch = 0;
  let skipBatches = 0;
  let epochRng: number[] | undefined = generator?.getState();
  let best = Number.POSITIVE_INFINITY;
  let badEvals = 0;
  let checkpointRng: number[] | undefined;
  if (checkpoint?.resume && (await exists(checkpoint.path))) {
    const restored = await loadCheckpoint(checkpoint.path, { model, optimizer, generator });
    checkpointRng = generator?.getState();
    step = restored.step;
    const x = restored.extra as {
      epoch: number;
      batch: number;
      epochRng?: number[];
      best?: number | null;
      badEvals?: number;
    };
    startEpoch = x.epoch;
    skipBatches = x.batch;
    epochRng = x.epochRng?.map((v) => (v === null ? Number.NaN : v));
    best = x.best ?? Number.POSITIVE_INFINITY;
    badEvals = x.badEvals ?? 0;
  }
  const history: FitResult['history'] = [];
  const evals: EvalInfo[] = [];
  const started = performance.now();
  const startStep = step;
  let tokens = 0;
  let stoppedEarly = false;
  let stepsPerEpoch: number | undefined;
  /**
   * Gradients of one batch's loss keyed by PyTorch name (freezing may change between steps), or by
   * tfjs variable name for an optimizer made without `params`.
   */
  const lossAndGrads = (batch: B): { value: tf.Scalar; grads: Gradients } => {
    const named = Object.entries(model.trainableParameters());
    const { value, grads: byVariable } = tf.variableGrads(
      () => loss(batch) as tf.Scalar,
      named.map(([, v]) => v),
    );
    if (!optimizer.acceptsParameterNames) return { value, grads: byVariable };
    const grads: Gradients = {};
    for (const [name, v] of named) {
      const g = byVariable[v.name];
      if (g) grads[name] = g;
    }
    return { value, grads };
  };
  const acc = new GradientAccumulator();
  /** The step the checkpoint on disk holds (none yet, or the one resumed from). */
  let savedStep = step;
  /**
   * Saves a checkpoint whose resume replays the data from batch `batch` of epoch `epoch`, with the
   * generator's state `rng` (default: its state now).
   */
  const save = async (epoch: number, batch: number, rng?: number[]) => {
    const extra = {
      epoch,
      batch,
      epochRng: epochRng?.map((v) => (Number.isNaN(v) ? null : v)),
      best: Number.isFinite(best) ? best : null,
      badEvals,
    };
    const now = rng && generator?.getState();
    if (now) generator!.setState(rng!);
    try {
      await saveCheckpoint(checkpoint!.path, { model, optimizer, step, generator, extra });
    } finally {
      if (now) generator!.setState(now);
    }
    savedStep = step;
  };
  let precompileFirst = options.precompile === true && tf.getBackend() === 'webgpu';
  let aborted = false;
  const done = () => {
    if (!aborted && signal?.aborted) aborted = true;
    return (maxSteps !== undefined && step >= maxSteps) || stoppedEarly || aborted;
  };

  const evaluate = async () => {
    model.eval();
    let sum = 0;
    let n = 0;
    for (const batch of evalData!()) {
      sum += await scalar(tf.tidy(() => evalLoss(batch)));
      n += 1;
    }
    model.train();
    const value = n ? sum / n : Number.NaN;
    if (!Number.isFinite(value))
      throw new NonFiniteLossError(`fit: evaluation loss is ${value} at step ${step}`, step, value);
    if (value < best - (earlyStopping?.minDelta ?? 0)) {
      best = value;
      badEvals = 0;
    } else badEvals += 1;
    const info: EvalInfo = { step, loss: value, best: Math.min(best, value), badEvals };
    evals.push(info);
    for (const c of callbacks) await c.onEval?.(info);
    if (earlyStopping && badEvals >= earlyStopping.patience) stoppedEarly = true;
  };

  model.train();
  try {
    for (let epoch = startEpoch; epoch < epochs && !done(); epoch++) {
      if (generator && epochRng) generator.setState(epochRng);
      const iterator = data(epoch)[Symbol.iterator]();
      let batchIndex = 0;
      if (epoch === startEpoch && skipBatches > 0) {
        // Replays the data order of the interrupted epoch, then restores the checkpoint's RNG state.
        while (batchIndex < skipBatches && !iterator.next().done) batchIndex++;
        if (generator && checkpointRng) generator.setState(checkpointRng);
      }
      let micro = 0;
      let lossSum = 0;
      /** The generator's state after the last step (micro-batches since then drew from it). */
      let stepRng = generator?.getState();
      try {
        while (!done()) {
          const r = iterator.next();
          if (r.done) break;
          const batch = r.value;
          batchIndex += 1;
          if (precompileFirst) {
            precompileFirst = false;
            const rng = generator?.getState();
            await precompile(() => {
              const { grads: g } = lossAndGrads(batch);
              optimizer.step(clipNorm === undefined ? g : clipGradNorm(g, clipNorm).grads);
            });
            if (rng) generator!.setState(rng);
          }
          const { value, grads } = lossAndGrads(batch);
          const lossValue = await scalar(value);
          if (!Number.isFinite(lossValue)) {
            tf.dispose(Object.values(grads));
            throw new NonFiniteLossError(
              `fit: training loss is ${lossValue} at step ${step + 1} (epoch ${epoch}, batch ${batchIndex})`,
              step + 1,
              lossValue,
            );
          }
          tokens += tokensPerBatch ? tokensPerBatch(batch) : 1;
          lossSum += lossValue;
          micro += 1;
          let stepGrads: Gradients = grads;
          if (accumulationSteps > 1) {
            acc.add(grads);
            tf.dispose(Object.values(grads));
            if (micro < accumulationSteps) continue;
            stepGrads = acc.mean();
            acc.reset();
          }
          let gradNorm: number | undefined;
          if (clipNorm !== undefined) {
            const clipped = clipGradNorm(stepGrads, clipNorm);
            tf.dispose(Object.values(stepGrads));
            stepGrads = clipped.grads;
            gradNorm = await scalar(clipped.totalNorm);
          }
          if (schedule) optimizer.lr = schedule(step);
          optimizer.step(stepGrads);
          tf.dispose(Object.values(stepGrads));
          step += 1;
          stepRng = generator?.getState();
          const meanLoss = lossSum / micro;
          micro = 0;
          lossSum = 0;
          history.push({ step, loss: meanLoss });
          const elapsedSec = (performance.now() - started) / 1000;
          const totalSteps = maxSteps ?? (stepsPerEpoch ? stepsPerEpoch * epochs : undefined);
          const perStep = elapsedSec / (step - startStep);
          const info: StepInfo = {
            step,
            totalSteps,
            epoch,
            loss: meanLoss,
            lr: optimizer.lr,
            gradNorm,
            tokensPerSec: tokens / Math.max(elapsedSec, 1e-9),
            elapsedSec,
            etaSec: totalSteps !== undefined ? Math.max(0, totalSteps - step) * perStep : undefined,
          };
          for (const c of callbacks) await c.onStep?.(info);
          // Lets an abort from a click or a timer run: on cpu and wasm a step can otherwise finish
          // without ever leaving the microtask queue.
          if (signal) await nextTask();
          if (evalEvery && step % evalEvery === 0) await evaluate();
          if (checkpoint && step % checkpoint.every === 0) await save(epoch, batchIndex);
        }
        // Stopped (not at the epoch's end): the last step's state; micro-batches since then are replayed.
        if (checkpoint && step !== savedStep && done()) await save(epoch, batchIndex - micro, stepRng);
      } finally {
        // Lets a generator release what it holds (e.g. the tensors of its current batch).
        iterator.return?.();
      }
      acc.reset();
      if (aborted) break;
      if (batchIndex === 0)
        throw new ArgumentError(
          'fit(data)',
          `a function whose data(epoch) yields at least one batch (data(${epoch}) yielded no batches)`,
          data,
        );
      if (epoch === startEpoch && skipBatches === 0)
        stepsPerEpoch = Math.floor(batchIndex / accumulationSteps);
      skipBatches = 0;
      epochRng = generator?.getState();
    }
    // The last epoch ended: a resume starts after it (and has nothing left to do).
    if (checkpoint && step !== savedStep && !done()) await save(epochs, 0);
    if (
      evalData &&
      evalEvery &&
      !stoppedEarly &&
      !aborted &&
      (evals.length === 0 || evals[evals.length - 1]!.step !== step)
    )
      await evaluate();
  } finally {
    acc.reset();
  }
  for (const c of callbacks) await c.onEnd?.({ steps: step, stoppedEarly, aborted });
  return { steps: step, history, evals, stoppedEarly, aborted };
}

/** Resolves in a later macrotask (setImmediate in Node; MessageChannel, unclamped, in browsers). */
function nextTask(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Whether a checkpoint file is there to resume from; never without a file system (saving one then
 * says why). Through `#io-fs`, so that browser bundles get no Node import.
 */
async function exists(path: string): Promise<boolean> {
  return ioFs.available && (await ioFs.size(ioFs.resolve(path))) !== undefined;
}
