import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture } from '../../test/fixtures/load';
import { ShapeError } from '../errors';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits } from './binary-cross-entropy';
import type { Reduction } from './reduction';

const fx = loadFixture('losses.torch.json').bce as Record<
  'probs' | 'logits' | 'target' | 'weight' | 'pos_weight',
  FixtureTensor
> & {
  cases: Array<{
    fn: 'bce' | 'bce_logits';
    reduction: Reduction;
    weight: boolean;
    pos_weight?: boolean;
    output: FixtureTensor;
    grad: FixtureTensor;
  }>;
};
const T = (f: FixtureTensor) => tf.tensor(f.data, f.shape);

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `binary cross-entropy on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      for (const c of fx.cases) {
        it(`${c.fn} reduction=${c.reduction} weight=${c.weight} posWeight=${c.pos_weight ?? false} matches PyTorch`, () =>
          withBackend(b.name, async () => {
            const [input, target, weight, posWeight] = [
              T(c.fn === 'bce' ? fx.probs : fx.logits),
              T(fx.target),
              T(fx.weight),
              T(fx.pos_weight),
            ];
            const f = (x: tf.Tensor) =>
              c.fn === 'bce'
                ? binaryCrossEntropy(x, target, {
                    reduction: c.reduction,
                    weight: c.weight ? weight : undefined,
                  })
                : binaryCrossEntropyWithLogits(x, target, {
                    reduction: c.reduction,
                    weight: c.weight ? weight : undefined,
                    posWeight: c.pos_weight ? posWeight : undefined,
                  });
            const y = f(input);
            const g = tf.grad((x: tf.Tensor) => tf.sum(f(x)))(input);
            // Sums of values up to ~40 (saturated logits): float32 keeps ~7 significant digits.
            const scale = Math.max(1, ...c.output.data.map(Math.abs));
            expect(await maxAbsDiff(y, c.output.data)).toBeLessThan(1e-5 * scale);
            expect(await maxAbsDiff(g, c.grad.data)).toBeLessThan(1e-5);
            tf.dispose([input, target, weight, posWeight, y, g]);
          }));
      }

      it('rejects mismatched shapes', () =>
        withBackend(b.name, () => {
          const a = tf.zeros([2, 3]);
          const c = tf.zeros([3, 2]);
          expect(() => binaryCrossEntropy(a, c)).toThrow(ShapeError);
          expect(() => binaryCrossEntropyWithLogits(a, c)).toThrow(
            /expected shape \[2, 3\], received \[3, 2\]/,
          );
          tf.dispose([a, c]);
        }));
    },
  );
}
