import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture, lossWeights } from '../../test/fixtures/load';
import { ArgumentError, ShapeError } from '../errors';
import { Generator } from '../random';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { Conv1d } from './conv1d';

interface ConvCase {
  name: string;
  config: {
    in_channels: number;
    out_channels: number;
    kernel_size: number;
    stride: number;
    padding: number | 'same' | 'valid';
    dilation: number;
    groups: number;
    bias: boolean;
  };
  params: Record<string, FixtureTensor>;
  input: FixtureTensor;
  output: FixtureTensor;
  grads: Record<string, FixtureTensor>;
}
const cases = loadFixture('conv.torch.json').conv1d as ConvCase[];

const make = (c: ConvCase, channelsLast = false) =>
  new Conv1d({
    inChannels: c.config.in_channels,
    outChannels: c.config.out_channels,
    kernelSize: c.config.kernel_size,
    stride: c.config.stride,
    padding: c.config.padding,
    dilation: c.config.dilation,
    groups: c.config.groups,
    bias: c.config.bias,
    channelsLast,
  });

/** Forward output and gradients (input, weight, bias) of sum(y · w), w the fixtures' loss weights. */
async function run(conv: Conv1d, x: tf.Tensor, weights: (shape: number[]) => tf.Tensor) {
  const xv = tf.variable(x, true);
  const vars = [xv, conv.weight, ...(conv.bias ? [conv.bias] : [])];
  const y = conv.forward(xv);
  const w = weights(y.shape);
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(conv.forward(xv), w)) as tf.Scalar, vars);
  const out = {
    y,
    dx: grads[xv.name]!,
    dw: grads[conv.weight.name]!,
    db: conv.bias ? grads[conv.bias.name]! : null,
  };
  tf.dispose([xv, w, value]);
  return out;
}

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(`Conv1d on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`, () => {
    for (const c of cases) {
      it(`matches PyTorch nn.Conv1d forward and gradients (${c.name})`, () =>
        withBackend(b.name, async () => {
          const conv = make(c);
          conv.loadStateDict(c.params);
          const x = tf.tensor(c.input.data, c.input.shape);
          const r = await run(conv, x, (s) => tf.tensor(lossWeights(s), s));
          expect(r.y.shape).toEqual(c.output.shape);
          expect(await maxAbsDiff(r.y, c.output.data)).toBeLessThan(1e-5);
          expect(await maxAbsDiff(r.dx, c.grads.input!.data)).toBeLessThan(1e-5);
          expect(await maxAbsDiff(r.dw, c.grads.weight!.data)).toBeLessThan(1e-5);
          if (r.db) expect(await maxAbsDiff(r.db, c.grads.bias!.data)).toBeLessThan(1e-5);
          tf.dispose([x, r.y, r.dx, r.dw, ...(r.db ? [r.db] : [])]);
          conv.dispose();
        }));
    }

    for (const c of cases.filter((k) => ['k3_basic', 'k2_groups2_pad1', 'k5_valid_text'].includes(k.name))) {
      it(`channelsLast takes [B, L, C] and gives the transposed result (${c.name})`, () =>
        withBackend(b.name, async () => {
          const conv = make(c, true);
          conv.loadStateDict(c.params);
          const x = tf.tidy(() => tf.transpose(tf.tensor(c.input.data, c.input.shape), [0, 2, 1]));
          // The loss weights are laid out [B, C, L]; transpose them to the [B, L, C] output.
          const r = await run(conv, x, (s) =>
            tf.tidy(() =>
              tf.transpose(tf.tensor(lossWeights([s[0]!, s[2]!, s[1]!]), [s[0]!, s[2]!, s[1]!]), [0, 2, 1]),
            ),
          );
          const back = tf.transpose(r.y, [0, 2, 1]);
          const dxBack = tf.transpose(r.dx, [0, 2, 1]);
          expect(await maxAbsDiff(back, c.output.data)).toBeLessThan(1e-5);
          expect(await maxAbsDiff(dxBack, c.grads.input!.data)).toBeLessThan(1e-5);
          expect(await maxAbsDiff(r.dw, c.grads.weight!.data)).toBeLessThan(1e-5);
          tf.dispose([x, back, dxBack, r.y, r.dx, r.dw, ...(r.db ? [r.db] : [])]);
          conv.dispose();
        }));
    }
  });
}

describe('Conv1d module', () => {
  it('names and shapes its parameters as PyTorch and initialises them U(±1/√fanIn), seeded', async () => {
    const { useBackend } = await import('../backend/backend');
    await useBackend('cpu', { verbose: false });
    const conv = new Conv1d({
      inChannels: 8,
      outChannels: 64,
      kernelSize: 5,
      groups: 2,
      generator: new Generator(3),
    });
    const sd = conv.stateDict();
    expect(Object.fromEntries(Object.entries(sd).map(([k, v]) => [k, v.shape]))).toEqual({
      weight: [64, 4, 5],
      bias: [64],
    });
    const bound = 1 / Math.sqrt(4 * 5);
    const w = await conv.weight.data();
    expect(Math.max(...w)).toBeLessThanOrEqual(bound);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-bound);
    expect(Math.max(...w)).toBeGreaterThan(0.9 * bound);
    const again = new Conv1d({
      inChannels: 8,
      outChannels: 64,
      kernelSize: 5,
      groups: 2,
      generator: new Generator(3),
    });
    expect(await maxAbsDiff(again.weight, w)).toBe(0);
    conv.dispose();
    again.dispose();
  });

  it('rejects bad arguments with typed errors', async () => {
    const { useBackend } = await import('../backend/backend');
    await useBackend('cpu', { verbose: false });
    expect(() => new Conv1d({ inChannels: 0, outChannels: 2, kernelSize: 3 })).toThrow(ArgumentError);
    expect(() => new Conv1d({ inChannels: 3, outChannels: 4, kernelSize: 3, groups: 2 })).toThrow(
      /Conv1d\(groups\): expected a divisor of inChannels \(3\), received 2 \(number\)/,
    );
    expect(
      () => new Conv1d({ inChannels: 2, outChannels: 2, kernelSize: 3, stride: 2, padding: 'same' }),
    ).toThrow(ArgumentError);
    expect(
      () => new Conv1d({ inChannels: 2, outChannels: 2, kernelSize: 3, paddingMode: 'reflect' as 'zeros' }),
    ).toThrow(/paddingMode/);
    expect(() => new Conv1d({ inChannels: 2, outChannels: 2, kernelSize: 3, padding: -1 })).toThrow(
      ArgumentError,
    );
    const conv = new Conv1d({ inChannels: 2, outChannels: 2, kernelSize: 3 });
    const before = tf.memory().numTensors;
    const wrongChannels = tf.zeros([1, 3, 5]);
    const tooShort = tf.zeros([1, 2, 2]);
    expect(() => conv.forward(wrongChannels)).toThrow(ShapeError);
    expect(() => conv.forward(tooShort)).toThrow(/shorter than the kernel's span 3/);
    tf.dispose([wrongChannels, tooShort]);
    expect(tf.memory().numTensors).toBe(before);
    conv.dispose();
  });
});
