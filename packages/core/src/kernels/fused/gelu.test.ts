/**
 * The fused exact GELU (`gelu`, kernels GlossaGelu / GlossaGeluGrad on cpu and wasm, the wasm one from
 * the shipped SIMD binary) against float64: values and gradients on random inputs of odd lengths
 * (the vector tails), special values, no tensor leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { erf } from '../../../test/reference';
import { probeBackends, useBackend } from '../../backend/backend';
import { gelu } from '../../functional/activations';
import { erf32, GELU } from './gelu';

const backends = (await probeBackends(['cpu', 'wasm'])).filter((b) => b.available).map((b) => b.name);

const geluRef = (x: number) => 0.5 * x * (1 + erf(x * Math.SQRT1_2));
const geluGradRef = (x: number) =>
  0.5 * (1 + erf(x * Math.SQRT1_2)) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI);

describe('erf32 (the approximation both fused kernels use)', () => {
  it('is within 5e-7 of float64 erf on [−6, 6] and saturates beyond', () => {
    for (let x = -6; x <= 6; x += 0.01) expect(Math.abs(erf32(x) - erf(x))).toBeLessThan(5e-7);
    expect(erf32(1e9)).toBe(1);
    expect(erf32(Number.NaN)).toBeNaN();
  });
});

describe.each(backends)('fused gelu on %s', (backend) => {
  it('uses the fused kernel and matches float64 values and gradients (odd lengths)', async () => {
    await useBackend(backend, { verbose: false });
    expect(tf.getKernel(GELU, backend)).toBeDefined();
    let s = 11;
    const rnd = () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    for (const n of [1, 3, 4, 5, 9, 1031]) {
      const xs = Float32Array.from({ length: n }, () => (rnd() * 2 - 1) * (rnd() < 0.5 ? 2 : 7));
      const dys = Float32Array.from({ length: n }, () => rnd() * 2 - 1);
      const before = tf.memory().numTensors;
      const x = tf.tensor1d(xs);
      const dy = tf.tensor1d(dys);
      const y = gelu(x);
      const dx = tf.grad((t: tf.Tensor) => gelu(t))(x, dy);
      const yv = await y.data();
      const dv = await dx.data();
      xs.forEach((v, i) => {
        expect(Math.abs((yv[i] as number) - geluRef(v))).toBeLessThan(3e-6 * (1 + Math.abs(v)));
        expect(Math.abs((dv[i] as number) - (dys[i] as number) * geluGradRef(v))).toBeLessThan(3e-6);
      });
      tf.dispose([x, dy, y, dx]);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('keeps NaN, and ±∞ give ∞ and 0 (as x·Φ(x))', async () => {
    await useBackend(backend, { verbose: false });
    const y = Array.from(await tf.tidy(() => gelu(tf.tensor1d([Number.NaN, 50, -50, 0]))).data());
    expect(y[0]).toBeNaN();
    expect(y.slice(1)).toEqual([50, -0, 0]);
  });
});
