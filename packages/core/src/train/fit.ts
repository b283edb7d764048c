import * as tf from '@tensorflow/tfjs-core';
import { ioFs } from '#io-fs';
import { ArgumentError, NonFiniteLossError } from '../errors';
import { loadCheckpoint, saveCheckpoint } from '../io/checkpoint';
import { clipGradNorm } from '../optim/clip-grad';
import { GradientAccumulator } from '../optim/gradient-accumulator';
import type { Gradients } from '../optim/optimizer';
import type { EvalInfo, StepInfo } from './callbacks';
import { checkFitOptions, type FitOptions, type FitResult } from './fit-options';
import { precompile } from './precompile';

export type { FitOptions, FitResult } from './fit-options';

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
  checkFitOptions(options);

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
      /** With a checkpoint: the generator's state after the last step (micro-batches since drew from it). */
      let stepRng = checkpoint && generator?.getState();
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
          if (checkpoint) stepRng = generator?.getState();
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
