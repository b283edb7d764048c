/**
 * wasm with threads in Node: starts with the asked-for thread count, gives the same results as a
 * float64 reference, and leaves glossa's kernels working on the shared heap.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { probeBackends, useBackend } from './backend';
import { matMul, random, softmax } from './kernels/reference';

const [wasm] = await probeBackends(['wasm']);

describe.skipIf(!wasm?.available)(
  `wasm threads in Node${wasm?.available ? '' : ` (skipped: ${wasm?.reason})`}`,
  () => {
    it('starts with 2 threads and says so', async () => {
      const info = await useBackend('wasm', { threads: 2, verbose: false });
      expect(info.threads).toBe(2);
      expect(info.reason).toMatch(/2 threads/);
    });

    it('matMul, transposed matMul and softmax match float64 references with threads on', async () => {
      await useBackend('wasm', { threads: 2, verbose: false });
      const av = random(96 * 130, 3);
      const bv = random(130 * 70, 4);
      const a = tf.tensor2d(Float32Array.from(av), [96, 130]);
      const b = tf.tensor2d(Float32Array.from(bv), [130, 70]);
      const ref = matMul({ v: av, shape: [96, 130] }, { v: bv, shape: [130, 70] });
      const plain = tf.matMul(a, b);
      const bt = tf.transpose(b);
      const viaT = tf.matMul(a, bt, false, true);
      const sm = tf.softmax(plain);
      for (const t of [plain, viaT]) {
        const got = await t.data();
        let worst = 0;
        ref.v.forEach((r, i) => {
          worst = Math.max(worst, Math.abs((got[i] as number) - r) / (1 + Math.abs(r)));
        });
        expect(worst).toBeLessThan(1e-5);
      }
      const smRef = softmax(ref, -1);
      const smGot = await sm.data();
      let worst = 0;
      smRef.v.forEach((r, i) => {
        worst = Math.max(worst, Math.abs((smGot[i] as number) - r));
      });
      expect(worst).toBeLessThan(1e-5);
      tf.dispose([a, b, plain, bt, viaT, sm]);
    });

    it('gather gradient (glossa UnsortedSegmentSum) works on the shared heap', async () => {
      await useBackend('wasm', { threads: 2, verbose: false });
      const table = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
      const ids = tf.tensor1d([2, 0, 2], 'int32');
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, ids)))(table);
      expect(Array.from(await g.data())).toEqual([1, 1, 0, 0, 2, 2]);
      tf.dispose([table, ids, g]);
    });
  },
);
