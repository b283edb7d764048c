import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture, lossWeights } from '../../test/fixtures/load';
import { ArgumentError, ShapeError } from '../errors';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { globalAvgPool1d, globalMaxPool1d } from './global-pool1d';

interface GlobalCase {
  name: string;
  kind: 'max' | 'mean';
  padding_mask: FixtureTensor | null;
  output: FixtureTensor;
  grads: { input: FixtureTensor };
}
const fixture = loadFixture('conv.torch.json').global_pool1d as { input: FixtureTensor; cases: GlobalCase[] };

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `globalMaxPool1d / globalAvgPool1d on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      for (const c of fixture.cases) {
        for (const channelsLast of [false, true]) {
          it(`matches PyTorch (${c.name}${channelsLast ? ', channelsLast' : ''})`, () =>
            withBackend(b.name, async () => {
              const x0 = tf.tensor(fixture.input.data, fixture.input.shape);
              const x = channelsLast ? tf.transpose(x0, [0, 2, 1]) : x0.clone();
              const mask = c.padding_mask
                ? tf.tensor(c.padding_mask.data, c.padding_mask.shape, 'bool')
                : undefined;
              const f = (v: tf.Tensor) =>
                c.kind === 'max'
                  ? globalMaxPool1d(v, { paddingMask: mask, channelsLast })
                  : globalAvgPool1d(v, { paddingMask: mask, channelsLast });
              const y = f(x);
              expect(y.shape).toEqual(c.output.shape);
              expect(await maxAbsDiff(y, c.output.data)).toBeLessThan(1e-5);
              const w = tf.tensor(lossWeights(y.shape), y.shape);
              const dx = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(f(v), w)))(x);
              const dx0 = channelsLast ? tf.transpose(dx, [0, 2, 1]) : dx.clone();
              expect(await maxAbsDiff(dx0, c.grads.input.data)).toBeLessThan(1e-5);
              tf.dispose([x0, x, y, w, dx, dx0, ...(mask ? [mask] : [])]);
            }));
        }
      }

      it('accepts a 0/1 int mask like a boolean one', () =>
        withBackend(b.name, async () => {
          const x = tf.tensor3d([[[1, 9, 4]]]);
          const m = tf.tensor2d([[0, 1, 0]], [1, 3], 'int32');
          const y = globalMaxPool1d(x, { paddingMask: m });
          const z = globalAvgPool1d(x, { paddingMask: m });
          expect(Array.from(await y.data())).toEqual([4]);
          expect(Array.from(await z.data())).toEqual([2.5]);
          tf.dispose([x, m, y, z]);
        }));
    },
  );
}

describe('global pooling arguments', () => {
  it('rejects wrong ranks and mask shapes with typed errors', async () => {
    const { useBackend } = await import('../backend/backend');
    await useBackend('cpu', { verbose: false });
    const x = tf.zeros([2, 3, 4]);
    const flat = tf.zeros([3, 4]);
    const bad = tf.zeros([2, 3], 'bool');
    expect(() => globalMaxPool1d(flat)).toThrow(ShapeError);
    expect(() => globalAvgPool1d(x, { paddingMask: bad })).toThrow(
      /globalAvgPool1d\(paddingMask\): expected shape \[2, 4\]/,
    );
    expect(() => globalAvgPool1d(x, { paddingMask: [[true]] as unknown as tf.Tensor })).toThrow(
      ArgumentError,
    );
    tf.dispose([x, flat, bad]);
  });
});
