import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture } from '../../test/fixtures/load';
import { ArgumentError, ShapeError } from '../errors';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { crossEntropy, perplexity } from './cross-entropy';
import type { Reduction } from './reduction';

const pub = loadFixture('losses.public.json');
const mine = loadFixture('losses.torch.json').cross_entropy as {
  logits: FixtureTensor;
  targets: FixtureTensor;
  cases: Array<{
    name: string;
    ignore_index: number;
    label_smoothing: number;
    reduction: Reduction;
    output: FixtureTensor;
    grad: FixtureTensor;
  }>;
};

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `crossEntropy on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      for (const c of pub.cases) {
        it(`matches losses.public.json ${c.name}`, () =>
          withBackend(b.name, async () => {
            const logits = tf.tensor(pub.logits.data, pub.logits.shape);
            const targets = tf.tensor(pub[c.targets_key].data, pub[c.targets_key].shape, 'int32');
            const opts = { ignoreIndex: c.ignore_index, labelSmoothing: c.label_smoothing };
            const mean = crossEntropy(logits, targets, opts);
            const sum = crossEntropy(logits, targets, { ...opts, reduction: 'sum' });
            const none = crossEntropy(logits, targets, { ...opts, reduction: 'none' });
            expect(Math.abs((await mean.data())[0]! - c.mean_float64)).toBeLessThan(1e-5);
            expect(Math.abs((await sum.data())[0]! - c.sum_float64)).toBeLessThan(1e-4);
            expect(await maxAbsDiff(none, c.per_token_float64.data)).toBeLessThan(1e-5);
            if (c.perplexity_float64 !== undefined) {
              expect(perplexity((await mean.data())[0]!) / c.perplexity_float64 - 1).toBeLessThan(1e-5);
            }
            tf.dispose([logits, targets, mean, sum, none]);
          }));
      }

      for (const c of mine.cases) {
        it(`matches PyTorch values and gradients (${c.name})`, () =>
          withBackend(b.name, async () => {
            const logits = tf.tensor(mine.logits.data, mine.logits.shape);
            const targets = tf.tensor(mine.targets.data, mine.targets.shape, 'int32');
            const opts = {
              ignoreIndex: c.ignore_index,
              labelSmoothing: c.label_smoothing,
              reduction: c.reduction,
            };
            const y = crossEntropy(logits, targets, opts);
            expect(y.shape).toEqual(c.output.shape);
            expect(await maxAbsDiff(y, c.output.data)).toBeLessThan(1e-5);
            const w = tf.tidy(() => tf.reshape(tf.range(0, 8), [2, 4]));
            const g = tf.grad((x: tf.Tensor) => {
              const l = crossEntropy(x, targets, opts);
              return c.reduction === 'none' ? tf.sum(tf.mul(l, w)) : l;
            })(logits);
            expect(await maxAbsDiff(g, c.grad.data)).toBeLessThan(1e-5);
            tf.dispose([logits, targets, y, w, g]);
          }));
      }

      it('rejects mismatched targets and bad options', () =>
        withBackend(b.name, () => {
          const logits = tf.zeros([2, 3, 5]);
          const targets = tf.zeros([2, 4], 'int32');
          expect(() => crossEntropy(logits, targets)).toThrow(ShapeError);
          expect(() => crossEntropy(logits, targets)).toThrow(/expected shape \[2, 3\].*received \[2, 4\]/);
          const ok = tf.zeros([2, 3], 'int32');
          expect(() => crossEntropy(logits, ok, { labelSmoothing: 1.5 })).toThrow(ArgumentError);
          expect(() => crossEntropy(logits, ok, { reduction: 'avg' as never })).toThrow(
            /'mean', 'sum' or 'none'/,
          );
          tf.dispose([logits, targets, ok]);
        }));
    },
  );
}
