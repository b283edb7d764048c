import { Generator } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { alibiBias } from './alibi';
import { causalMask } from './masks';
import { MultiHeadAttention } from './multi-head-attention';

const randn = (shape: [number, number, number], seed: number) =>
  tf.tensor3d(new Generator(seed).fillNormal(new Float32Array(shape[0] * shape[1] * shape[2])), shape);

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `MultiHeadAttention code paths on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('packed self-attention, packed key/value and separate projections agree', () =>
        withBackend(b.name, async () => {
          const attn = new MultiHeadAttention({ embedDim: 8, numHeads: 2, generator: new Generator(1) });
          const x = randn([2, 4, 8], 2);
          const mem = randn([2, 6, 8], 3);
          const [x2, x3, mem2] = [tf.clone(x), tf.clone(x), tf.clone(mem)];
          const self = attn.forward({ query: x, key: x, value: x });
          const separate = attn.forward({ query: x, key: x2, value: x3 });
          expect(await maxAbsDiff(self.output, await separate.output.data())).toBeLessThan(1e-5);
          const kv = attn.forward({ query: x, key: mem, value: mem });
          const kvSeparate = attn.forward({ query: x, key: mem, value: mem2 });
          expect(kv.weights!.shape).toEqual([2, 4, 6]);
          expect(await maxAbsDiff(kv.output, await kvSeparate.output.data())).toBeLessThan(1e-5);
          tf.dispose([x, mem, x2, x3, mem2, self.output, self.weights!, separate.output, separate.weights!]);
          tf.dispose([kv.output, kv.weights!, kvSeparate.output, kvSeparate.weights!]);
          attn.dispose();
        }));

      it('isCausal equals an explicit causal mask', () =>
        withBackend(b.name, async () => {
          const attn = new MultiHeadAttention({ embedDim: 8, numHeads: 2, generator: new Generator(4) });
          const x = randn([1, 5, 8], 5);
          const mask = causalMask(5);
          const a = attn.forward({ query: x, isCausal: true, averageAttnWeights: false });
          const c = attn.forward({ query: x, attnMask: mask, averageAttnWeights: false });
          expect(a.weights!.shape).toEqual([1, 2, 5, 5]);
          expect(await maxAbsDiff(a.weights!, await c.weights!.data())).toBeLessThan(1e-6);
          const w = (await a.weights!.array()) as number[][][][];
          expect(w[0]![1]![0]!.slice(1)).toEqual([0, 0, 0, 0]);
          tf.dispose([x, mask, a.output, a.weights!, c.output, c.weights!]);
          attn.dispose();
        }));

      it("alibi adds -m_h|i-j| to each head's scores: softmax(log w_plain + bias) = w_alibi", () =>
        withBackend(b.name, async () => {
          const plain = new MultiHeadAttention({ embedDim: 8, numHeads: 2, generator: new Generator(8) });
          const alibi = new MultiHeadAttention({
            embedDim: 8,
            numHeads: 2,
            alibi: true,
            generator: new Generator(8),
          });
          const x = randn([1, 4, 8], 9);
          const a = plain.forward({ query: x, averageAttnWeights: false });
          const c = alibi.forward({ query: x, averageAttnWeights: false });
          const bias = alibiBias(2, 4, 4);
          const want = tf.tidy(() => tf.softmax(tf.add(tf.log(a.weights!), bias)));
          expect(await maxAbsDiff(c.weights!, await want.data())).toBeLessThan(1e-5);
          expect(await maxAbsDiff(c.weights!, await a.weights!.data())).toBeGreaterThan(1e-3);
          tf.dispose([x, a.output, a.weights!, c.output, c.weights!, bias, want]);
          plain.dispose();
          alibi.dispose();
        }));

      it('dropout on the weights is active in train() only and reproducible with a seeded generator', () =>
        withBackend(b.name, async () => {
          const make = () =>
            new MultiHeadAttention({ embedDim: 8, numHeads: 2, dropout: 0.5, generator: new Generator(6) });
          const [a, c] = [make(), make()];
          const x = randn([1, 6, 8], 7);
          const ta = a.forward({ query: x });
          const tc = c.forward({ query: x });
          expect(await maxAbsDiff(ta.output, await tc.output.data())).toBe(0);
          const ea = a.eval().forward({ query: x });
          const diff = await maxAbsDiff(ta.output, await ea.output.data());
          expect(diff).toBeGreaterThan(1e-3);
          const rows = (await ea.weights!.array()) as number[][][];
          for (const row of rows[0]!) expect(row.reduce((s, y) => s + y, 0)).toBeCloseTo(1, 5);
          tf.dispose([x, ta.output, ta.weights!, tc.output, tc.weights!, ea.output, ea.weights!]);
          a.dispose();
          c.dispose();
        }));
    },
  );
}
