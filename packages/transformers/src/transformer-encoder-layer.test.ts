import { causalMask } from '@glossa/attention';
import { ArgumentError, Generator, ShapeError, useBackend } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensor } from '../test/helpers';
import { buildModule, checkForward, checkGradients, layerCases } from '../test/layer-cases';
import { TransformerEncoderLayer } from './transformer-encoder-layer';

const cases = layerCases('encoderLayer');

describe('TransformerEncoderLayer (cpu, no fixtures)', () => {
  beforeAll(() => useBackend('cpu', { verbose: false }));

  it('has PyTorch defaults and names', () => {
    const layer = new TransformerEncoderLayer({ dModel: 8, nhead: 2 });
    expect(layer.options).toMatchObject({
      dimFeedforward: 2048,
      dropout: 0.1,
      activation: 'relu',
      normFirst: false,
      layerNormEps: 1e-5,
      bias: true,
    });
    expect(Object.keys(layer.stateDict())).toEqual([
      'self_attn.in_proj_weight',
      'self_attn.in_proj_bias',
      'self_attn.out_proj.weight',
      'self_attn.out_proj.bias',
      'linear1.weight',
      'linear1.bias',
      'linear2.weight',
      'linear2.bias',
      'norm1.weight',
      'norm1.bias',
      'norm2.weight',
      'norm2.bias',
    ]);
    expect(layer.linear1.weight.shape).toEqual([2048, 8]);
    layer.dispose();
  });

  it('rejects bad options with typed errors', () => {
    expect(() => new TransformerEncoderLayer({ dModel: 10, nhead: 4 })).toThrow(ArgumentError);
    expect(() => new TransformerEncoderLayer({ dModel: 10, nhead: 4 })).toThrow(
      /TransformerEncoderLayer\(nhead\)/,
    );
    expect(() => new TransformerEncoderLayer({ dModel: 0, nhead: 1 })).toThrow(/dModel/);
    expect(() => new TransformerEncoderLayer({ dModel: 8, nhead: 2, dropout: 1 })).toThrow(/dropout/);
    expect(() => new TransformerEncoderLayer({ dModel: 8, nhead: 2, activation: 'tanh' as 'relu' })).toThrow(
      /activation/,
    );
    const layer = new TransformerEncoderLayer({ dModel: 8, nhead: 2, dimFeedforward: 4 });
    const bad = tf.zeros([2, 3, 6]);
    expect(() => layer.forward(bad)).toThrow(ShapeError);
    expect(() => layer.forward(bad)).toThrow(/TransformerEncoderLayer\.forward\(src\)/);
    bad.dispose();
    layer.dispose();
  });
});

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `TransformerEncoderLayer on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      for (const c of cases.filter((x) => !x.grads)) {
        it(`matches PyTorch: ${c.name}`, () => withBackend(b.name, () => checkForward(b.name, c)));
      }

      it('isCausal gives the same output as an explicit causal mask', () =>
        withBackend(b.name, async () => {
          const c = cases.find((x) => x.name === 'enc_pre_relu_causal')!;
          const { srcMask: _mask, ...inputs } = c.inputs;
          await checkForward(b.name, { ...c, inputs }, { isCausal: true });
        }));

      for (const c of cases.filter((x) => x.grads)) {
        it(`gradients match PyTorch autograd: ${c.name}`, () =>
          withBackend(b.name, () => checkGradients(b.name, c)));
      }

      it('returns a tensor by default and disposes everything it made', () =>
        withBackend(b.name, async () => {
          const layer = buildModule(cases[0]!) as TransformerEncoderLayer;
          const src = tensor(cases[0]!.inputs.src!);
          const y = layer.forward(src);
          expect(y).toBeInstanceOf(tf.Tensor);
          expect(y.shape).toEqual(src.shape);
          tf.dispose([y, src]);
          layer.dispose();
        }));

      it('dropout: active in training with a seeded generator, the identity after eval()', () =>
        withBackend(b.name, async () => {
          const make = () =>
            new TransformerEncoderLayer({
              dModel: 8,
              nhead: 2,
              dimFeedforward: 16,
              generator: new Generator(3),
            });
          const [l1, l2] = [make(), make()];
          const src = tf.randomNormal([2, 4, 8], 0, 1, 'float32', 1);
          const [a, b2] = [l1.forward(src), l2.forward(src)];
          expect(await maxAbsDiff(a, await b2.data())).toBe(0); // same seed, same masks
          const mask = causalMask(4);
          const evalOut = l1.eval().forward(src, { srcMask: mask });
          const evalAgain = l1.forward(src, { srcMask: mask });
          expect(await maxAbsDiff(evalOut, await evalAgain.data())).toBe(0);
          const train = l1.train().forward(src, { srcMask: mask });
          expect(await maxAbsDiff(train, await evalOut.data())).toBeGreaterThan(1e-3);
          tf.dispose([src, a, b2, mask, evalOut, evalAgain, train]);
          l1.dispose();
          l2.dispose();
        }));
    },
  );
}
