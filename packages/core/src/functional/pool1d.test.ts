import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture, lossWeights } from '../../test/fixtures/load';
import { ArgumentError, ShapeError } from '../errors';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { avgPool1d, maxPool1d } from './pool1d';

interface PoolCase {
  name: string;
  kind: 'max' | 'avg';
  config: { kernel_size: number; stride: number | null; padding: number; count_include_pad: boolean | null };
  input: FixtureTensor;
  output: FixtureTensor;
  grads: { input: FixtureTensor };
}
const cases = loadFixture('conv.torch.json').pool1d as PoolCase[];

const pool = (c: PoolCase, x: tf.Tensor, channelsLast = false) => {
  const opts = {
    stride: c.config.stride ?? undefined,
    padding: c.config.padding,
    channelsLast,
  };
  return c.kind === 'max'
    ? maxPool1d(x, c.config.kernel_size, opts)
    : avgPool1d(x, c.config.kernel_size, { ...opts, countIncludePad: c.config.count_include_pad ?? true });
};

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `maxPool1d / avgPool1d on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      for (const c of cases) {
        it(`matches PyTorch ${c.kind}_pool1d forward and input gradient (${c.name})`, () =>
          withBackend(b.name, async () => {
            const x = tf.tensor(c.input.data, c.input.shape);
            const y = pool(c, x);
            expect(y.shape).toEqual(c.output.shape);
            expect(await maxAbsDiff(y, c.output.data)).toBeLessThan(1e-5);
            const w = tf.tensor(lossWeights(y.shape), y.shape);
            const dx = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(pool(c, v), w)))(x);
            expect(await maxAbsDiff(dx, c.grads.input.data)).toBeLessThan(1e-5);
            tf.dispose([x, y, w, dx]);
          }));
      }

      it('maxPool1d sends each window gradient to its first maximum, also in all-negative windows', () =>
        withBackend(b.name, async () => {
          // tfjs-backend-wasm 4.22's MaxPoolGrad drops the gradient of all-negative windows.
          const x = tf.tensor3d([[[-3, -1, -2, -5, 4, 4, 0, 0]]]);
          const dx = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(maxPool1d(v, 2), tf.tensor1d([1, 2, 3, 4]))))(x);
          expect(Array.from(await dx.data())).toEqual([0, 1, 2, 0, 3, 0, 4, 0]);
          tf.dispose([x, dx]);
        }));

      it('channelsLast [B, L, C] and unbatched inputs give the same values', () =>
        withBackend(b.name, async () => {
          const c = cases.find((k) => k.name === 'avg_k3_s2_p1_exclude_pad')!;
          const x = tf.tensor(c.input.data, c.input.shape);
          const xl = tf.transpose(x, [0, 2, 1]);
          const yl = pool(c, xl, true);
          const back = tf.transpose(yl, [0, 2, 1]);
          expect(await maxAbsDiff(back, c.output.data)).toBeLessThan(1e-5);
          const x0 = tf.slice(x, [0, 0, 0], [1, -1, -1]);
          const one = tf.squeeze(x0, [0]);
          const y0 = pool(c, one);
          const ref = pool(c, x0);
          expect(y0.shape).toEqual(ref.shape.slice(1));
          expect(await maxAbsDiff(y0, await ref.data())).toBe(0);
          tf.dispose([x, xl, yl, back, x0, one, y0, ref]);
        }));
    },
  );
}

describe('pooling arguments', () => {
  it('rejects bad kernel sizes, strides, padding and shapes with typed errors', async () => {
    const { useBackend } = await import('../backend/backend');
    await useBackend('cpu', { verbose: false });
    const x = tf.zeros([1, 2, 5]);
    expect(() => maxPool1d(x, 0)).toThrow(ArgumentError);
    expect(() => maxPool1d(x, 2, { stride: 0 })).toThrow(/maxPool1d\(stride\)/);
    expect(() => avgPool1d(x, 3, { padding: 2 })).toThrow(
      /avgPool1d\(padding\): expected an integer in \[0, 1\] \(at most half the kernel size\), received 2 \(number\)/,
    );
    expect(() => maxPool1d(x, 6)).toThrow(ShapeError);
    const flat = tf.zeros([5]);
    expect(() => avgPool1d(flat, 2)).toThrow(ShapeError);
    tf.dispose([x, flat]);
  });
});
