import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackendError } from '../errors';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { useBackend } from './backend';

describe('useBackend', () => {
  it('rejects an unknown backend name with a BackendError naming it', async () => {
    await expect(useBackend('tpu' as never)).rejects.toThrow(BackendError);
    await expect(useBackend('tpu' as never)).rejects.toThrow(/'tpu'/);
  });

  it('auto picks a backend and says why', async () => {
    const info = await useBackend('auto', { verbose: false });
    expect(['webgpu', 'wasm', 'cpu']).toContain(info.name);
    expect(info.reason).toMatch(/^auto: /);
    expect(tf.getBackend()).toBe(info.name);
  });
});

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `gradients and chained ops on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('x.square().sum() has gradient 2x', () =>
        withBackend(b.name, async () => {
          const x = tf.tensor1d([1, -2, 3.5]);
          // Chained ops exist at run time (tfjs-extras) but tfjs-core's types do not declare them.
          const g = tf.grad((a: tf.Tensor) =>
            (a as unknown as { square(): { sum(): tf.Tensor } }).square().sum(),
          )(x);
          expect(await maxAbsDiff(g, [2, -4, 7])).toBeLessThan(1e-6);
          tf.dispose([x, g]);
        }));
    },
  );
}
