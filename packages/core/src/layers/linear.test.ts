import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ShapeError } from '../errors';
import { Generator } from '../random';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { Linear } from './linear';

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(`Linear on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`, () => {
    it('computes x·Wᵀ + b over the last dimension of any rank', () =>
      withBackend(b.name, async () => {
        const fc = new Linear({ inFeatures: 2, outFeatures: 3 });
        fc.loadStateDict({
          weight: { shape: [3, 2], data: [1, 2, 3, 4, 5, 6] },
          bias: { shape: [3], data: [0.5, -1, 0] },
        });
        const x = tf.tensor3d([1, 1, 2, -1], [1, 2, 2]);
        const y = fc.forward(x);
        expect(y.shape).toEqual([1, 2, 3]);
        // [1,1]: [3, 7, 11] + b; [2,-1]: [0, 2, 4] + b
        expect(await maxAbsDiff(y, [3.5, 6, 11, 0.5, 1, 4])).toBeLessThan(1e-6);
        tf.dispose([x, y]);
        fc.dispose();
      }));

    it('initialises weight and bias from U(±1/√in) (PyTorch default) and is seeded', () =>
      withBackend(b.name, async () => {
        const a = new Linear({ inFeatures: 16, outFeatures: 32, generator: new Generator(3) });
        const c = new Linear({ inFeatures: 16, outFeatures: 32, generator: new Generator(3) });
        const w = await a.weight.data();
        expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(0.25);
        // Uniform on ±0.25: the max magnitude over 512 draws comes close to the bound.
        expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.24);
        expect(Math.max(...(await a.bias!.data()).map(Math.abs))).toBeLessThanOrEqual(0.25);
        expect(await maxAbsDiff(a.weight, await c.weight.data())).toBe(0);
        expect(a.namedParameters().map(([n]) => n)).toEqual(['weight', 'bias']);
        a.dispose();
        c.dispose();
      }));

    it('bias: false registers no bias', () =>
      withBackend(b.name, () => {
        const fc = new Linear({ inFeatures: 2, outFeatures: 2, bias: false });
        expect(Object.keys(fc.stateDict())).toEqual(['weight']);
        expect(fc.bias).toBeNull();
        fc.dispose();
      }));

    it('rejects a wrong last dimension with a ShapeError', () =>
      withBackend(b.name, () => {
        const fc = new Linear({ inFeatures: 4, outFeatures: 2 });
        const x = tf.zeros([2, 3]);
        expect(() => fc.forward(x)).toThrow(ShapeError);
        expect(() => fc.forward(x)).toThrow(/expected last dimension 4, received shape \[2, 3\]/);
        x.dispose();
        fc.dispose();
      }));
  });
}
