import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/fixtures/load';
import { useBackend } from '../backend/backend';
import { ArgumentError } from '../errors';
import { Generator } from '../random';
import { calculateGain, computeFans, type Nonlinearity } from './fans';
import {
  constant,
  kaimingNormal,
  kaimingUniform,
  normal,
  truncNormal,
  uniform,
  xavierNormal,
  xavierUniform,
} from './initializers';

const fx = loadFixture('layers.torch.json').init as {
  cases: Array<Record<string, number> & { shape: number[] }>;
  gains: Record<string, number>;
};

beforeAll(async () => {
  await useBackend('cpu', { verbose: false });
});

async function stats(t: tf.Tensor) {
  const v = (await t.data()) as Float32Array;
  t.dispose();
  const mean = v.reduce((a, x) => a + x, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / v.length);
  const maxAbs = v.reduce((a, x) => Math.max(a, Math.abs(x)), 0);
  return { mean, std, maxAbs, n: v.length };
}

describe('calculateGain and computeFans', () => {
  it('match torch.nn.init', () => {
    for (const [k, g] of Object.entries(fx.gains)) {
      const [name, param] = k.split('_0.') as [string, string | undefined];
      const gain = param
        ? calculateGain(name as Nonlinearity, Number(`0.${param}`))
        : calculateGain(k as Nonlinearity);
      expect(gain).toBeCloseTo(g, 12);
    }
    for (const c of fx.cases) expect(computeFans(c.shape)).toEqual({ fanIn: c.fan_in, fanOut: c.fan_out });
    expect(() => computeFans([3])).toThrow(/at least 2 dimensions, received an array of length 1/);
    expect(() => calculateGain('elu' as never)).toThrow(ArgumentError);
  });
});

describe('initialisers', () => {
  it('bound the uniform ones exactly as PyTorch and reach the bound', async () => {
    for (const c of fx.cases) {
      // More rows leave fanIn unchanged (Kaiming's default mode) and give more draws near the bound.
      const big = [c.shape[0]! * 40, ...c.shape.slice(1)];
      const xu = await stats(xavierUniform(c.shape, { generator: new Generator(1) }));
      expect(xu.maxAbs).toBeLessThanOrEqual(c.xavier_uniform_bound! + 1e-7);
      const ku = await stats(kaimingUniform(big, { generator: new Generator(2) }));
      expect(ku.maxAbs).toBeLessThanOrEqual(c.kaiming_uniform_bound_default! + 1e-7);
      expect(ku.maxAbs).toBeGreaterThan(0.97 * c.kaiming_uniform_bound_default!);
      const k5 = await stats(kaimingUniform(big, { a: Math.sqrt(5), generator: new Generator(3) }));
      expect(k5.maxAbs).toBeLessThanOrEqual(c.kaiming_uniform_bound_a_sqrt5! + 1e-7);
      expect(k5.maxAbs).toBeGreaterThan(0.97 * c.kaiming_uniform_bound_a_sqrt5!);
    }
  });

  it('give the normal ones PyTorch’s standard deviation', async () => {
    const c = fx.cases[1]!; // [16, 32]
    const big = c.shape; // the std depends on both fans: keep the shape and draw many times
    const draws: number[] = [];
    const g = new Generator(4);
    for (let i = 0; i < 60; i++) {
      const t = xavierNormal(big, { generator: g });
      draws.push(...(await t.data()));
      t.dispose();
    }
    const std = Math.sqrt(draws.reduce((a, x) => a + x * x, 0) / draws.length);
    expect(Math.abs(std / c.xavier_normal_std! - 1)).toBeLessThan(0.02);
    const kn = await stats(
      kaimingNormal([c.shape[0]!, 2000], { mode: 'fanOut', nonlinearity: 'relu', generator: g }),
    );
    expect(Math.abs(kn.std / c.kaiming_normal_std_fan_out_relu! - 1)).toBeLessThan(0.02);
  });

  it('uniform, normal, truncNormal and constant honour their parameters and seeds', async () => {
    const u = await stats(uniform([20000], { low: 2, high: 4, generator: new Generator(9) }));
    expect(Math.abs(u.mean - 3)).toBeLessThan(0.02);
    const n = await stats(normal([20000], { mean: -1, std: 0.5, generator: new Generator(9) }));
    expect(Math.abs(n.mean + 1)).toBeLessThan(0.02);
    expect(Math.abs(n.std - 0.5)).toBeLessThan(0.01);
    const tn = await truncNormal([20000], { std: 1, a: -0.5, b: 0.5, generator: new Generator(9) }).data();
    expect(Math.min(...tn)).toBeGreaterThanOrEqual(-0.5);
    expect(Math.max(...tn)).toBeLessThanOrEqual(0.5);
    const c = constant([2, 2], 0.3);
    expect(Array.from(await c.data())).toEqual(new Array(4).fill(Math.fround(0.3)));
    c.dispose();
    const a = uniform([5], { generator: new Generator(11) });
    const b = uniform([5], { generator: new Generator(11) });
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    tf.dispose([a, b]);
    expect(() => uniform([2], { low: 1, high: 0 })).toThrow(
      /uniform\(high\): expected a number >= low \(1\), received 0 \(number\)/,
    );
    expect(() => normal([-1])).toThrow(ArgumentError);
    expect(() => kaimingUniform([2, 2], { mode: 'fan_in' as never })).toThrow(/expected 'fanIn' or 'fanOut'/);
  });
});
