import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture } from '../../test/fixtures/load';
import { settleDeferredChecks } from '../deferred-checks';
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

      it('rejects targets PyTorch rejects: out of range, negative, non-integer (no silent 0 or truncation)', () =>
        withBackend(b.name, async () => {
          const logits = tf.zeros([2, 3, 5]);
          const cases: Array<[number[], string, RegExp]> = [
            [
              [0, 1, 2, 3, 4, 5],
              'int32',
              /crossEntropy\(targets\[1, 2\]\): expected an integer class id in \[0, 5\) or ignoreIndex -100, received 5 \(number\)/,
            ],
            [[0, -1, 2, 3, 4, 0], 'int32', /targets\[0, 1\].*received -1/],
            [[0, 1, 2.7, 3, 4, 0], 'float32', /targets\[0, 2\].*received 2\.7/],
          ];
          for (const [values, dtype, message] of cases) {
            const t = tf.tensor(values, [2, 3], dtype as 'int32' | 'float32');
            expect(() => crossEntropy(logits, t)).toThrow(ArgumentError);
            expect(() => crossEntropy(logits, t)).toThrow(message);
            tf.dispose(t);
          }
          // The ignore index passes, whatever its value; the check can be turned off.
          const ignored = tf.tensor2d(
            [
              [0, -100, 4],
              [1, 2, -100],
            ],
            [2, 3],
            'int32',
          );
          const loss = crossEntropy(logits, ignored);
          expect(Math.abs((await loss.data())[0]! - Math.log(5))).toBeLessThan(1e-5);
          const wide = tf.tensor2d(
            [
              [0, 9, 4],
              [1, 2, 3],
            ],
            [2, 3],
            'int32',
          );
          const unchecked = crossEntropy(logits, wide, { validateTargets: false });
          tf.dispose([logits, ignored, loss, wide, unchecked]);
        }));

      if (b.name === 'webgpu')
        it('defers the check for targets already on the GPU and throws at the next call', () =>
          withBackend(b.name, async () => {
            const logits = tf.zeros([1, 3, 5]);
            const bad = tf.tensor2d([[0, 7, 1]], [1, 3], 'int32');
            const forward = tf.env().getBool('WEBGPU_CPU_FORWARD');
            tf.env().set('WEBGPU_CPU_FORWARD', false); // small ops would otherwise run on the CPU
            tf.dispose(tf.add(bad, 0)); // uploads the targets: their values leave the CPU side
            tf.env().set('WEBGPU_CPU_FORWARD', forward);
            const first = crossEntropy(logits, bad); // no stall: the check is read asynchronously
            await settleDeferredChecks();
            const good = tf.tensor2d([[0, 1, 2]], [1, 3], 'int32');
            expect(() => crossEntropy(logits, good)).toThrow(
              /crossEntropy\(targets\).*deferred webgpu check/,
            );
            const second = crossEntropy(logits, good); // the error is reported once
            tf.dispose([logits, bad, first, good, second]);
          }));
    },
  );
}
