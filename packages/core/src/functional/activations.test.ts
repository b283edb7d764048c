import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture } from '../../test/fixtures/load';
import { ArgumentError } from '../errors';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { type ActivationName, gelu, getActivation } from './activations';

const fx = loadFixture('layers.torch.json').activations as {
  input: FixtureTensor;
  outputs: Record<string, FixtureTensor>;
  grads: Record<string, FixtureTensor>;
};

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `activations on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      for (const name of Object.keys(fx.outputs) as ActivationName[]) {
        it(`${name} matches PyTorch values and gradients`, () =>
          withBackend(b.name, async () => {
            const f = getActivation(name);
            const x = tf.tensor(fx.input.data, fx.input.shape);
            const y = f(x);
            const g = tf.grad((v: tf.Tensor) => tf.sum(f(v)))(x);
            expect(await maxAbsDiff(y, fx.outputs[name]!.data)).toBeLessThan(1e-5);
            expect(await maxAbsDiff(g, fx.grads[name]!.data)).toBeLessThan(1e-5);
            tf.dispose([x, y, g]);
          }));
      }
    },
  );
}

describe('activation arguments', () => {
  it('getActivation rejects unknown names; gelu rejects unknown approximations', async () => {
    const { useBackend } = await import('../backend/backend');
    await useBackend('cpu', { verbose: false });
    expect(() => getActivation('mish' as never)).toThrow(ArgumentError);
    expect(() => getActivation('toString' as never)).toThrow(/received "toString" \(string\)/);
    const x = tf.scalar(1);
    expect(() => gelu(x, { approximate: 'erf' as never })).toThrow(
      /expected 'none' or 'tanh', received "erf" \(string\)/,
    );
    x.dispose();
  });
});
