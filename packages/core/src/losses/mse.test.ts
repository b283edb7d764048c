import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture } from '../../test/fixtures/load';
import { ShapeError } from '../errors';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { mseLoss } from './mse';
import type { Reduction } from './reduction';

const fx = loadFixture('losses.torch.json').mse as {
  input: FixtureTensor;
  target: FixtureTensor;
  cases: Array<{ reduction: Reduction; output: FixtureTensor; grad: FixtureTensor }>;
};

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(`mseLoss on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`, () => {
    for (const c of fx.cases) {
      it(`reduction=${c.reduction} matches PyTorch values and gradients`, () =>
        withBackend(b.name, async () => {
          const x = tf.tensor(fx.input.data, fx.input.shape);
          const y = tf.tensor(fx.target.data, fx.target.shape);
          const l = mseLoss(x, y, { reduction: c.reduction });
          const g = tf.grad((v: tf.Tensor) => tf.sum(mseLoss(v, y, { reduction: c.reduction })))(x);
          expect(await maxAbsDiff(l, c.output.data)).toBeLessThan(1e-5);
          expect(await maxAbsDiff(g, c.grad.data)).toBeLessThan(1e-5);
          tf.dispose([x, y, l, g]);
        }));
    }
    it('rejects mismatched shapes', () =>
      withBackend(b.name, () => {
        const a = tf.zeros([2]);
        const c = tf.zeros([3]);
        expect(() => mseLoss(a, c)).toThrow(ShapeError);
        tf.dispose([a, c]);
      }));
  });
}
