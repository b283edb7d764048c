import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture, lossWeights } from '../../test/fixtures/load';
import { ArgumentError, ShapeError } from '../errors';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { LayerNorm } from './layer-norm';

const pub = loadFixture('modules.public.json');
const lnCase = pub.cases.find((c: { name: string }) => c.name === 'layernorm_16_affine');
const torch = loadFixture('layers.torch.json');

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `LayerNorm on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('matches PyTorch (modules.public.json layernorm_16_affine)', () =>
        withBackend(b.name, async () => {
          const c = lnCase;
          const ln = new LayerNorm({
            normalizedShape: c.config.normalized_shape,
            eps: c.config.eps,
            elementwiseAffine: c.config.elementwise_affine,
          });
          ln.loadStateDict(c.params);
          const x = tf.tensor(c.inputs.input.data, c.inputs.input.shape);
          const y = ln.forward(x);
          expect(y.shape).toEqual(c.outputs.output.shape);
          expect(await maxAbsDiff(y, c.outputs.output.data)).toBeLessThan(1e-5);
          tf.dispose([x, y]);
          ln.dispose();
        }));

      for (const c of torch.layer_norm as Array<{
        name: string;
        config: { normalized_shape: number[]; eps: number; elementwise_affine: boolean };
        params: Record<string, FixtureTensor>;
        input: FixtureTensor;
        output: FixtureTensor;
        grads: Record<string, FixtureTensor>;
      }>) {
        it(`matches PyTorch forward and gradients (${c.name})`, () =>
          withBackend(b.name, async () => {
            const ln = new LayerNorm({
              normalizedShape: c.config.normalized_shape,
              eps: c.config.eps,
              elementwiseAffine: c.config.elementwise_affine,
            });
            ln.loadStateDict(c.params);
            const x = tf.tensor(c.input.data, c.input.shape);
            const y = ln.forward(x);
            expect(await maxAbsDiff(y, c.output.data)).toBeLessThan(1e-5);
            const wts = tf.tensor(lossWeights(x.shape), x.shape);
            const vars = ln.trainableParameters();
            const loss = () => tf.sum(tf.mul(ln.forward(x), wts)) as tf.Scalar;
            const { grads, value } = Object.keys(vars).length
              ? tf.variableGrads(loss)
              : { grads: {} as tf.NamedTensorMap, value: tf.tidy(loss) };
            const gx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(ln.forward(xx), wts)))(x);
            expect(await maxAbsDiff(gx, c.grads.input!.data)).toBeLessThan(1e-4);
            for (const name of Object.keys(vars)) {
              expect(await maxAbsDiff(grads[vars[name]!.name]!, c.grads[name]!.data)).toBeLessThan(1e-4);
            }
            tf.dispose([x, y, wts, gx, value, ...Object.values(grads)]);
            ln.dispose();
          }));
      }

      it('rejects a mismatched trailing shape', () =>
        withBackend(b.name, () => {
          const ln = new LayerNorm({ normalizedShape: [4] });
          const x = tf.zeros([2, 3]);
          expect(() => ln.forward(x)).toThrow(ShapeError);
          expect(() => ln.forward(x)).toThrow(/expected trailing dimensions \[4\], received shape \[2, 3\]/);
          x.dispose();
          ln.dispose();
        }));
    },
  );
}

describe('LayerNorm arguments', () => {
  it('rejects an invalid normalizedShape', () => {
    expect(() => new LayerNorm({ normalizedShape: 0 })).toThrow(ArgumentError);
    expect(() => new LayerNorm({ normalizedShape: [] })).toThrow(/normalizedShape/);
  });
  it('without affine has no parameters', async () => {
    const { useBackend } = await import('../backend/backend');
    await useBackend('cpu', { verbose: false });
    expect(new LayerNorm({ normalizedShape: 3, elementwiseAffine: false }).numParameters()).toBe(0);
  });
});
