import { ArgumentError, ShapeError, useBackend } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { causalMask } from './masks';
import { scaledDotProductAttention } from './scaled-dot-product-attention';

/** Plain-JS reference: softmax(q kᵀ/√d + m) v for one [T, D] slice. */
function reference(q: number[][], k: number[][], v: number[][], masked?: boolean[][]) {
  const d = q[0]!.length;
  const w = q.map((qi, i) => {
    const s = k.map((kj, j) =>
      masked?.[i]?.[j] ? Number.NEGATIVE_INFINITY : qi.reduce((a, x, t) => a + x * kj[t]!, 0) / Math.sqrt(d),
    );
    const m = Math.max(...s);
    if (m === Number.NEGATIVE_INFINITY) return s.map(() => 0);
    const e = s.map((x) => Math.exp(x - m));
    const z = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / z);
  });
  const out = w.map((wi) => v[0]!.map((_, c) => wi.reduce((a, x, j) => a + x * v[j]![c]!, 0)));
  return { out: out.flat(), w: w.flat() };
}

const q = [
  [1, 0, 2],
  [0.5, -1, 1],
  [2, 1, 0],
];
const k = [
  [1, 1, 0],
  [0, 2, 1],
  [-1, 0, 1],
  [1, -2, 0.5],
];
const v = [
  [1, 2],
  [3, -1],
  [0, 0.5],
  [-2, 1],
];

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `scaledDotProductAttention on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('matches the formula without a mask', () =>
        withBackend(b.name, async () => {
          const r = reference(q, k, v);
          const [tq, tk, tv] = [tf.tensor3d([q]), tf.tensor3d([k]), tf.tensor3d([v])];
          const { output, weights } = scaledDotProductAttention({ query: tq, key: tk, value: tv });
          expect(output.shape).toEqual([1, 3, 2]);
          expect(weights.shape).toEqual([1, 3, 4]);
          expect(await maxAbsDiff(output, r.out)).toBeLessThan(1e-5);
          expect(await maxAbsDiff(weights, r.w)).toBeLessThan(1e-5);
          tf.dispose([tq, tk, tv, output, weights]);
        }));

      it('bool and equivalent -inf float masks give the same result; fully masked rows give zeros, not NaN', () =>
        withBackend(b.name, async () => {
          const masked = [
            [false, true, false, true],
            [true, true, true, true],
            [false, false, false, true],
          ];
          const r = reference(q, k, v, masked);
          const [tq, tk, tv] = [tf.tensor3d([q]), tf.tensor3d([k]), tf.tensor3d([v])];
          const bool = tf.tensor2d(masked.flat(), [3, 4], 'bool');
          const flt = tf.tensor2d(
            masked.flat().map((m) => (m ? Number.NEGATIVE_INFINITY : 0)),
            [3, 4],
          );
          for (const attnMask of [bool, flt]) {
            const { output, weights } = scaledDotProductAttention({
              query: tq,
              key: tk,
              value: tv,
              attnMask,
            });
            expect(await maxAbsDiff(output, r.out)).toBeLessThan(1e-5);
            expect(await maxAbsDiff(weights, r.w)).toBeLessThan(1e-5);
            tf.dispose([output, weights]);
          }
          tf.dispose([tq, tk, tv, bool, flt]);
        }));

      it('has finite gradients through a fully masked row', () =>
        withBackend(b.name, async () => {
          const x = tf.tensor(q.flat(), [1, 1, 3, 3]);
          const mask = tf.tensor2d([true, true, true, false, true, true, false, false, true], [3, 3], 'bool');
          const g = tf.grad((t: tf.Tensor) =>
            tf.sum(scaledDotProductAttention({ query: t, key: t, value: t, attnMask: mask }).output),
          )(x);
          const data = await g.data();
          expect(Array.from(data).every(Number.isFinite)).toBe(true);
          tf.dispose([x, mask, g]);
        }));

      it('applies a causal mask on [B, H, T, D] inputs', () =>
        withBackend(b.name, async () => {
          const x = tf.tensor([...q.flat(), ...q.flat()], [1, 2, 3, 3]);
          const mask = causalMask(3);
          const { output, weights } = scaledDotProductAttention({
            query: x,
            key: x,
            value: x,
            attnMask: mask,
          });
          const causal = [
            [false, true, true],
            [false, false, true],
            [false, false, false],
          ];
          const r = reference(q, q, q, causal);
          expect(await maxAbsDiff(weights, [...r.w, ...r.w])).toBeLessThan(1e-5);
          expect(await maxAbsDiff(output, [...r.out, ...r.out])).toBeLessThan(1e-5);
          tf.dispose([x, mask, output, weights]);
        }));

      it('dropout is seeded, scales kept weights by 1/(1-p) and is off when not training', () =>
        withBackend(b.name, async () => {
          const x = tf.ones([1, 8, 4]);
          const { Generator } = await import('@glossa/core');
          const run = (training: boolean) =>
            scaledDotProductAttention({
              query: x,
              key: x,
              value: x,
              dropout: 0.5,
              training,
              generator: new Generator(7),
            });
          const a = run(true);
          const c = run(true);
          const e = run(false);
          const w = Array.from(await a.weights.data());
          expect(w.every((y) => Math.abs(y) < 1e-6 || Math.abs(y - 0.25) < 1e-6)).toBe(true);
          expect(w.some((y) => y === 0)).toBe(true);
          expect(await maxAbsDiff(c.weights, w)).toBe(0);
          expect(await maxAbsDiff(e.weights, new Array(64).fill(0.125))).toBeLessThan(1e-6);
          tf.dispose([x, a.output, a.weights, c.output, c.weights, e.output, e.weights]);
        }));
    },
  );
}

describe('scaledDotProductAttention errors', () => {
  beforeAll(() => useBackend('cpu', { verbose: false }));

  it('raises ShapeError with expected and received shapes', () => {
    const a = tf.zeros([2, 3, 4]);
    const bad = tf.zeros([2, 3, 5]);
    const mask = tf.zeros([4, 3], 'bool');
    expect(() => scaledDotProductAttention({ query: a, key: bad, value: a })).toThrow(ShapeError);
    expect(() => scaledDotProductAttention({ query: a, key: bad, value: a })).toThrow(
      'scaledDotProductAttention(key): expected shape [2, *, 4], received [2, 3, 5]',
    );
    expect(() => scaledDotProductAttention({ query: a, key: a, value: a, attnMask: mask })).toThrow(
      'attnMask: expected a shape broadcastable to [2, 3, 3], received [4, 3]',
    );
    expect(() => scaledDotProductAttention({ query: a, key: a, value: a, dropout: 1 })).toThrow(
      ArgumentError,
    );
    tf.dispose([a, bad, mask]);
  });
});
