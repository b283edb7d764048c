import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture } from '../../test/fixtures/load';
import { ArgumentError } from '../errors';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { clipGradNorm, clipGradValue } from './clip-grad';

const fx = loadFixture('optim.torch.json').clipping as {
  grads: Record<string, FixtureTensor>;
  norm_cases: Array<{
    max_norm: number;
    norm_type: number | 'inf';
    total_norm: number;
    clipped: Record<string, FixtureTensor>;
  }>;
  value_case: { clip_value: number; clipped: Record<string, FixtureTensor> };
};
const load = () =>
  Object.fromEntries(Object.entries(fx.grads).map(([k, g]) => [k, tf.tensor(g.data, g.shape)]));

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `gradient clipping on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      for (const c of fx.norm_cases) {
        it(`clipGradNorm(maxNorm ${c.max_norm}, norm ${c.norm_type}) matches clip_grad_norm_`, () =>
          withBackend(b.name, async () => {
            const grads = load();
            const { grads: out, totalNorm } = clipGradNorm(
              grads,
              c.max_norm,
              c.norm_type === 'inf' ? Number.POSITIVE_INFINITY : c.norm_type,
            );
            expect(Math.abs((await totalNorm.data())[0]! - c.total_norm)).toBeLessThan(1e-5);
            for (const k of Object.keys(c.clipped))
              expect(await maxAbsDiff(out[k]!, c.clipped[k]!.data)).toBeLessThan(1e-5);
            tf.dispose([totalNorm, ...Object.values(out), ...Object.values(grads)]);
          }));
      }
      // One WebGPU shader stage binds at most 8 storage buffers by default: an `addN` of 20 norms was
      // an invalid pipeline there (validation warning, total norm 0, no clipping at all).
      it('clipGradNorm sums the norms of 20 gradients (more than a shader stage binds)', () =>
        withBackend(b.name, async () => {
          const grads = Object.fromEntries(
            Array.from({ length: 20 }, (_, i) => [`p${i}`, tf.fill([3], i + 1)]),
          );
          const expected = Math.sqrt(
            3 * Array.from({ length: 20 }, (_, i) => (i + 1) ** 2).reduce((a, x) => a + x),
          );
          const { grads: out, totalNorm } = clipGradNorm(grads, 1);
          expect((await totalNorm.data())[0]).toBeCloseTo(expected, 2);
          expect((await out.p19!.data())[0]).toBeCloseTo(20 / expected, 5);
          tf.dispose([totalNorm, ...Object.values(out), ...Object.values(grads)]);
        }));
      it('clipGradValue matches clip_grad_value_', () =>
        withBackend(b.name, async () => {
          const grads = load();
          const out = clipGradValue(grads, fx.value_case.clip_value);
          for (const k of Object.keys(out))
            expect(await maxAbsDiff(out[k]!, fx.value_case.clipped[k]!.data)).toBeLessThan(1e-6);
          tf.dispose([...Object.values(out), ...Object.values(grads)]);
        }));
    },
  );
}

describe('clipping arguments', () => {
  it('rejects a negative maxNorm or clipValue', () => {
    expect(() => clipGradNorm({}, -1)).toThrow(ArgumentError);
    expect(() => clipGradValue({}, -1)).toThrow(/clipValue\): expected a non-negative number, received -1/);
  });
});
