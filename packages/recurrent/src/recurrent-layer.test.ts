/**
 * LSTM, GRU and RNN (tanh, relu) against PyTorch on every backend: the public fixtures
 * (../shared/fixtures/modules.public.json, copied) and tooling/fixtures/recurrent/gen_recurrent.py's
 * grid — 1/2 layers × uni/bidirectional × zero/given initial states × full/variable lengths — for
 * outputs, final states and the gradients of every input and parameter; no tensor leaks.
 */
import type { StateDict } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture, lossWeights, tensor } from '../test/helpers';
import { GRU } from './gru';
import { LSTM } from './lstm';
import type { RecurrentLayer } from './recurrent-layer';
import { RNN } from './rnn';

type T = FixtureTensor;
interface LayerCase {
  name: string;
  module: 'LSTM' | 'GRU' | 'RNN';
  config: {
    inputSize: number;
    hiddenSize: number;
    numLayers: number;
    bidirectional: boolean;
    nonlinearity?: 'tanh' | 'relu';
  };
  lengths: number[] | null;
  params: Record<string, T>;
  inputs: { input: T; h0?: T; c0?: T };
  outputs: { output: T; h_n: T; c_n?: T };
  grads: Record<string, T>;
}
interface PublicCase {
  name: string;
  module: 'LSTM' | 'GRU' | 'RNN';
  config: {
    input_size: number;
    hidden_size: number;
    num_layers: number;
    bidirectional: boolean;
    nonlinearity?: 'tanh' | 'relu';
  };
  params: Record<string, T>;
  inputs: { input: T };
  outputs: { output: T; h_n: T; c_n?: T };
}

const torchCases = loadFixture<{ layers: LayerCase[] }>('recurrent.torch.json').layers;
const publicCases = loadFixture<{ cases: PublicCase[] }>('modules.public.recurrent.json').cases;

function variable(t: T): tf.Variable {
  return tf.tidy(() => tf.variable(tensor(t)));
}

function build(module: string, config: LayerCase['config']): RecurrentLayer {
  if (module === 'LSTM') return new LSTM(config);
  if (module === 'GRU') return new GRU(config);
  return new RNN(config);
}

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `RNN/LSTM/GRU vs PyTorch on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it.each(publicCases.map((c) => [c.name, c] as const))('public fixture %s (1e-5)', (_, c) =>
        withBackend(b.name, async () => {
          const m = build(c.module, {
            inputSize: c.config.input_size,
            hiddenSize: c.config.hidden_size,
            numLayers: c.config.num_layers,
            bidirectional: c.config.bidirectional,
            nonlinearity: c.config.nonlinearity,
          });
          m.loadStateDict(c.params as unknown as StateDict);
          const x = tensor(c.inputs.input);
          const r = m.forward(x);
          expect(await maxAbsDiff(r.output, c.outputs.output.data)).toBeLessThan(1e-5);
          expect(await maxAbsDiff(r.hN, c.outputs.h_n.data)).toBeLessThan(1e-5);
          if (c.outputs.c_n)
            expect(await maxAbsDiff(r.cN as tf.Tensor, c.outputs.c_n.data)).toBeLessThan(1e-5);
          tf.dispose([x, r.output, r.hN, r.cN as tf.Tensor]);
          m.dispose();
        }),
      );

      it.each(torchCases.map((c) => [c.name, c] as const))(
        '%s: outputs, states and gradients (1e-5)',
        (_, c) =>
          withBackend(b.name, async () => {
            const m = build(c.module, c.config);
            m.loadStateDict(c.params as unknown as StateDict);
            const x = variable(c.inputs.input);
            const h0 = c.inputs.h0 ? variable(c.inputs.h0) : undefined;
            const c0 = c.inputs.c0 ? variable(c.inputs.c0) : undefined;
            const opts = { h0, c0, ...(c.lengths ? { lengths: c.lengths } : {}) };
            const r = m.forward(x, opts);
            expect(await maxAbsDiff(r.output, c.outputs.output.data)).toBeLessThan(1e-5);
            expect(await maxAbsDiff(r.hN, c.outputs.h_n.data)).toBeLessThan(1e-5);
            if (c.outputs.c_n)
              expect(await maxAbsDiff(r.cN as tf.Tensor, c.outputs.c_n.data)).toBeLessThan(1e-5);
            const w = [lossWeights(r.output.shape), lossWeights(r.hN.shape), lossWeights(r.hN.shape)];
            tf.dispose([r.output, r.hN, r.cN as tf.Tensor]);
            const vars: Record<string, tf.Variable> = { ...m.trainableParameters(), input: x };
            if (h0) vars.h0 = h0;
            if (c0) vars.c0 = c0;
            const names = new Map(Object.entries(vars).map(([n, v]) => [v.name, n]));
            const { value, grads } = tf.variableGrads(() => {
              const o = m.forward(x, opts);
              let loss = tf.add(
                tf.sum(tf.mul(o.output, w[0] as tf.Tensor)),
                tf.sum(tf.mul(o.hN, w[1] as tf.Tensor)),
              );
              if (o.cN) loss = tf.add(loss, tf.sum(tf.mul(o.cN, w[2] as tf.Tensor)));
              return loss as tf.Scalar;
            }, Object.values(vars));
            for (const [vname, g] of Object.entries(grads)) {
              const name = names.get(vname) as string;
              const want = c.grads[name];
              expect(want, name).toBeDefined();
              expect(await maxAbsDiff(g, (want as T).data), `${c.name} d${name}`).toBeLessThan(1e-5);
            }
            expect(Object.keys(grads).length).toBe(Object.keys(c.grads).length);
            tf.dispose([value, ...Object.values(grads), ...w, x, ...(h0 ? [h0] : []), ...(c0 ? [c0] : [])]);
            m.dispose();
          }),
      );
    },
  );
}
