/**
 * glossa's speed-only wasm kernels against the cpu backend on random shapes (odd sizes included):
 * `Tile`/`broadcastTo`, `Identity` without a copy, and the `Sum`/`Mean` gradients.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../../backend/backend';
import { tileInto } from './tile';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Runs `fn` on cpu and on wasm with the same inputs; returns both results' values. */
async function onBoth(fn: () => tf.Tensor | tf.Tensor[]): Promise<[Float32Array[], Float32Array[]]> {
  const out: Float32Array[][] = [];
  for (const b of ['cpu', 'wasm'] as const) {
    await useBackend(b, { verbose: false });
    const before = tf.memory().numTensors;
    const r = tf.tidy(fn);
    const list = Array.isArray(r) ? r : [r];
    out.push(list.map((t) => Float32Array.from(t.dataSync())));
    tf.dispose(list);
    expect(tf.memory().numTensors).toBe(before);
  }
  return out as [Float32Array[], Float32Array[]];
}

describe('wasm speed kernels vs cpu', () => {
  it('tileInto matches tfjs tile on cpu (int32, ranks 1–4)', async () => {
    await useBackend('cpu', { verbose: false });
    const r = rng(3);
    for (let trial = 0; trial < 40; trial++) {
      const rank = 1 + Math.floor(r() * 4);
      const shape = Array.from({ length: rank }, () => 1 + Math.floor(r() * 4));
      const reps = Array.from({ length: rank }, () => 1 + Math.floor(r() * 3));
      const n = shape.reduce((a, b) => a * b, 1);
      const src = Int32Array.from({ length: n }, (_, i) => i * 7 - 3);
      const outShape = shape.map((s, i) => s * (reps[i] as number));
      const dst = new Int32Array(outShape.reduce((a, b) => a * b, 1));
      tileInto(src, shape, reps, dst);
      const expected = tf.tidy(() => tf.tile(tf.tensor(src, shape, 'int32'), reps).dataSync());
      expect(Array.from(dst)).toEqual(Array.from(expected));
    }
  });

  it('tile and broadcastTo (forward and gradient) on random odd shapes', async () => {
    const r = rng(11);
    for (let trial = 0; trial < 6; trial++) {
      const rank = 2 + Math.floor(r() * 3);
      const shape = Array.from({ length: rank }, () => (r() < 0.4 ? 1 : 1 + Math.floor(r() * 5)));
      const reps = Array.from({ length: rank }, () => 1 + Math.floor(r() * 3));
      const target = shape.map((s) => (s === 1 ? 1 + Math.floor(r() * 6) : s));
      const x = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r() * 4 - 2);
      const [cpu, wasm] = await onBoth(() => {
        const t = tf.tensor(x, shape);
        const w = tf.randomUniform(
          target.map((s, i) => s * (reps[i] as number)),
          -1,
          1,
          'float32',
          5,
        );
        const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.tile(tf.broadcastTo(v, target), reps), w)))(t);
        return [tf.tile(t, reps), tf.broadcastTo(t, target), g];
      });
      cpu.forEach((c, i) => {
        const w = wasm[i] as Float32Array;
        expect(w.length).toBe(c.length);
        for (let j = 0; j < c.length; j++) {
          const v = c[j] as number;
          expect(Math.abs((w[j] as number) - v)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(v)));
        }
      });
    }
  });

  it('sum and mean gradients on random axes match cpu', async () => {
    const r = rng(29);
    for (let trial = 0; trial < 6; trial++) {
      const shape = [3 + Math.floor(r() * 5), 1 + Math.floor(r() * 4), 2 + Math.floor(r() * 5)];
      const axes = [0, 1, 2].filter(() => r() < 0.5);
      const axis = axes.length ? axes : [1];
      const keep = r() < 0.5;
      const x = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r() * 4 - 2);
      const [cpu, wasm] = await onBoth(() => {
        const t = tf.tensor(x, shape);
        const f = (v: tf.Tensor) => {
          const s = tf.sum(v, axis, keep);
          const m = tf.mean(v, axis, keep);
          return tf.sum(tf.add(tf.mul(s, s), tf.mul(m, 3)));
        };
        return [tf.sum(t, axis, keep), tf.mean(t, axis, keep), tf.grad(f)(t)];
      });
      cpu.forEach((c, i) => {
        const w = wasm[i] as Float32Array;
        for (let j = 0; j < c.length; j++) {
          const v = c[j] as number;
          expect(Math.abs((w[j] as number) - v)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(v)));
        }
      });
    }
  });

  it('batched/transposed matMul (direct and swapped products) matches cpu, forward and gradient', async () => {
    const r = rng(47);
    const dim = () => 1 + Math.floor(r() * 9);
    for (let trial = 0; trial < 16; trial++) {
      const ta = trial % 2 === 1;
      const tb = Math.floor(trial / 2) % 2 === 1;
      const batches = [[], [3]][Math.floor(trial / 4) % 2] as number[];
      const bBatches = [[], [3]][Math.floor(trial / 8) % 2] as number[];
      // Wide or narrow operands, so that both the direct and the swapped form get chosen.
      const m = trial % 3 === 0 ? 17 : dim();
      const k = dim();
      const n = trial % 3 === 1 ? 19 : dim();
      const aShape = [...batches, ...(ta ? [k, m] : [m, k])];
      const bShape = [...bBatches, ...(tb ? [n, k] : [k, n])];
      const av = Float32Array.from({ length: aShape.reduce((x, y) => x * y, 1) }, () => r() * 2 - 1);
      const bv = Float32Array.from({ length: bShape.reduce((x, y) => x * y, 1) }, () => r() * 2 - 1);
      const [cpu, wasm] = await onBoth(() => {
        const a = tf.tensor(av, aShape);
        const b = tf.tensor(bv, bShape);
        const f = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, ta, tb);
        const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(f(x, y))))([a, b]);
        return [f(a, b), ga as tf.Tensor, gb as tf.Tensor];
      });
      cpu.forEach((c, i) => {
        const w = wasm[i] as Float32Array;
        expect(w.length).toBe(c.length);
        for (let j = 0; j < c.length; j++) {
          const v = c[j] as number;
          expect(Math.abs((w[j] as number) - v)).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(v)));
        }
      });
    }
  });

  it('Identity shares data: clones survive disposing the original and free nothing twice', async () => {
    await useBackend('wasm', { verbose: false });
    const before = tf.memory();
    const a = tf.tensor([1, 2, 3, 4], [2, 2]);
    const b = tf.clone(a);
    const c = tf.clone(b);
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3, 4]);
    b.dispose();
    expect(Array.from(c.dataSync())).toEqual([1, 2, 3, 4]);
    const same = tf.cast(c, 'float32');
    const asInt = tf.tidy(() => tf.cast(tf.tensor([1.7, -2.2]), 'int32'));
    expect(Array.from(same.dataSync())).toEqual([1, 2, 3, 4]);
    expect(asInt.dtype).toBe('int32');
    expect(Array.from(asInt.dataSync())).toEqual([1, -2]);
    tf.dispose([same, asInt]);
    const v = tf.variable(c);
    c.dispose();
    const next = tf.tidy(() => tf.add(v, 1));
    v.assign(next);
    next.dispose();
    expect(Array.from(v.dataSync())).toEqual([2, 3, 4, 5]);
    v.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
  });
});
