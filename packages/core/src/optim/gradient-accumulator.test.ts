import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Linear } from '../layers/linear';
import { crossEntropy } from '../losses/cross-entropy';
import { Generator } from '../random';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { GradientAccumulator } from './gradient-accumulator';

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `GradientAccumulator on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('the mean over equal micro-batches equals the full-batch gradient', () =>
        withBackend(b.name, async () => {
          const g = new Generator(3);
          const fc = new Linear({ inFeatures: 4, outFeatures: 5, generator: g });
          const x = tf.tensor2d(g.fillNormal(new Float32Array(8 * 4)), [8, 4]);
          const y = tf.tensor1d([0, 1, 2, 3, 4, 0, 1, 2], 'int32');
          const full = tf.variableGrads(() => crossEntropy(fc.forward(x), y) as tf.Scalar);
          const acc = new GradientAccumulator();
          for (let i = 0; i < 8; i += 2) {
            const xi = tf.slice(x, [i, 0], [2, 4]);
            const yi = tf.slice(y, [i], [2]);
            const part = tf.variableGrads(() => crossEntropy(fc.forward(xi), yi) as tf.Scalar);
            acc.add(part.grads);
            tf.dispose([xi, yi, part.value, ...Object.values(part.grads)]);
          }
          expect(acc.count).toBe(4);
          const mean = acc.mean();
          const sum = acc.sum();
          for (const k of Object.keys(full.grads)) {
            const expected = await full.grads[k]!.data();
            expect(await maxAbsDiff(mean[k]!, expected)).toBeLessThan(1e-6);
            expect(
              await maxAbsDiff(
                sum[k]!,
                Array.from(expected, (v) => v * 4),
              ),
            ).toBeLessThan(1e-5);
          }
          acc.reset();
          expect(acc.count).toBe(0);
          expect(() => acc.mean()).toThrow(/no gradients were added/);
          tf.dispose([
            x,
            y,
            full.value,
            ...Object.values(full.grads),
            ...Object.values(mean),
            ...Object.values(sum),
          ]);
          fc.dispose();
        }));
    },
  );
}
