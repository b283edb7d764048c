/**
 * The fused layer norm (`layerNorm`, kernels GlossaLayerNorm / GlossaLayerNormGrad on cpu and wasm, the
 * wasm one from the shipped SIMD binary) against a float64 reference: forward and the gradients with
 * respect to x, weight and bias on random shapes (odd widths: the vector tails), several normalised
 * axes, without affine parameters; errors; no tensor leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { probeBackends, useBackend } from '../../backend/backend';
import { ShapeError } from '../../errors';
import { layerNorm } from '../../functional/layer-norm';
import { LAYER_NORM } from './layer-norm';

const backends = (await probeBackends(['cpu', 'wasm'])).filter((b) => b.available).map((b) => b.name);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** float64 layer norm of rows × width and its gradients for upstream gradient `dy`. */
function reference(
  x: Float32Array,
  g: Float32Array,
  b: Float32Array,
  dy: Float32Array,
  width: number,
  eps: number,
) {
  const rows = x.length / width;
  const y = new Float64Array(x.length);
  const dx = new Float64Array(x.length);
  const dg = new Float64Array(width);
  const db = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    const row = Array.from(x.subarray(r * width, (r + 1) * width));
    const m = row.reduce((s, v) => s + v, 0) / width;
    const v = row.reduce((s, t) => s + (t - m) ** 2, 0) / width;
    const rs = 1 / Math.sqrt(v + eps);
    const xh = row.map((t) => (t - m) * rs);
    const gy = xh.map((_, j) => (dy[r * width + j] as number) * (g[j] as number));
    const mg = gy.reduce((s, t) => s + t, 0) / width;
    const mgx = gy.reduce((s, t, j) => s + t * (xh[j] as number), 0) / width;
    for (let j = 0; j < width; j++) {
      const i = r * width + j;
      y[i] = (xh[j] as number) * (g[j] as number) + (b[j] as number);
      dx[i] = rs * ((gy[j] as number) - mg - (xh[j] as number) * mgx);
      dg[j] = (dg[j] as number) + (dy[i] as number) * (xh[j] as number);
      db[j] = (db[j] as number) + (dy[i] as number);
    }
  }
  return { y, dx, dg, db };
}

function close(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string) {
  expect(got.length, what).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++)
    worst = Math.max(
      worst,
      Math.abs((got[i] as number) - (want[i] as number)) / (1 + Math.abs(want[i] as number)),
    );
  expect(worst, what).toBeLessThan(tol);
}

describe.each(backends)('fused layerNorm on %s', (backend) => {
  it('uses the fused kernel here', async () => {
    await useBackend(backend, { verbose: false });
    expect(tf.getKernel(LAYER_NORM, backend)).toBeDefined();
  });

  it('forward and gradients match float64 on random shapes (odd widths, several axes, eps)', async () => {
    await useBackend(backend, { verbose: false });
    const r = rng(backend === 'cpu' ? 3 : 5);
    for (const [shape, norm, eps] of [
      [[4, 7], [7], 1e-5],
      [[3, 2, 5], [5], 1e-5],
      [[6, 1], [1], 1e-3],
      [[2, 3, 130], [130], 1e-5],
      [[5, 3, 4], [3, 4], 1e-6],
      [[64, 128], [128], 1e-5],
    ] as Array<[number[], number[], number]>) {
      const n = shape.reduce((a, b) => a * b, 1);
      const width = norm.reduce((a, b) => a * b, 1);
      const xv = Float32Array.from({ length: n }, () => r() * 6 - 3 + 0.5);
      const gv = Float32Array.from({ length: width }, () => r() * 2 - 0.5);
      const bv = Float32Array.from({ length: width }, () => r() - 0.5);
      const dyv = Float32Array.from({ length: n }, () => r() * 2 - 1);
      const want = reference(xv, gv, bv, dyv, width, eps);
      const before = tf.memory().numTensors;
      const x = tf.tensor(xv, shape);
      const g = tf.tensor(gv, norm);
      const b = tf.tensor(bv, norm);
      const dy = tf.tensor(dyv, shape);
      const y = layerNorm(x, norm, g, b, eps);
      const [dx, dg, db] = tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) =>
        layerNorm(a, norm, c, d, eps),
      )([x, g, b], dy);
      close(await y.data(), want.y, 2e-5, `y ${shape}`);
      close(await (dx as tf.Tensor).data(), want.dx, 1e-4, `dx ${shape}`);
      close(await (dg as tf.Tensor).data(), want.dg, 1e-4, `dgamma ${shape}`);
      close(await (db as tf.Tensor).data(), want.db, 1e-5, `dbeta ${shape}`);
      tf.dispose([x, g, b, dy, y, dx as tf.Tensor, dg as tf.Tensor, db as tf.Tensor]);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('without weight and bias normalises only', async () => {
    await useBackend(backend, { verbose: false });
    const y = layerNorm(tf.tensor2d([1, 2, 3, 4, 10, 10, 10, 14], [2, 4]), 4);
    const v = Array.from(await y.data());
    const rs1 = 1 / Math.sqrt(1.25 + 1e-5);
    const rs2 = 1 / Math.sqrt(3 + 1e-5);
    close(
      v,
      [-1.5 * rs1, -0.5 * rs1, 0.5 * rs1, 1.5 * rs1, -1 * rs2, -1 * rs2, -1 * rs2, 3 * rs2],
      1e-6,
      'plain',
    );
    y.dispose();
  });

  it('rejects shapes that do not match with a ShapeError naming them', async () => {
    await useBackend(backend, { verbose: false });
    const x = tf.zeros([2, 3]);
    expect(() => layerNorm(x, 4)).toThrow(ShapeError);
    expect(() => layerNorm(x, 4)).toThrow(
      'layerNorm(x): expected trailing dimensions [4], received shape [2, 3]',
    );
    const w = tf.ones([2]);
    expect(() => layerNorm(x, 3, w)).toThrow('layerNorm(weight): expected shape [3], received [2]');
    expect(() => layerNorm(x, 3, null, null, -1)).toThrow('layerNorm(eps)');
    tf.dispose([x, w]);
  });
});
