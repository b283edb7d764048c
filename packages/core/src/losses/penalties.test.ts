import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture } from '../../test/fixtures/load';
import { ArgumentError } from '../errors';
import { Linear } from '../layers/linear';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { l1Penalty, l2Penalty } from './penalties';

const fx = loadFixture('losses.torch.json').penalties as {
  params: FixtureTensor[];
  lambda: number;
  l1: number;
  l2: number;
  l1_grads: FixtureTensor[];
  l2_grads: FixtureTensor[];
};

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `penalties on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('l1Penalty and l2Penalty match PyTorch values and gradients', () =>
        withBackend(b.name, async () => {
          const ps = fx.params.map((p) => tf.tensor(p.data, p.shape));
          for (const [fn, value, grads] of [
            [l1Penalty, fx.l1, fx.l1_grads],
            [l2Penalty, fx.l2, fx.l2_grads],
          ] as const) {
            const v = fn(ps, fx.lambda);
            expect(Math.abs((await v.data())[0]! - value)).toBeLessThan(1e-6);
            const gs = tf.grads((a: tf.Tensor, c: tf.Tensor) => fn([a, c], fx.lambda))(ps);
            for (let i = 0; i < gs.length; i++)
              expect(await maxAbsDiff(gs[i]!, grads[i]!.data)).toBeLessThan(1e-6);
            tf.dispose([v, ...gs]);
          }
          tf.dispose(ps);
        }));

      it('sums over 20 tensors (more than a WebGPU shader stage binds) and over none', () =>
        withBackend(b.name, async () => {
          const ps = Array.from({ length: 20 }, (_, i) => tf.fill([2], -(i + 1)));
          const l1 = l1Penalty(ps, 0.5);
          const l2 = l2Penalty(ps, 0.5);
          const none = l2Penalty([], 0.5);
          expect((await l1.data())[0]).toBeCloseTo(0.5 * 2 * 210, 3); // Σ 2·(i+1), i < 20
          expect((await l2.data())[0]).toBeCloseTo(0.5 * 2 * 2870, 2); // Σ 2·(i+1)²
          expect((await none.data())[0]).toBe(0);
          tf.dispose([l1, l2, none, ...ps]);
        }));

      it('takes a module (its trainable parameters) or a record', () =>
        withBackend(b.name, async () => {
          const fc = new Linear({ inFeatures: 2, outFeatures: 1 });
          fc.loadStateDict({ weight: { shape: [1, 2], data: [1, -2] }, bias: { shape: [1], data: [3] } });
          const a = l2Penalty(fc, 0.5);
          const c = l1Penalty(fc.trainableParameters(), 1);
          expect((await a.data())[0]).toBeCloseTo(7, 6);
          expect((await c.data())[0]).toBeCloseTo(6, 6);
          fc.bias!.trainable = false;
          const d = l1Penalty(fc, 1);
          expect((await d.data())[0]).toBeCloseTo(3, 6);
          tf.dispose([a, c, d]);
          fc.dispose();
        }));
    },
  );
}

describe('penalty arguments', () => {
  it('rejects a negative lambda', () => {
    expect(() => l2Penalty([], -1)).toThrow(ArgumentError);
    expect(() => l1Penalty([], Number.NaN)).toThrow(/non-negative number, received NaN/);
  });
});
