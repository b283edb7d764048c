import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture, lossWeights } from '../../test/fixtures/load';
import { ArgumentError } from '../errors';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { logSoftmax, softmax } from './softmax';

const fx = loadFixture('layers.torch.json').softmax as {
  input: FixtureTensor;
  cases: Array<
    { axis: number } & Record<'softmax' | 'log_softmax' | 'softmax_grad' | 'log_softmax_grad', FixtureTensor>
  >;
};

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `softmax / logSoftmax on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      for (const c of fx.cases) {
        it(`axis ${c.axis} matches PyTorch values and gradients`, () =>
          withBackend(b.name, async () => {
            const x = tf.tensor(fx.input.data, fx.input.shape);
            const w = tf.tensor(lossWeights(x.shape), x.shape);
            const s = softmax(x, c.axis);
            const l = logSoftmax(x, c.axis);
            const gs = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(softmax(v, c.axis), w)))(x);
            const gl = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(logSoftmax(v, c.axis), w)))(x);
            expect(await maxAbsDiff(s, c.softmax.data)).toBeLessThan(1e-5);
            expect(await maxAbsDiff(l, c.log_softmax.data)).toBeLessThan(1e-5);
            expect(await maxAbsDiff(gs, c.softmax_grad.data)).toBeLessThan(1e-5);
            expect(await maxAbsDiff(gl, c.log_softmax_grad.data)).toBeLessThan(1e-5);
            tf.dispose([x, w, s, l, gs, gl]);
          }));
      }
    },
  );
}

describe('softmax arguments', () => {
  it('rejects an axis out of range and scalars', async () => {
    const { useBackend } = await import('../backend/backend');
    await useBackend('cpu', { verbose: false });
    const x = tf.zeros([2, 3]);
    expect(() => softmax(x, 2)).toThrow(ArgumentError);
    expect(() => logSoftmax(x, -3)).toThrow(
      /expected an integer in \[-2, 1\] for a rank-2 tensor, received -3/,
    );
    const s = tf.scalar(1);
    expect(() => softmax(s)).toThrow(/scalar/);
    tf.dispose([x, s]);
  });
});
