/**
 * Layer behaviour beyond the PyTorch fixtures: parameter names and shapes, the forget-gate bias
 * option, seeded dropout between layers, `returnAllLayers`, padding given as a mask or as tensor
 * lengths (same results as number lengths, and as running each sequence alone), typed errors.
 */
import { ArgumentError, Generator, ShapeError } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { randomTensor } from '../test/helpers';
import { GRU } from './gru';
import { LSTM } from './lstm';
import { RNN } from './rnn';

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `recurrent layers on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('registers PyTorch names and shapes (layer-major, _reverse for the backward direction)', () =>
        withBackend(b.name, () => {
          const lstm = new LSTM({ inputSize: 4, hiddenSize: 3, numLayers: 2, bidirectional: true });
          expect(Object.fromEntries(Object.entries(lstm.stateDict()).map(([k, v]) => [k, v.shape]))).toEqual({
            weight_ih_l0: [12, 4],
            weight_hh_l0: [12, 3],
            bias_ih_l0: [12],
            bias_hh_l0: [12],
            weight_ih_l0_reverse: [12, 4],
            weight_hh_l0_reverse: [12, 3],
            bias_ih_l0_reverse: [12],
            bias_hh_l0_reverse: [12],
            weight_ih_l1: [12, 6],
            weight_hh_l1: [12, 3],
            bias_ih_l1: [12],
            bias_hh_l1: [12],
            weight_ih_l1_reverse: [12, 6],
            weight_hh_l1_reverse: [12, 3],
            bias_ih_l1_reverse: [12],
            bias_hh_l1_reverse: [12],
          });
          const gru = new GRU({ inputSize: 4, hiddenSize: 3, bias: false });
          expect(Object.keys(gru.stateDict())).toEqual(['weight_ih_l0', 'weight_hh_l0']);
          lstm.dispose();
          gru.dispose();
        }));

      it('forgetBias sets b_if and zeroes b_hf; the other gates keep their seeded init', () =>
        withBackend(b.name, async () => {
          const a = new LSTM({ inputSize: 2, hiddenSize: 3, generator: new Generator(1), forgetBias: 1 });
          const ref = new LSTM({ inputSize: 2, hiddenSize: 3, generator: new Generator(1) });
          const [bi, bh, ri] = await Promise.all([
            a.stateDict().bias_ih_l0?.data(),
            a.stateDict().bias_hh_l0?.data(),
            ref.stateDict().bias_ih_l0?.data(),
          ]);
          expect(Array.from(bi as Float32Array).slice(3, 6)).toEqual([1, 1, 1]);
          expect(Array.from(bh as Float32Array).slice(3, 6)).toEqual([0, 0, 0]);
          expect(Array.from(bi as Float32Array).slice(0, 3)).toEqual(
            Array.from(ri as Float32Array).slice(0, 3),
          );
          a.dispose();
          ref.dispose();
        }));

      it('dropout between layers is seeded, active in training only, and not after the last layer', () =>
        withBackend(b.name, async () => {
          const make = () =>
            new GRU({ inputSize: 3, hiddenSize: 8, numLayers: 2, dropout: 0.5, generator: new Generator(7) });
          const [m1, m2] = [make(), make()];
          const x = randomTensor([2, 4, 3], 1);
          const [a, c] = [m1.forward(x), m2.forward(x)];
          expect(await maxAbsDiff(a.output, await c.output.data())).toBe(0); // same seed, same masks
          const again = m1.forward(x); // the generator moved on: new masks
          expect(await maxAbsDiff(again.output, await a.output.data())).toBeGreaterThan(1e-4);
          m1.eval();
          const e1 = m1.forward(x);
          const e2 = m1.forward(x);
          expect(await maxAbsDiff(e1.output, await e2.output.data())).toBe(0);
          const single = new GRU({ inputSize: 3, hiddenSize: 8, dropout: 0.5, generator: new Generator(7) });
          const s1 = single.forward(x);
          const s2 = single.forward(x);
          expect(await maxAbsDiff(s1.output, await s2.output.data())).toBe(0); // one layer: no dropout
          tf.dispose([
            x,
            a.output,
            a.hN,
            c.output,
            c.hN,
            again.output,
            again.hN,
            e1.output,
            e1.hN,
            e2.output,
            e2.hN,
          ]);
          tf.dispose([s1.output, s1.hN, s2.output, s2.hN]);
          for (const m of [m1, m2, single]) m.dispose();
        }));

      it('padding: a mask, tensor lengths and number lengths agree, and each row equals its sequence run alone', () =>
        withBackend(b.name, async () => {
          const lstm = new LSTM({
            inputSize: 3,
            hiddenSize: 4,
            numLayers: 2,
            bidirectional: true,
            generator: new Generator(2),
          });
          const x = randomTensor([3, 5, 3], 3);
          const lengths = [5, 2, 4];
          const mask = tf.tensor2d([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 1], [3, 5], 'bool');
          const lensT = tf.tensor1d(lengths, 'int32');
          const ref = lstm.forward(x, { lengths });
          for (const r of [lstm.forward(x, { mask }), lstm.forward(x, { lengths: lensT })]) {
            expect(await maxAbsDiff(r.output, await ref.output.data())).toBeLessThan(1e-6);
            expect(await maxAbsDiff(r.hN, await ref.hN.data())).toBeLessThan(1e-6);
            expect(await maxAbsDiff(r.cN as tf.Tensor, await (ref.cN as tf.Tensor).data())).toBeLessThan(
              1e-6,
            );
            tf.dispose([r.output, r.hN, r.cN as tf.Tensor]);
          }
          for (let i = 0; i < 3; i++) {
            const L = lengths[i] as number;
            const [xi, oi, hi] = tf.tidy(() => [
              tf.slice(x, [i, 0, 0], [1, L, 3]),
              tf.slice(ref.output, [i, 0, 0], [1, 5, 8]),
              tf.slice(ref.hN, [0, i, 0], [4, 1, 4]),
            ]) as [tf.Tensor, tf.Tensor, tf.Tensor];
            const alone = lstm.forward(xi);
            const want = [...(await alone.output.data()), ...new Array((5 - L) * 8).fill(0)];
            expect(await maxAbsDiff(oi, want), `row ${i} output`).toBeLessThan(1e-6);
            expect(await maxAbsDiff(hi, await alone.hN.data()), `row ${i} hN`).toBeLessThan(1e-6);
            tf.dispose([xi, oi, hi, alone.output, alone.hN, alone.cN as tf.Tensor]);
          }
          tf.dispose([x, mask, lensT, ref.output, ref.hN, ref.cN as tf.Tensor]);
          lstm.dispose();
        }));

      it('returnAllLayers gives every layer’s output, the last equal to output', () =>
        withBackend(b.name, async () => {
          const rnn = new RNN({ inputSize: 3, hiddenSize: 2, numLayers: 3, bidirectional: true });
          const x = randomTensor([2, 4, 3], 4);
          const r = rnn.forward(x, { returnAllLayers: true });
          expect(r.layers?.map((l) => l.shape)).toEqual([
            [2, 4, 4],
            [2, 4, 4],
            [2, 4, 4],
          ]);
          expect(await maxAbsDiff(r.layers?.[2] as tf.Tensor, await r.output.data())).toBe(0);
          tf.dispose([x, r.output, r.hN, ...(r.layers ?? [])]);
          rnn.dispose();
        }));

      it('rejects bad options and shapes with typed errors naming the argument', () =>
        withBackend(b.name, () => {
          expect(() => new LSTM({ inputSize: 0, hiddenSize: 3 })).toThrow(ArgumentError);
          expect(() => new LSTM({ inputSize: 2, hiddenSize: 3, dropout: 2 })).toThrow(/LSTM\(p\)/);
          expect(() => new RNN({ inputSize: 2, hiddenSize: 3, nonlinearity: 'gelu' as 'tanh' })).toThrow(
            /RNN\(nonlinearity\): expected 'tanh' or 'relu'/,
          );
          const gru = new GRU({ inputSize: 2, hiddenSize: 3, numLayers: 2 });
          const x = tf.zeros([2, 4, 5]);
          expect(() => gru.forward(x)).toThrow(ShapeError);
          const x2 = tf.zeros([2, 4, 2]);
          const h0 = tf.zeros([1, 2, 3]);
          expect(() => gru.forward(x2, { h0 })).toThrow(
            /GRU\.forward\(h0\): expected shape \[2, 2, 3\], received \[1, 2, 3\]/,
          );
          expect(() => gru.forward(x2, { c0: h0 })).toThrow(/only LSTM has a cell state/);
          expect(() => gru.forward(x2, { lengths: [4, 5] })).toThrow(
            /lengths\[1\]\): expected an integer in \[0, 4\]/,
          );
          expect(() => gru.forward(x2, { lengths: [4] })).toThrow(ArgumentError);
          tf.dispose([x, x2, h0]);
          gru.dispose();
        }));
    },
  );
}
