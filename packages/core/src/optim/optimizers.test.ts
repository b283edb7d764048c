import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture } from '../../test/fixtures/load';
import { ArgumentError, FormatError } from '../errors';
import { Linear } from '../layers/linear';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { Adam } from './adam';
import { AdamW, decayMatricesOnly } from './adamw';
import type { Optimizer } from './optimizer';
import { RMSProp } from './rmsprop';
import { SGD } from './sgd';

type P = Record<string, FixtureTensor>;
const fx = loadFixture('optim.torch.json') as {
  params: P;
  grads: P[];
  optimizers: Array<{
    optimizer: string;
    name: string;
    options: Record<string, any>;
    decay_only: string[] | null;
    after: P[];
    state: P;
  }>;
};
const pub = loadFixture('modules.public.json').optimizers as Array<{
  name: string;
  hyperparams: { lr: number; betas: [number, number]; eps: number; weight_decay: number };
  param_init: FixtureTensor;
  grads: FixtureTensor[];
  param_after_float64: FixtureTensor;
  exp_avg_float32: FixtureTensor;
  exp_avg_sq_float32: FixtureTensor;
}>;

/** A variable from fixture data (the initial tensor is released). */
function variable(f: FixtureTensor): tf.Variable {
  const t = tf.tensor(f.data, f.shape);
  const v = tf.variable(t);
  t.dispose();
  return v;
}

function make(kind: string, options: Record<string, any>): Optimizer {
  switch (kind) {
    case 'SGD':
      return new SGD(options);
    case 'RMSprop':
      return new RMSProp(options);
    case 'Adam':
      return new Adam(options);
    case 'AdamW':
      return new AdamW(options);
  }
  throw new Error(kind);
}

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `optimizers on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      for (const c of fx.optimizers) {
        it(`${c.name} matches torch.optim.${c.optimizer} over ${c.after.length} steps, state included`, () =>
          withBackend(b.name, async () => {
            const params = {
              w: variable(fx.params.w!),
              b: variable(fx.params.b!),
            };
            const decayOnly = c.decay_only;
            const opt = make(c.optimizer, {
              ...c.options,
              params,
              ...(decayOnly ? { decayMask: (name: string) => decayOnly.includes(name) } : {}),
            });
            for (let s = 0; s < fx.grads.length; s++) {
              const grads = Object.fromEntries(
                Object.entries(fx.grads[s]!).map(([k, g]) => [k, tf.tensor(g.data, g.shape)]),
              );
              opt.step(grads);
              tf.dispose(Object.values(grads));
              for (const k of ['w', 'b'] as const) {
                expect(await maxAbsDiff(params[k], c.after[s]![k]!.data)).toBeLessThan(1e-5);
              }
            }
            const state = opt.stateDict();
            expect(Object.keys(state.tensors).sort()).toEqual(Object.keys(c.state).sort());
            for (const [k, v] of Object.entries(c.state))
              expect(await maxAbsDiff(state.tensors[k]!, v.data)).toBeLessThan(1e-5);
            opt.dispose();
            tf.dispose(Object.values(params));
          }));
      }

      for (const c of pub) {
        it(`Adam matches modules.public.json ${c.name}`, () =>
          withBackend(b.name, async () => {
            const w = variable(c.param_init);
            const { lr, betas, eps, weight_decay } = c.hyperparams;
            const opt = new Adam({ lr, betas, eps, weightDecay: weight_decay });
            for (const g of c.grads) {
              const gt = tf.tensor(g.data, g.shape);
              opt.step({ [w.name]: gt }); // keyed by the tfjs variable name, as tf.variableGrads returns
              gt.dispose();
            }
            expect(await maxAbsDiff(w, c.param_after_float64.data)).toBeLessThan(1e-5);
            const st = opt.stateDict();
            expect(await maxAbsDiff(st.tensors[`${w.name}.exp_avg`]!, c.exp_avg_float32.data)).toBeLessThan(
              1e-5,
            );
            expect(
              await maxAbsDiff(st.tensors[`${w.name}.exp_avg_sq`]!, c.exp_avg_sq_float32.data),
            ).toBeLessThan(1e-5);
            opt.dispose();
            w.dispose();
          }));
      }

      it('steps a module by PyTorch names, skips frozen parameters and resumes from its state dict', () =>
        withBackend(b.name, async () => {
          const fc = new Linear({ inFeatures: 3, outFeatures: 2 });
          const x = tf.tensor2d([
            [1, 2, 3],
            [-1, 0, 2],
          ]);
          const loss = () => tf.sum(tf.square(fc.forward(x))) as tf.Scalar;
          const optA = new AdamW({ lr: 0.1, weightDecay: 0.1, params: fc, decayMask: decayMatricesOnly });
          fc.bias!.trainable = false;
          const bias0 = await fc.bias!.data();
          const { value, grads } = tf.variableGrads(loss);
          optA.step(grads); // tfjs variable names resolve to PyTorch names through params
          tf.dispose([value, ...Object.values(grads)]);
          expect(Array.from(await fc.bias!.data())).toEqual(Array.from(bias0));
          expect(Object.keys(optA.stateDict().tensors).sort()).toEqual([
            'weight.exp_avg',
            'weight.exp_avg_sq',
          ]);
          // Resume: a second optimizer loaded from the first's state takes the same next step.
          const snapshot = fc.stateDict();
          const saved = Object.fromEntries(Object.entries(snapshot).map(([k, v]) => [k, v.clone()]));
          const optB = new AdamW({ lr: 0.1, weightDecay: 0.1, params: fc, decayMask: decayMatricesOnly });
          optB.loadStateDict(optA.stateDict());
          const g1 = tf.variableGrads(loss);
          optA.step(g1.grads);
          const afterA = await fc.weight.data();
          fc.loadStateDict(saved);
          optB.step(g1.grads);
          expect(await maxAbsDiff(fc.weight, afterA)).toBeLessThan(1e-7);
          expect(optB.stepCount).toBe(2);
          tf.dispose([x, g1.value, ...Object.values(g1.grads), ...Object.values(saved)]);
          optA.dispose();
          optB.dispose();
          fc.dispose();
        }));
    },
  );
}

describe('optimizer arguments', () => {
  it('rejects bad hyperparameters, unknown gradient names and foreign state', async () => {
    const { useBackend } = await import('../backend/backend');
    await useBackend('cpu', { verbose: false });
    expect(() => new Adam({ lr: -1 })).toThrow(/Adam\(lr\): expected a non-negative number, received -1/);
    expect(() => new Adam({ betas: [0.9, 1] })).toThrow(ArgumentError);
    expect(() => new AdamW({ betas: [0.9] as never })).toThrow(/AdamW\(betas\)/);
    expect(() => new SGD({ nesterov: true })).toThrow(/requires momentum > 0/);
    expect(() => new RMSProp({ alpha: 2 })).toThrow(/RMSProp\(alpha\)/);
    const v = variable({ shape: [2], data: [0, 0] });
    const opt = new SGD({ params: { v } });
    const g = tf.zeros([2]);
    expect(() => opt.step({ nope: g })).toThrow(/'nope' is not a parameter name/);
    expect(() => opt.loadStateDict(new Adam().stateDict())).toThrow(FormatError);
    tf.dispose([v, g]);
  });
});

describe('gradient keys', () => {
  it('takes PyTorch names, tfjs variable names, and parameters registered after the optimizer', async () => {
    const { useBackend } = await import('../backend/backend');
    await useBackend('cpu', { verbose: false });
    const model = new Linear({ inFeatures: 2, outFeatures: 1, bias: false });
    const opt = new SGD({ lr: 0.5, params: model });
    const w0 = Array.from(model.weight.dataSync());
    const g = tf.ones([1, 2]);
    opt.step({ weight: g }); // PyTorch name
    opt.step({ [model.weight.name]: g }); // tfjs name
    expect(
      await maxAbsDiff(
        model.weight,
        w0.map((w) => w - 1),
      ),
    ).toBeLessThan(1e-6);
    // A parameter registered after the optimizer was made is found (the name maps are rebuilt once).
    const extra = (
      model as unknown as { registerParameter(n: string, t: tf.Tensor): tf.Variable }
    ).registerParameter('extra', tf.zeros([3]));
    const ge = tf.ones([3]);
    opt.step({ extra: ge });
    expect(Array.from(extra.dataSync())).toEqual([-0.5, -0.5, -0.5]);
    expect(opt.acceptsParameterNames).toBe(true);
    expect(new SGD({ lr: 0.1 }).acceptsParameterNames).toBe(false);
    opt.dispose();
    tf.dispose([g, ge, ...model.parameters()]);
  });
});
