/**
 * wasm with threads in Node: starts with the asked-for thread count, gives the same results as a
 * float64 reference, and leaves glossa's kernels working on the shared heap.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { erf, matMul, random, softmax } from '../../test/reference';
import { simdFor } from '../kernels/wasm/simd-module';
import type { WasmBackend } from '../kernels/wasm/wasm-backend';
import { probeBackends, useBackend } from './backend';

const [wasm] = await probeBackends(['wasm']);

describe.skipIf(!wasm?.available)(
  `wasm threads in Node${wasm?.available ? '' : ` (skipped: ${wasm?.reason})`}`,
  () => {
    it('defaults to every core (at most 8) in Node; GLOSSA_WASM_THREADS overrides, and is checked', () => {
      // A fresh process each (the first wasm start fixes the thread count), on the built package.
      const run = (env: string | undefined) => {
        const childEnv = { ...process.env };
        delete childEnv.GLOSSA_WASM_THREADS;
        if (env !== undefined) childEnv.GLOSSA_WASM_THREADS = env;
        return spawnSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            "import { useBackend } from '@glossa/core'; try { const i = await useBackend('wasm', { verbose: false }); console.log('threads=' + i.threads); } catch (e) { console.log('error=' + e.name + ': ' + e.message); }",
          ],
          { encoding: 'utf8', env: childEnv, cwd: fileURLToPath(new URL('..', import.meta.url)) },
        ).stdout;
      };
      const cores = Math.min(8, availableParallelism());
      expect(run(undefined)).toContain(`threads=${cores}`);
      expect(run('1')).toContain('threads=1');
      expect(run('two')).toContain(
        "error=BackendError: wasm backend failed to initialise: GLOSSA_WASM_THREADS must be a number ≥ 1, found 'two'",
      );
    });

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

    it('the SIMD kernels run on the shared heap (exp, erf, transpose, gather)', async () => {
      await useBackend('wasm', { threads: 2, verbose: false });
      const backend = tf.backend() as unknown as WasmBackend;
      expect(simdFor(backend)).toBeDefined();
      const xs = Array.from({ length: 37 }, (_, i) => (i - 18) / 3);
      const e = await tf.tidy(() => tf.exp(tf.tensor1d(xs))).data();
      const f = await tf.tidy(() => tf.erf(tf.tensor1d(xs))).data();
      xs.forEach((v, i) => {
        expect(Math.abs((e[i] as number) - Math.exp(v)) / Math.exp(v)).toBeLessThan(3e-7);
        expect(Math.abs((f[i] as number) - erf(v))).toBeLessThan(5e-7);
      });
      const t = await tf
        .tidy(() =>
          tf.transpose(
            tf.tensor2d(
              Float32Array.from({ length: 35 }, (_, i) => i),
              [5, 7],
            ),
          ),
        )
        .data();
      expect(Array.from(t)).toEqual(Array.from({ length: 35 }, (_, k) => (k % 5) * 7 + Math.floor(k / 5)));
      const g = await tf
        .tidy(() => tf.gather(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]), tf.tensor1d([2, 2, 0], 'int32')))
        .data();
      expect(Array.from(g)).toEqual([5, 6, 5, 6, 1, 2]);
      // A batched product goes through the SIMD gemm even with threads.
      const av = random(3 * 9 * 13, 5);
      const bv = random(3 * 13 * 10, 6);
      const want = matMul({ v: av, shape: [3, 9, 13] }, { v: bv, shape: [3, 13, 10] });
      const got = await tf
        .tidy(() =>
          tf.matMul(
            tf.tensor3d(Float32Array.from(av), [3, 9, 13]),
            tf.tensor3d(Float32Array.from(bv), [3, 13, 10]),
          ),
        )
        .data();
      want.v.forEach((w, i) => {
        expect(Math.abs((got[i] as number) - w)).toBeLessThan(1e-5);
      });
    });

    it('SIMD gemm on 2 threads (helper thread + caller): row bands and batch shares match float64', async () => {
      await useBackend('wasm', { threads: 2, verbose: false });
      expect(simdFor(tf.backend() as unknown as WasmBackend)?.threads).toBe(2);
      for (const [aShape, bShape, ta, tb] of [
        [[97, 50], [50, 61], false, false], // one product: bands of rows 0–51 and 52–96
        [[50, 97], [61, 50], true, true],
        [[5, 64, 40], [5, 40, 33], false, false], // batch shares 3 + 2
        [[3, 7, 200], [200, 150], false, false], // broadcast right: batch folded into rows
      ] as const) {
        const av = random(
          aShape.reduce((x, y) => x * y, 1),
          7,
        );
        const bv = random(
          bShape.reduce((x, y) => x * y, 1),
          8,
        );
        const want = matMul({ v: av, shape: [...aShape] }, { v: bv, shape: [...bShape] }, ta, tb);
        const got = await tf
          .tidy(() =>
            tf.matMul(
              tf.tensor(Float32Array.from(av), [...aShape]),
              tf.tensor(Float32Array.from(bv), [...bShape]),
              ta,
              tb,
            ),
          )
          .data();
        expect(got.length).toBe(want.v.length);
        want.v.forEach((w, i) => {
          expect(Math.abs((got[i] as number) - w)).toBeLessThan(2e-5);
        });
      }
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
