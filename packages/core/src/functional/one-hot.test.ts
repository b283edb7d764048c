import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors';
import { backendsUnderTest, withBackend } from '../testing';
import { oneHot } from './one-hot';

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(`oneHot on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`, () => {
    it('maps int32 ids [...] to float32 one-hot vectors [..., numClasses]', () =>
      withBackend(b.name, async () => {
        const ids = tf.tensor2d(
          [
            [0, 3],
            [2, 2],
          ],
          [2, 2],
          'int32',
        );
        const v = oneHot(ids, 4);
        expect(v.dtype).toBe('float32');
        expect(v.shape).toEqual([2, 2, 4]);
        expect(Array.from(await v.data())).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0]);
        tf.dispose([ids, v]);
      }));

    it('gives orthogonal vectors for different ids (cosine 0) and cosine 1 for the same id', () =>
      withBackend(b.name, async () => {
        const ids = tf.tensor1d([0, 2, 0], 'int32');
        const v = oneHot(ids, 5);
        const gram = tf.matMul(v, v, false, true); // norms are 1, so these are the cosines
        expect(Array.from(await gram.data())).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1]);
        tf.dispose([ids, v, gram]);
      }));

    it('throws an ArgumentError naming the offending id, and leaks nothing', () =>
      withBackend(b.name, async () => {
        const high = tf.tensor1d([1, 4], 'int32');
        const low = tf.tensor1d([-1, 0], 'int32');
        expect(() => oneHot(high, 4)).toThrow(
          /oneHot\(ids\): expected class ids in \[0, 3\], received 4 \(number\)/,
        );
        expect(() => oneHot(low, 4)).toThrow(ArgumentError);
        tf.dispose([high, low]);
      }));
  });
}

describe('oneHot arguments', () => {
  it('rejects float ids and bad class counts', async () => {
    const { useBackend } = await import('../backend/backend');
    await useBackend('cpu', { verbose: false });
    const f = tf.tensor1d([0, 1]);
    const i = tf.tensor1d([0, 1], 'int32');
    expect(() => oneHot(f, 2)).toThrow(/expected an int32 tf.Tensor of class ids, received a float32 tensor/);
    expect(() => oneHot(i, 0)).toThrow(ArgumentError);
    expect(() => oneHot(i, 2.5)).toThrow(ArgumentError);
    const empty = tf.tensor1d([], 'int32');
    const e = oneHot(empty, 3);
    expect(e.shape).toEqual([0, 3]);
    tf.dispose([f, i, empty, e]);
  });
});
