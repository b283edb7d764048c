import { Generator } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { combineMasks, keyPaddingMaskFromLengths, slidingWindowMask } from './masks';
import { MultiHeadAttention } from './multi-head-attention';
import { scaledDotProductAttention } from './scaled-dot-product-attention';
import { slidingWindowAttention } from './sliding-window-attention';

const randn = (shape: [number, number, number, number], seed: number) =>
  tf.tensor(
    new Generator(seed).fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1))),
    shape,
  ) as tf.Tensor4D;

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `sliding-window attention on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      for (const causal of [false, true]) {
        it(`banded O(T·w) attention equals dense masked attention (causal ${causal}), values and gradients`, () =>
          withBackend(b.name, async () => {
            const [B, H, T, D, w] = [2, 2, 7, 4, 3];
            const q = randn([B, H, T, D], 1);
            const k = randn([B, H, T, D], 2);
            const v = randn([B, H, T, D], 3);
            const kpm = keyPaddingMaskFromLengths([7, 4], T);
            const dense = (qq: tf.Tensor, kk: tf.Tensor, vv: tf.Tensor) =>
              tf.tidy(() => {
                const mask = combineMasks(
                  slidingWindowMask(T, { window: w, causal }),
                  tf.reshape(kpm, [B, 1, 1, T]),
                );
                return scaledDotProductAttention({ query: qq, key: kk, value: vv, attnMask: mask }).output;
              });
            const banded = (qq: tf.Tensor, kk: tf.Tensor, vv: tf.Tensor) =>
              slidingWindowAttention({
                query: qq as tf.Tensor4D,
                key: kk as tf.Tensor4D,
                value: vv as tf.Tensor4D,
                window: w,
                causal,
                keyPaddingMask: kpm,
              });
            const want = dense(q, k, v);
            const got = banded(q, k, v);
            expect(got.shape).toEqual([B, H, T, D]);
            expect(await maxAbsDiff(got, await want.data())).toBeLessThan(1e-5);
            const loss = (f: typeof dense) => (a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) =>
              tf.sum(tf.square(f(a, c, d)));
            const gWant = tf.grads(loss(dense))([q, k, v]);
            const gGot = tf.grads(loss(banded))([q, k, v]);
            for (let i = 0; i < 3; i++)
              expect(await maxAbsDiff(gGot[i]!, await gWant[i]!.data())).toBeLessThan(1e-4);
            tf.dispose([q, k, v, kpm, want, got, ...gWant, ...gGot]);
          }));
      }

      it('MultiHeadAttention slidingWindow: the banded path (needWeights false) equals the dense path', () =>
        withBackend(b.name, async () => {
          const attn = new MultiHeadAttention({
            embedDim: 8,
            numHeads: 2,
            slidingWindow: { window: 2 },
            generator: new Generator(4),
          });
          attn.eval();
          const x = tf.tidy(() => tf.reshape(randn([1, 1, 12, 8], 5), [2, 6, 8]));
          const dense = attn.forward({ query: x, needWeights: true });
          const banded = attn.forward({ query: x, needWeights: false });
          expect(banded.weights).toBeNull();
          expect(await maxAbsDiff(banded.output, await dense.output.data())).toBeLessThan(1e-5);
          // Query 0 sees only keys 0 and 1.
          const w = (await dense.weights!.array()) as number[][][];
          expect(w[0]![0]!.slice(2).every((y) => y === 0)).toBe(true);
          tf.dispose([x, dense.output, dense.weights!, banded.output]);
          attn.dispose();
        }));
    },
  );
}
