/**
 * The ELMo-style biLM and its scalar mix: names; the same word gets one context-free vector (layer 0)
 * but different contextual vectors in different sentences; padding does not change a row's layers
 * (the backward LM starts at each sequence's true end); the scalar mix equals γ·Σ softmax(s)_j·h_j and
 * its weights and γ receive gradients; the biLM objective falls when trained (wasm, a learning test).
 */
import { Adam, Generator } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BiLM } from './bilm';
import { ScalarMix } from './scalar-mix';

const vocab = ['<pad>', 'the', 'river', 'bank', 'is', 'wet', 'lends', 'money', 'a', 'flows', 'by'];
const enc = (s: string) => s.split(' ').map((w) => vocab.indexOf(w));
const ids = (rows: number[][]) => tf.tensor2d(rows, [rows.length, (rows[0] as number[]).length], 'int32');
const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let [ab, aa, bb] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] as number) * (b[i] as number);
    aa += (a[i] as number) ** 2;
    bb += (b[i] as number) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
};

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `BiLM and ScalarMix on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('gives “bank” one embedding but different contextual vectors in two sentences; padding-invariant', () =>
        withBackend(b.name, async () => {
          const bilm = new BiLM({
            vocabSize: vocab.length,
            hiddenSize: 6,
            paddingIdx: 0,
            generator: new Generator(5),
          });
          expect(Object.keys(bilm.stateDict())).toEqual([
            'embedding.weight',
            ...['forward_lm', 'backward_lm'].flatMap((p) =>
              ['l0', 'l1'].flatMap((l) =>
                ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'].map((w) => `${p}.${w}_${l}`),
              ),
            ),
            'softmax.weight',
            'softmax.bias',
          ]);
          // "bank" at position 2 in both rows; row 1 is padded.
          const x = ids([enc('the river bank is wet'), [...enc('a money bank'), 0, 0]]);
          const layers = bilm.embed(x, { lengths: [5, 3] });
          expect(layers.map((l) => l.shape)).toEqual([
            [2, 5, 12],
            [2, 5, 12],
            [2, 5, 12],
          ]);
          const bankVectors: Array<[Float32Array, Float32Array]> = [];
          for (const l of layers) {
            const t = tf.slice(l, [0, 2, 0], [2, 1, -1]);
            const v = (await t.data()) as Float32Array;
            t.dispose();
            bankVectors.push([v.slice(0, 12), v.slice(12)]);
          }
          expect(cosine(...(bankVectors[0] as [Float32Array, Float32Array]))).toBeCloseTo(1, 6);
          for (const j of [1, 2])
            expect(cosine(...(bankVectors[j] as [Float32Array, Float32Array]))).toBeLessThan(0.99);
          // Row 1 alone (no padding) gives the same layers at its real positions.
          const row1 = ids([enc('a money bank')]);
          const alone = bilm.embed(row1);
          for (let j = 0; j < 3; j++) {
            const got = tf.slice(layers[j] as tf.Tensor, [1, 0, 0], [1, 3, -1]);
            expect(await maxAbsDiff(got, await (alone[j] as tf.Tensor).data()), `layer ${j}`).toBeLessThan(
              1e-5,
            );
            got.dispose();
          }
          tf.dispose([x, row1, ...layers, ...alone]);
          bilm.dispose();
        }));

      it('ScalarMix computes γ·Σ softmax(s)_j·h_j; its scalars and γ receive gradients', () =>
        withBackend(b.name, async () => {
          const bilm = new BiLM({ vocabSize: vocab.length, hiddenSize: 4, generator: new Generator(6) });
          const mix = new ScalarMix({ numLayers: 3, initialWeights: [0.5, -0.5, 0], gamma: 2 });
          expect(Object.keys(mix.stateDict()).sort()).toEqual([
            'gamma',
            'scalar_parameters.0',
            'scalar_parameters.1',
            'scalar_parameters.2',
          ]);
          const x = ids([enc('the bank lends money')]);
          const layers = bilm.embed(x);
          const e = [Math.exp(0.5), Math.exp(-0.5), 1];
          const z = e.reduce((a, c) => a + c, 0);
          const want = tf.tidy(() =>
            tf.mul(tf.addN(layers.map((l, j) => tf.mul(l, (e[j] as number) / z))), 2),
          );
          const got = mix.forward(layers);
          expect(await maxAbsDiff(got, await want.data())).toBeLessThan(1e-6);
          const readout = tf.tidy(() => tf.linspace(-1, 1, 8));
          const { value, grads } = tf.variableGrads(
            () => tf.sum(tf.mul(mix.forward(bilm.embed(x)), readout)) as tf.Scalar,
          );
          const names = new Map(
            Object.entries({ ...mix.trainableParameters(), ...bilm.trainableParameters() }).map(([n, v]) => [
              v.name,
              n,
            ]),
          );
          const byName = Object.fromEntries(Object.entries(grads).map(([k, g]) => [names.get(k), g]));
          for (const n of ['scalar_parameters.0', 'scalar_parameters.1', 'scalar_parameters.2', 'gamma']) {
            const g = byName[n] as tf.Tensor;
            expect(g, n).toBeDefined();
            expect(Math.abs((await g.data())[0] as number), n).toBeGreaterThan(1e-6);
          }
          expect(byName['forward_lm.weight_hh_l1']).toBeDefined(); // fine-tuning reaches the biLM too
          tf.dispose([x, ...layers, want, got, readout, value, ...Object.values(grads)]);
          mix.dispose();
          bilm.dispose();
        }));

      it.runIf(b.name === 'wasm')(
        'the biLM objective falls when trained on a small corpus (learning, wasm)',
        () =>
          withBackend(b.name, async () => {
            const corpus = [
              'the river bank is wet',
              'the bank lends money',
              'a river flows by the bank',
              'the bank is a bank',
              'money flows by',
              'the river is wet',
            ];
            const rows = corpus.map(enc);
            const T = Math.max(...rows.map((r) => r.length));
            const x = ids(rows.map((r) => [...r, ...new Array(T - r.length).fill(0)]));
            const lengths = rows.map((r) => r.length);
            const bilm = new BiLM({
              vocabSize: vocab.length,
              hiddenSize: 16,
              paddingIdx: 0,
              generator: new Generator(8),
            });
            const opt = new Adam({ lr: 0.02, params: bilm });
            const losses: number[] = [];
            for (let step = 0; step < 60; step++) {
              const { value, grads } = tf.variableGrads(() => bilm.loss(x, { lengths }));
              opt.step(grads);
              losses.push((await value.data())[0] as number);
              tf.dispose([value, ...Object.values(grads)]);
            }
            expect(losses[0] as number).toBeGreaterThan(2);
            expect(losses[59] as number).toBeLessThan(0.6);
            x.dispose();
            opt.dispose();
            bilm.dispose();
          }),
      );
    },
  );
}
