import type { StateDict } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture, tensor, values } from '../test/helpers';
import { AdditiveAttention } from './additive-attention';
import { LuongAttention, type LuongAttentionOptions } from './luong-attention';
import { keyPaddingMaskFromLengths } from './masks';

type T = FixtureTensor;
const fx = loadFixture<{
  bahdanau: {
    config: { queryDim: number; keyDim: number; hiddenDim: number };
    params: Record<string, T>;
    inputs: { query: T; key: T; value: T; lengths: number[] };
    outputs: { output: T; weights: T };
    lossWeights: { output: T };
    grads: Record<string, T>;
  };
  luong: {
    inputs: { query: T; key: T };
    cases: Record<string, { window?: number; params: Record<string, T>; outputs: Record<string, T> }>;
  };
}>('attention.json');

const luongOptions: Record<string, Partial<LuongAttentionOptions>> = {
  dot: { score: 'dot' },
  general: { score: 'general' },
  concat: { score: 'concat' },
  local_p_general: { score: 'general', local: { window: 2, mode: 'predictive' } },
  local_m_dot: { score: 'dot', local: { window: 1, mode: 'monotonic' } },
};

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `RNN attention on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('Bahdanau additive attention matches PyTorch outputs, weights and autograd gradients (with padding)', () =>
        withBackend(b.name, async () => {
          const c = fx.bahdanau;
          const attn = new AdditiveAttention(c.config);
          attn.loadStateDict(c.params as unknown as StateDict);
          const raw = [c.inputs.query, c.inputs.key, c.inputs.value].map(tensor);
          const [q, k, v] = raw.map((x) => tf.variable(x)) as [tf.Variable, tf.Variable, tf.Variable];
          const mask = keyPaddingMaskFromLengths(c.inputs.lengths, k.shape[1]);
          const r = attn.forward({ query: q, key: k, value: v, keyPaddingMask: mask });
          expect(await maxAbsDiff(r.output, values(c.outputs.output))).toBeLessThan(1e-5);
          expect(await maxAbsDiff(r.weights, values(c.outputs.weights))).toBeLessThan(1e-5);
          const g = tensor(c.lossWeights.output);
          const params = attn.trainableParameters();
          const names = new Map([
            [q.name, 'query'],
            [k.name, 'key'],
            [v.name, 'value'],
            ...Object.entries(params).map(([n, p]) => [p.name, n] as [string, string]),
          ]);
          const { value: loss, grads } = tf.variableGrads(
            () =>
              tf.sum(
                tf.mul(attn.forward({ query: q, key: k, value: v, keyPaddingMask: mask }).output, g),
              ) as tf.Scalar,
            [q, k, v, ...Object.values(params)],
          );
          expect(Object.keys(grads)).toHaveLength(6);
          for (const [id, grad] of Object.entries(grads)) {
            const name = names.get(id)!;
            expect(await maxAbsDiff(grad, values(c.grads[name]!)), name).toBeLessThan(1e-5);
          }
          tf.dispose([...raw, q, k, v, mask, r.output, r.weights, g, loss, ...Object.values(grads)]);
          attn.dispose();
        }));

      for (const [name, opts] of Object.entries(luongOptions)) {
        it(`Luong ${name} attention matches the paper's equations computed in PyTorch`, () =>
          withBackend(b.name, async () => {
            const c = fx.luong.cases[name]!;
            const q = tensor(fx.luong.inputs.query);
            const k = tensor(fx.luong.inputs.key);
            const attn = new LuongAttention({ queryDim: q.shape[2]!, ...opts });
            attn.loadStateDict(c.params as unknown as StateDict);
            const r = attn.forward({ query: q, key: k });
            expect(await maxAbsDiff(r.output, values(c.outputs.output!))).toBeLessThan(1e-5);
            expect(await maxAbsDiff(r.weights, values(c.outputs.weights!))).toBeLessThan(1e-5);
            if (c.outputs.positions)
              expect(await maxAbsDiff(r.positions!, values(c.outputs.positions))).toBeLessThan(1e-5);
            tf.dispose([q, k, r.output, r.weights, r.positions ?? []]);
            attn.dispose();
          }));
      }
    },
  );
}
