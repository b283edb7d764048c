/**
 * LSTMCell, GRUCell and RNNCell (tanh, relu) against torch.nn.*Cell on every backend: the new state
 * and the autograd gradients of every input and parameter (through the fused kernels' registered
 * gradients on cpu and wasm); errors; no tensor leaks.
 */
import { ShapeError, type StateDict } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture, lossWeights, tensor } from '../test/helpers';
import { GRUCell } from './gru-cell';
import { LSTMCell } from './lstm-cell';
import type { RecurrentCell } from './recurrent-cell';
import { RNNCell } from './rnn-cell';

type T = FixtureTensor;
interface CellCase {
  name: string;
  module: 'LSTMCell' | 'GRUCell' | 'RNNCell';
  config: { inputSize: number; hiddenSize: number; nonlinearity?: 'tanh' | 'relu' };
  params: Record<string, T>;
  inputs: { input: T; h: T; c?: T };
  outputs: { h: T; c?: T };
  grads: Record<string, T>;
}
const cases = loadFixture<{ cells: CellCase[] }>('recurrent.torch.json').cells;

function build(c: CellCase): RecurrentCell {
  if (c.module === 'LSTMCell') return new LSTMCell(c.config);
  if (c.module === 'GRUCell') return new GRUCell(c.config);
  return new RNNCell(c.config);
}

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `recurrent cells on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it.each(cases.map((c) => [c.name, c] as const))(
        '%s matches PyTorch: state and gradients (1e-5)',
        (_, c) =>
          withBackend(b.name, async () => {
            const cell = build(c);
            cell.loadStateDict(c.params as unknown as StateDict);
            const vars = tf.tidy(() => ({
              input: tf.variable(tensor(c.inputs.input)),
              h: tf.variable(tensor(c.inputs.h)),
              ...(c.inputs.c ? { c: tf.variable(tensor(c.inputs.c)) } : {}),
            })) as Record<string, tf.Variable>;
            const state = () => ({ h: vars.h as tf.Tensor, ...(vars.c ? { c: vars.c } : {}) });
            const out = cell.forward(vars.input as tf.Tensor, state());
            expect(await maxAbsDiff(out.h, c.outputs.h.data)).toBeLessThan(1e-5);
            if (c.outputs.c)
              expect(await maxAbsDiff(out.c as tf.Tensor, c.outputs.c.data)).toBeLessThan(1e-5);
            const w = lossWeights(out.h.shape);
            tf.dispose([out.h, out.c as tf.Tensor]);
            const all = { ...cell.trainableParameters(), ...vars };
            const names = new Map(Object.entries(all).map(([n, v]) => [v.name, n]));
            const { value, grads } = tf.variableGrads(() => {
              const o = cell.forward(vars.input as tf.Tensor, state());
              const l = tf.sum(tf.mul(o.h, w));
              return (o.c ? tf.add(l, tf.sum(tf.mul(o.c, w))) : l) as tf.Scalar;
            }, Object.values(all));
            for (const [v, g] of Object.entries(grads)) {
              const name = names.get(v) as string;
              expect(await maxAbsDiff(g, (c.grads[name] as T).data), `d${name}`).toBeLessThan(1e-5);
            }
            expect(Object.keys(grads).length).toBe(Object.keys(c.grads).length);
            tf.dispose([value, w, ...Object.values(grads), ...Object.values(vars)]);
            cell.dispose();
          }),
      );

      it('rejects wrong shapes with ShapeError and registers PyTorch names', () =>
        withBackend(b.name, () => {
          const cell = new LSTMCell({ inputSize: 4, hiddenSize: 3, bias: false });
          expect(Object.keys(cell.stateDict())).toEqual(['weight_ih', 'weight_hh']);
          const x = tf.zeros([2, 5]);
          expect(() => cell.forward(x)).toThrow(ShapeError);
          const x2 = tf.zeros([2, 4]);
          const h = tf.zeros([3, 3]);
          expect(() => cell.forward(x2, { h })).toThrow(/state\.h\): expected shape \[2, 3\]/);
          tf.dispose([x, x2, h]);
          cell.dispose();
        }));
    },
  );
}
