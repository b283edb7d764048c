/**
 * tf.addN on webgpu with more inputs than one shader can bind (add-n.ts): values equal the float64
 * sum for 1–50 inputs (groups, a lone last input, nested groups), gradients reach every input, and
 * the partial sums are released.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { probeBackends } from '../../backend/backend';
import { withBackend } from '../../testing';
import { WEBGPU_ADDN_MAX_INPUTS } from './add-n';

const [webgpu] = await probeBackends(['webgpu']);

/** `n` arrays of `size` values, each input distinct (i·0.5 + j·0.01 − 1). */
const arrays = (n: number, size: number) =>
  Array.from({ length: n }, (_, i) => Float32Array.from({ length: size }, (_, j) => i * 0.5 + j * 0.01 - 1));

describe.skipIf(!webgpu?.available)(
  `addN on webgpu${webgpu?.available ? '' : ` (skipped: ${webgpu?.reason})`}`,
  () => {
    it('sums 1 to 50 inputs exactly as float64 would (within float32 rounding), no partials left', () =>
      withBackend('webgpu', async () => {
        expect(WEBGPU_ADDN_MAX_INPUTS).toBe(7);
        for (const n of [1, 2, 7, 8, 9, 14, 15, 20, 50]) {
          const xs = arrays(n, 5);
          const ts = xs.map((a) => tf.tensor1d(a));
          const before = tf.memory().numTensors;
          const y = tf.addN(ts);
          expect(tf.memory().numTensors).toBe(before + 1);
          const got = await y.data();
          for (let j = 0; j < 5; j++) {
            const want = xs.reduce((s, a) => s + (a[j] as number), 0);
            expect(Math.abs((got[j] as number) - want), `n = ${n}, j = ${j}`).toBeLessThan(
              1e-4 * (1 + Math.abs(want)),
            );
          }
          tf.dispose([...ts, y]);
        }
      }));

    it('passes the gradient to each of 12 inputs (scalars, as a gradient-norm sum has)', () =>
      withBackend('webgpu', async () => {
        const xs = Array.from({ length: 12 }, (_, i) => tf.scalar(i + 1));
        const grads = tf.grads((...ys: tf.Tensor[]) => tf.mul(tf.addN(ys), tf.addN(ys)))(xs);
        // d/dx_i (Σx)² = 2·Σx = 2·78
        for (const g of grads) expect(await g.data()).toEqual(new Float32Array([156]));
        tf.dispose([...xs, ...grads]);
      }));
  },
);
