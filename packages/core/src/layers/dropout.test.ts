import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors';
import { dropout } from '../functional/dropout';
import { Generator } from '../random';
import { backendsUnderTest, withBackend } from '../testing';
import { Dropout } from './dropout';

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(`Dropout on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`, () => {
    it('zeroes about p of the elements and scales the rest by 1/(1-p)', () =>
      withBackend(b.name, async () => {
        const x = tf.ones([100, 100]);
        const drop = new Dropout({ p: 0.25, generator: new Generator(7) });
        const y = drop.forward(x);
        const v = await y.data();
        const zeros = v.filter((e) => e === 0).length;
        expect(v.every((e) => e === 0 || Math.abs(e - 1 / 0.75) < 1e-6)).toBe(true);
        // Binomial(10000, 0.25): sd ≈ 43; allow 5 sd.
        expect(Math.abs(zeros - 2500)).toBeLessThan(220);
        tf.dispose([x, y]);
      }));

    it('is the identity in eval mode and for p = 0; all zeros for p = 1', () =>
      withBackend(b.name, async () => {
        const x = tf.tensor1d([1, 2, 3]);
        const y1 = new Dropout({ p: 0.9 }).eval().forward(x);
        const y2 = dropout(x, 0);
        const y3 = dropout(x, 1);
        expect(Array.from(await y1.data())).toEqual([1, 2, 3]);
        expect(Array.from(await y2.data())).toEqual([1, 2, 3]);
        expect(Array.from(await y3.data())).toEqual([0, 0, 0]);
        tf.dispose([x, y1, y2, y3]);
      }));

    it('is reproducible with the same seed', () =>
      withBackend(b.name, async () => {
        const x = tf.ones([64]);
        const a = dropout(x, 0.5, { generator: new Generator(1) });
        const c = dropout(x, 0.5, { generator: new Generator(1) });
        expect(Array.from(await a.data())).toEqual(Array.from(await c.data()));
        tf.dispose([x, a, c]);
      }));
  });
}

describe('Dropout arguments', () => {
  it('rejects p outside [0, 1]', () => {
    expect(() => new Dropout({ p: 1.5 })).toThrow(ArgumentError);
    expect(() => new Dropout({ p: -0.1 })).toThrow(/expected a probability in \[0, 1\], received -0.1/);
  });
});
