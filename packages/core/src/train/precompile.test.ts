/**
 * `precompile` on webgpu in Node (Dawn on lavapipe, when present): it creates the pipelines of a
 * training step without computing, the real steps after it create none, and training from there is
 * bit-identical to training without it (variables, glossa and tfjs optimizer state put back; no
 * tensors left). Off webgpu it does nothing.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { probeBackends } from '../backend/backend';
import { ArgumentError } from '../errors';
import { gelu } from '../functional/activations';
import { LayerNorm } from '../layers/layer-norm';
import { Linear } from '../layers/linear';
import { crossEntropy } from '../losses/cross-entropy';
import { Module } from '../module';
import { AdamW } from '../optim/adamw';
import { Generator } from '../random';
import { withBackend } from '../testing';
import { fit } from './fit';
import { precompile } from './precompile';

class Net extends Module {
  fc1: Linear;
  norm: LayerNorm;
  fc2: Linear;
  constructor(g: Generator) {
    super();
    this.fc1 = this.registerModule('fc1', new Linear({ inFeatures: 8, outFeatures: 32, generator: g }));
    this.norm = this.registerModule('norm', new LayerNorm({ normalizedShape: [32] }));
    this.fc2 = this.registerModule('fc2', new Linear({ inFeatures: 32, outFeatures: 5, generator: g }));
  }
  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.fc2.forward(gelu(this.norm.forward(this.fc1.forward(x)))));
  }
}

const batch = () => {
  const g = new Generator(3);
  const x = tf.tensor2d(Array.from({ length: 16 }, () => Array.from({ length: 8 }, () => g.normal())));
  const y = tf.tensor1d(
    Array.from({ length: 16 }, (_, i) => i % 5),
    'int32',
  );
  return { x, y };
};

/** A glossa model and AdamW; `steps` real steps after an optional precompile. */
async function trainGlossa(steps: number, pre: boolean) {
  const model = new Net(new Generator(1));
  const opt = new AdamW({ lr: 1e-2, params: model });
  // A fresh batch each step, as a data loader gives (targets on the CPU side: checked there).
  const step = () => {
    const { x, y } = batch();
    const { value, grads } = tf.variableGrads(() => crossEntropy(model.forward(x), y) as tf.Scalar);
    opt.step(grads);
    tf.dispose([x, y, ...Object.values(grads)]);
    return value;
  };
  const tensors = tf.memory().numTensors;
  const result = pre ? await precompile(step) : undefined;
  const afterPrecompile = tf.memory().numTensors - tensors;
  const created = countPipelines();
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const l = step();
    losses.push((await l.data())[0]!);
    l.dispose();
  }
  const pipelines = created();

  const weight = Array.from(await model.fc1.weight.data());
  const stepCount = opt.stepCount;
  opt.dispose();
  model.dispose();
  return { result, afterPrecompile, pipelines, losses, weight, stepCount };
}

/** Counts the pipelines the webgpu backend's device creates (synchronously, or `async`) from now on. */
function countPipelines(async = false): () => number {
  type Device = Record<'createComputePipeline' | 'createComputePipelineAsync', (d: unknown) => unknown>;
  const device = (tf.backend() as unknown as { device: Device }).device;
  const name = async ? 'createComputePipelineAsync' : 'createComputePipeline';
  const original = device[name];
  let n = 0;
  device[name] = function (this: unknown, d: unknown) {
    n++;
    return original.call(this, d);
  };
  return () => {
    device[name] = original;
    return n;
  };
}

/** `fit` for 3 steps (clipped), with or without `precompile`: history, weights, pipelines made. */
async function fitNet(pre: boolean) {
  const model = new Net(new Generator(5));
  const optimizer = new AdamW({ lr: 1e-2, params: model });
  const batches = [0, 1, 2].map(() => batch());
  const sync = countPipelines();
  const async = countPipelines(true);
  const { history } = await fit({
    model,
    optimizer,
    loss: (b) => crossEntropy(model.forward(b.x), b.y),
    data: () => batches,
    maxSteps: 3,
    clipNorm: 0.5,
    generator: new Generator(9),
    precompile: pre,
  });
  const made = { async: async(), sync: sync() };
  const weight = Array.from(await model.fc2.weight.data());
  optimizer.dispose();
  model.dispose();
  tf.dispose(batches.flatMap((b) => [b.x, b.y]));
  return { history, weight, made };
}

describe('precompile: arguments and other backends', () => {
  it('rejects a non-function and optimizers that are not tfjs optimizers', async () => {
    await expect(precompile(42 as unknown as () => void)).rejects.toThrow(ArgumentError);
    await expect(precompile(() => {}, { optimizers: [{}] as unknown as tf.Optimizer[] })).rejects.toThrow(
      /options\.optimizers/,
    );
  });

  it('does nothing off webgpu (cpu): run is not called', () =>
    withBackend('cpu', async () => {
      let called = false;
      const r = await precompile(() => {
        called = true;
      });
      expect(called).toBe(false);
      expect(r).toEqual({ backend: 'cpu', pipelines: 0, cached: 0, recordMs: 0, compileMs: 0 });
    }));
});

const [webgpu] = await probeBackends(['webgpu']);

describe.skipIf(!webgpu?.available)(
  `precompile on webgpu${webgpu?.available ? '' : ` (skipped: ${webgpu?.reason})`}`,
  () => {
    it('fit({ precompile: true }) compiles before the first step and trains exactly as without it', () =>
      withBackend('webgpu', async () => {
        const warn = vi.spyOn(console, 'warn');
        const pre = await fitNet(true); // first in this file: no pipeline cached yet
        // No read of uncomputed data (tfjs warns "The data may be invalid…"): glossa's deferred id
        // checks skip their read while compiling (the targets are GPU-resident in the second pass).
        expect(warn).not.toHaveBeenCalled();
        warn.mockRestore();
        const plain = await fitNet(false);
        expect(pre.made.async).toBeGreaterThan(10);
        expect(pre.made.sync).toBe(0); // nothing left for the steps to compile
        expect(pre.history).toEqual(plain.history);
        expect(pre.weight).toEqual(plain.weight);
      }));

    it('compiles the step once; training after it equals training without it; no tensor left', () =>
      withBackend('webgpu', async () => {
        const pre = await trainGlossa(3, true);
        const plain = await trainGlossa(3, false);
        expect(pre.result!.cached).toBeGreaterThan(10);
        expect(pre.result!.backend).toBe('webgpu');
        expect(pre.afterPrecompile).toBe(0);
        expect(pre.pipelines).toBe(0); // every pipeline of the step was made by precompile
        expect(pre.losses).toEqual(plain.losses);
        expect(pre.weight).toEqual(plain.weight);
        expect(pre.stepCount).toBe(3); // the optimizer's step count was put back
        expect(tf.env().getBool('WEBGPU_ENGINE_COMPILE_ONLY')).toBe(false);
      }));

    it('puts back tfjs optimizers listed in options.optimizers and disposes variables the run made', () =>
      withBackend('webgpu', async () => {
        const run = async (pre: boolean) => {
          const w = tf.tidy(() =>
            tf.variable(
              tf.tensor2d([
                [0.5, -1],
                [2, 0.25],
              ]),
            ),
          );
          const opt = tf.train.adam(0.1);
          const x = tf.tensor2d([
            [1, 2],
            [3, 4],
            [5, 6],
          ]);
          const step = () => opt.minimize(() => tf.sum(tf.square(tf.matMul(x, w))), true, [w])!;
          const tensors = tf.memory().numTensors;
          const made: tf.Variable[] = [];
          if (pre)
            await precompile(
              () => {
                made.push(tf.variable(tf.zerosLike(x)));
                return step();
              },
              { optimizers: [opt] },
            );
          expect(tf.memory().numTensors).toBe(tensors);
          expect(made.every((v) => v.isDisposed)).toBe(true);
          const losses: number[] = [];
          for (let i = 0; i < 3; i++) {
            const l = step();
            losses.push((await l.data())[0]!);
            l.dispose();
          }
          const out = Array.from(await w.data());
          opt.dispose();
          tf.dispose([w, x]);
          return { losses, out };
        };
        const pre = await run(true);
        expect(pre).toEqual(await run(false));
      }));

    it('a run that returns a Promise is an ArgumentError, with the state put back', () =>
      withBackend('webgpu', async () => {
        const w = tf.tidy(() => tf.variable(tf.tensor1d([1, 2, 3])));
        const tensors = tf.memory().numTensors;
        await expect(
          precompile(async () => {
            w.assign(tf.mul(w, 2));
          }),
        ).rejects.toThrow(/synchronous function/);
        expect(tf.env().getBool('WEBGPU_ENGINE_COMPILE_ONLY')).toBe(false);
        expect(tf.memory().numTensors).toBe(tensors);
        expect(Array.from(await w.data())).toEqual([1, 2, 3]);
        w.dispose();
      }));
  },
);
