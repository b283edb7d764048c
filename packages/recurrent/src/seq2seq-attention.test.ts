/**
 * The decoder's attention over a fixed memory (keys projected once per source, or the query projected
 * instead) gives the attention module's own context and weights — additive and Luong dot / general /
 * concat, with padding — and the same gradients for the module's parameters.
 */
import { AdditiveAttention, LuongAttention } from '@glossa/attention';
import { Generator } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { rng } from '../test/helpers';
import { attendMemory, projectMemory } from './seq2seq-attention';

const [N, S, Dq, Dk] = [3, 5, 4, 6];
const uniform = (shape: number[], seed: number) => {
  const r = rng(seed);
  return tf.tensor(
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r() * 2 - 1),
    shape,
  );
};
const modules = () => [
  new AdditiveAttention({ queryDim: Dq, keyDim: Dk, hiddenDim: 5, generator: new Generator(1) }),
  new LuongAttention({ score: 'general', queryDim: Dq, keyDim: Dk, generator: new Generator(2) }),
  new LuongAttention({
    score: 'concat',
    queryDim: Dq,
    keyDim: Dk,
    hiddenDim: 5,
    generator: new Generator(3),
  }),
  new LuongAttention({ score: 'dot', queryDim: Dk, keyDim: Dk, generator: new Generator(4) }),
];

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(`seq2seq attention on ${b.name}`, () => {
    it('equals attention.forward (context, weights, parameter gradients), padded rows included', () =>
      withBackend(b.name, async () => {
        for (const attention of modules()) {
          const dq = attention instanceof LuongAttention ? attention.queryDim : Dq;
          const query = uniform([N, dq], 7);
          const memory = uniform([N, S, Dk], 8);
          const mask = tf.tensor2d(
            [
              [0, 0, 0, 0, 0],
              [0, 0, 0, 1, 1],
              [0, 1, 1, 1, 1],
            ],
            [N, S],
            'bool',
          );
          const wv = uniform([N, Dk], 9);
          const viaModule = () =>
            attention.forward({ query: tf.expandDims(query, 1), key: memory, keyPaddingMask: mask });
          const viaCache = () => {
            const keys = projectMemory(attention, memory);
            const r = attendMemory(attention, query, memory, keys, mask);
            keys?.dispose();
            return r;
          };
          const want = tf.tidy(() => {
            const r = viaModule();
            return { context: tf.squeeze(r.output, [1]), weights: tf.squeeze(r.weights, [1]) };
          });
          const before = tf.memory().numTensors;
          const got = viaCache();
          expect(tf.memory().numTensors).toBe(before + 2);
          expect(await maxAbsDiff(got.context, await want.context.data())).toBeLessThan(1e-5);
          expect(await maxAbsDiff(got.weights, await want.weights.data())).toBeLessThan(1e-5);
          const w = Array.from(await got.weights.data());
          expect(w.slice(S + 3, 2 * S)).toEqual([0, 0]);
          const objective = (f: () => { context?: tf.Tensor; output?: tf.Tensor }) => () => {
            const r = f();
            const ctx = r.context ?? tf.squeeze(r.output as tf.Tensor, [1]);
            return tf.sum(tf.mul(ctx, wv)) as tf.Scalar;
          };
          if (attention.numParameters() > 0) {
            const g1 = tf.variableGrads(objective(viaModule));
            const g2 = tf.variableGrads(objective(viaCache));
            expect(Object.keys(g2.grads).sort()).toEqual(Object.keys(g1.grads).sort());
            for (const [k, g] of Object.entries(g1.grads)) {
              expect(await maxAbsDiff(g2.grads[k] as tf.Tensor, await g.data()), k).toBeLessThan(1e-5);
            }
            tf.dispose([g1.value, g2.value, ...Object.values(g1.grads), ...Object.values(g2.grads)]);
          }
          tf.dispose([query, memory, mask, wv, want.context, want.weights, got.context, got.weights]);
          attention.dispose();
        }
      }));
  });
}
