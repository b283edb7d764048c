import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { NonFiniteLossError } from '../errors';
import { Dropout } from '../layers/dropout';
import { Linear } from '../layers/linear';
import { crossEntropy } from '../losses/cross-entropy';
import { Module } from '../module';
import { AdamW } from '../optim/adamw';
import { linearWarmup } from '../optim/schedules';
import { SGD } from '../optim/sgd';
import { Generator } from '../random';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { progressLogger, type StepInfo } from './callbacks';
import { fit } from './fit';

class Mlp extends Module {
  fc1: Linear;
  drop: Dropout;
  fc2: Linear;
  constructor(g: Generator, p = 0) {
    super();
    this.fc1 = this.registerModule('fc1', new Linear({ inFeatures: 4, outFeatures: 16, generator: g }));
    this.drop = this.registerModule('drop', new Dropout({ p, generator: g }));
    this.fc2 = this.registerModule('fc2', new Linear({ inFeatures: 16, outFeatures: 3, generator: g }));
  }
  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.fc2.forward(this.drop.forward(tf.relu(this.fc1.forward(x)))));
  }
}

/** A fixed toy dataset (class = argmax of the first three features), as plain arrays. */
function dataset(n: number, seed: number): Array<{ x: number[]; y: number }> {
  const g = new Generator(seed);
  return Array.from({ length: n }, () => {
    const x = [g.normal(), g.normal(), g.normal(), g.normal()];
    return { x, y: x.slice(0, 3).indexOf(Math.max(...x.slice(0, 3))) };
  });
}
type Batch = { x: tf.Tensor2D; y: tf.Tensor1D };
const toBatch = (rows: Array<{ x: number[]; y: number }>): Batch => ({
  x: tf.tensor2d(rows.map((r) => r.x)),
  y: tf.tensor1d(
    rows.map((r) => r.y),
    'int32',
  ),
});
/** Batches of one epoch, shuffled with `g`; tensors are created lazily and released after use. */
function* batches(
  rows: Array<{ x: number[]; y: number }>,
  size: number,
  g?: Generator,
): IterableIterator<Batch> {
  const order = rows.map((_, i) => i);
  if (g) g.shuffle(order);
  for (let i = 0; i + size <= order.length; i += size) {
    const b = toBatch(order.slice(i, i + size).map((j) => rows[j]!));
    try {
      yield b;
    } finally {
      tf.dispose([b.x, b.y]);
    }
  }
}
const lossOf = (m: Module) => (b: Batch) => crossEntropy(m.forward(b.x), b.y) as tf.Scalar;

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(`fit on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`, () => {
    const train = dataset(64, 1);
    const valid = dataset(32, 2);

    it('learns, evaluates, reports progress and leaves tf.memory().numTensors unchanged', () =>
      withBackend(b.name, async () => {
        const g = new Generator(0);
        const model = new Mlp(g);
        const opt = new AdamW({ lr: 0.02, params: model });
        const steps: StepInfo[] = [];
        const lines: string[] = [];
        const counts: number[] = [];
        const result = await fit({
          model,
          optimizer: opt,
          loss: lossOf(model),
          data: () => batches(train, 16, g),
          epochs: 8,
          evalData: () => batches(valid, 16),
          evalEvery: 8,
          schedule: linearWarmup({ lr: 0.02, warmupSteps: 4 }),
          clipNorm: 5,
          tokensPerBatch: () => 16,
          callbacks: [
            { onStep: (i) => void steps.push(i) },
            { onStep: () => void counts.push(tf.memory().numTensors) },
            progressLogger({ every: 16, log: (l) => lines.push(l) }),
          ],
        });
        expect(result.steps).toBe(32);
        // Parameters, optimizer slots and the current batch: the same count after every step and
        // evaluation (withBackend also checks that nothing is left after fit).
        expect(steps.length).toBe(32);
        expect(new Set(counts.slice(1)).size).toBe(1);
        expect(result.evals.map((e) => e.step)).toEqual([8, 16, 24, 32]);
        expect(result.evals[3]!.loss).toBeLessThan(result.evals[0]!.loss);
        expect(result.history[31]!.loss).toBeLessThan(result.history[0]!.loss);
        expect(steps[0]!.lr).toBe(0); // warmup: schedule(0) = 0
        expect(steps[5]!.lr).toBeCloseTo(0.02, 12);
        expect(steps[0]!.gradNorm).toBeGreaterThan(0);
        expect(steps[9]!.totalSteps).toBe(32); // known after the first epoch
        expect(steps[31]!.etaSec).toBe(0);
        expect(lines.find((l) => l.startsWith('step '))).toMatch(
          /^step 16\/32 \| loss \d+\.\d{4} \| lr 2\.00e-2 \| [\d,]+ tok\/s \| \|g\| \d+\.\d{3} \| ETA \d+s$/,
        );
        expect(lines.some((l) => /^eval @ step 8 \| loss/.test(l))).toBe(true);
        opt.dispose();
        model.dispose();
      }));

    it('gradient accumulation over 2 micro-batches of 8 equals batches of 16', () =>
      withBackend(b.name, async () => {
        const run = async (size: number, accumulationSteps: number) => {
          const model = new Mlp(new Generator(5));
          const opt = new SGD({ lr: 0.1, momentum: 0.9, params: model });
          await fit({
            model,
            optimizer: opt,
            loss: lossOf(model),
            data: () => batches(train, size),
            accumulationSteps,
          });
          const w = await model.fc1.weight.data();
          opt.dispose();
          model.dispose();
          return w;
        };
        expect(await maxAbsDiff(await run(8, 2), await run(16, 1))).toBeLessThan(1e-5);
      }));

    it('stops early when the validation loss stops improving', () =>
      withBackend(b.name, async () => {
        const model = new Mlp(new Generator(6));
        const opt = new SGD({ lr: 0.05, params: model });
        let calls = 0;
        const result = await fit({
          model,
          optimizer: opt,
          loss: lossOf(model),
          data: () => batches(train, 16),
          epochs: 50,
          evalData: () => batches(valid, 32),
          evalEvery: 4,
          // A validation loss that improves twice, then worsens.
          evalLoss: () => tf.scalar([3, 2, 2.5, 2.6, 2.7, 2.8][Math.min(calls++, 5)]!),
          earlyStopping: { patience: 3 },
        });
        expect(result.stoppedEarly).toBe(true);
        expect(result.evals.map((e) => Math.round(e.loss * 10) / 10)).toEqual([3, 2, 2.5, 2.6, 2.7]);
        expect(result.steps).toBe(20);
        opt.dispose();
        model.dispose();
      }));

    it('runs until maxSteps when no epoch count is given, and rejects empty data', () =>
      withBackend(b.name, async () => {
        const model = new Mlp(new Generator(8));
        const opt = new SGD({ lr: 0.01, params: model });
        const result = await fit({
          model,
          optimizer: opt,
          loss: lossOf(model),
          data: () => batches(train, 32),
          maxSteps: 5,
        });
        expect(result.steps).toBe(5); // 2 batches per epoch: 3 epochs
        const err = await fit({
          model,
          optimizer: opt,
          loss: lossOf(model),
          data: () => [],
          maxSteps: 5,
        }).catch((e) => e);
        expect(err.message).toMatch(
          /fit\(data\): expected .*\(data\(0\) yielded no batches\), received a function/,
        );
        opt.dispose();
        model.dispose();
      }));

    it('throws NonFiniteLossError naming the step when the loss becomes NaN', () =>
      withBackend(b.name, async () => {
        const model = new Mlp(new Generator(7));
        const opt = new SGD({ lr: 0.1, params: model });
        let n = 0;
        const bad = (bt: Batch) =>
          (++n === 3 ? tf.mul(lossOf(model)(bt), Number.NaN) : lossOf(model)(bt)) as tf.Scalar;
        const err = await fit({ model, optimizer: opt, loss: bad, data: () => batches(train, 16) }).catch(
          (e) => e,
        );
        expect(err).toBeInstanceOf(NonFiniteLossError);
        expect(err.step).toBe(3);
        expect(err.message).toMatch(/training loss is NaN at step 3/);
        opt.dispose();
        model.dispose();
      }));

    it('a run stopped after a checkpoint resumes exactly (dropout and shuffling included)', () =>
      withBackend(b.name, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'glossa-fit-'));
        const run = async (maxSteps: number, path?: string) => {
          const g = new Generator(11);
          const model = new Mlp(g, 0.2);
          const opt = new AdamW({ lr: 0.01, params: model });
          const result = await fit({
            model,
            optimizer: opt,
            loss: lossOf(model),
            data: () => batches(train, 16, g),
            epochs: 3,
            maxSteps,
            generator: g,
            checkpoint: path ? { path, every: 3, resume: true } : undefined,
          });
          const w = [await model.fc1.weight.data(), await model.fc2.bias!.data()];
          opt.dispose();
          model.dispose();
          return { w, result };
        };
        const straight = await run(10);
        const path = join(dir, 'ckpt.safetensors');
        const first = await run(7, path); // checkpoints at steps 3 and 6 (mid-epoch 2), and 7 as it stops
        expect(first.result.steps).toBe(7);
        const resumed = await run(10, path); // restarts from step 7
        expect(resumed.result.history[0]!.step).toBe(8);
        expect(resumed.result.steps).toBe(10);
        expect(await maxAbsDiff(resumed.w[0]!, straight.w[0]!)).toBe(0);
        expect(await maxAbsDiff(resumed.w[1]!, straight.w[1]!)).toBe(0);
        // run to the end of the last epoch: the checkpoint holds the last step, and a resume has nothing to do
        const end = await run(1000, path);
        const again = await run(1000, path);
        expect(again.result.steps).toBe(end.result.steps);
        expect(again.result.history).toEqual([]);
        expect(await maxAbsDiff(again.w[0]!, end.w[0]!)).toBe(0);
      }));

    it('an aborted run saves its last step: resuming loses nothing (an accumulation cut short is replayed)', () =>
      withBackend(b.name, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'glossa-fit-'));
        const run = async (path: string, abortAtMicro?: number) => {
          const g = new Generator(5);
          const model = new Mlp(g, 0.2);
          const opt = new AdamW({ lr: 0.01, params: model });
          const controller = new AbortController();
          let micro = 0;
          const loss = lossOf(model);
          const result = await fit({
            model,
            optimizer: opt,
            loss: (batch) => {
              if (++micro === abortAtMicro) controller.abort();
              return loss(batch);
            },
            data: () => batches(train, 16, g), // 4 batches: 2 steps an epoch
            epochs: 4,
            accumulationSteps: 2,
            generator: g,
            checkpoint: { path, every: 100, resume: true },
            signal: controller.signal,
          });
          const w = await model.fc1.weight.data();
          opt.dispose();
          model.dispose();
          return { w, result };
        };
        const straight = await run(join(dir, 'straight.safetensors'));
        const path = join(dir, 'ckpt.safetensors');
        const before = tf.memory().numTensors;
        const first = await run(path, 7); // the first micro-batch of step 4 (epoch 1): steps 1–3 done
        expect(first.result).toMatchObject({ steps: 3, aborted: true });
        const resumed = await run(path);
        expect(resumed.result.history[0]!.step).toBe(4);
        expect(resumed.result.steps).toBe(8);
        expect(await maxAbsDiff(resumed.w, straight.w)).toBe(0);
        expect(tf.memory().numTensors).toBe(before);
      }));

    it('an AbortSignal stops between steps: resolves with aborted and the partial history, no leaks', () =>
      withBackend(b.name, async () => {
        const model = new Mlp(new Generator(3));
        const opt = new AdamW({ lr: 0.01, params: model });
        const controller = new AbortController();
        const ends: Array<{ steps: number; aborted: boolean }> = [];
        const evalSteps: number[] = [];
        const result = await fit({
          model,
          optimizer: opt,
          loss: lossOf(model),
          data: () => batches(train, 8),
          epochs: 5,
          evalData: () => batches(valid, 16),
          evalEvery: 2,
          signal: controller.signal,
          callbacks: [
            { onStep: (i) => (i.step === 3 ? controller.abort() : undefined) },
            { onEval: (e) => void evalSteps.push(e.step), onEnd: (r) => void ends.push(r) },
          ],
        });
        expect(result.aborted).toBe(true);
        expect(result.stoppedEarly).toBe(false);
        expect(result.steps).toBe(3);
        expect(result.history.map((h) => h.step)).toEqual([1, 2, 3]);
        expect(evalSteps).toEqual([2]); // no evaluation added at the end of an aborted run
        expect(ends).toEqual([{ steps: 3, stoppedEarly: false, aborted: true }]);
        opt.dispose();
        model.dispose();
      }));

    it('an abort from a timer is seen (fit yields once per step); an aborted signal runs no step', () =>
      withBackend(b.name, async () => {
        const model = new Mlp(new Generator(4));
        const opt = new SGD({ lr: 0.01, params: model });
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 0);
        const timed = await fit({
          model,
          optimizer: opt,
          loss: lossOf(model),
          data: () => batches(train, 8),
          maxSteps: 10_000,
          signal: controller.signal,
        });
        expect(timed.aborted).toBe(true);
        expect(timed.steps).toBeLessThan(10_000);
        let calls = 0;
        const none = await fit({
          model,
          optimizer: opt,
          loss: lossOf(model),
          data: () => {
            calls += 1;
            return batches(train, 8);
          },
          signal: AbortSignal.abort(),
        });
        expect(none).toMatchObject({ steps: 0, history: [], aborted: true });
        expect(calls).toBe(0);
        const notASignal = await fit({
          model,
          optimizer: opt,
          loss: lossOf(model),
          data: () => batches(train, 8),
          signal: {} as AbortSignal,
        }).catch((e) => e);
        expect(notASignal.message).toMatch(/fit\(signal\): expected an AbortSignal, received an object/);
        opt.dispose();
        model.dispose();
      }));

    it('an abort in the middle of an accumulation drops its micro-batches and leaks nothing', () =>
      withBackend(b.name, async () => {
        const model = new Mlp(new Generator(6));
        const opt = new SGD({ lr: 0.01, params: model });
        const controller = new AbortController();
        let micro = 0;
        const result = await fit({
          model,
          optimizer: opt,
          loss: (bt) => {
            if (++micro === 3) controller.abort(); // the first micro-batch of step 2
            return lossOf(model)(bt);
          },
          data: () => batches(train, 8),
          accumulationSteps: 2,
          signal: controller.signal,
        });
        expect(result).toMatchObject({ steps: 1, aborted: true });
        expect(opt.stepCount).toBe(1);
        opt.dispose();
        model.dispose();
      }));
  });
}
