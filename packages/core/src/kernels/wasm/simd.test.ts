/**
 * glossa's SIMD wasm kernels (assembly/simd.ts, the -O3 binary that ships, loaded from
 * src/generated/simd-wasm.js) against float64 references and the cpu backend: exp and erf accuracy on
 * random values of every magnitude and odd lengths (the vector tails), special values, transposes
 * and gathers bit-identical to cpu, gradients through them, errors, and no tensor leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { erf as erf64, matMul as matMul64 } from '../../../test/reference';
import { probeBackends, useBackend } from '../../backend/backend';
import { binaryPlan } from './simd-kernels';
import { bytesOf, plainBytesOf, simdFor } from './simd-module';
import type { WasmBackend } from './wasm-backend';

const [wasm] = await probeBackends(['wasm']);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Values of `fn` on the cpu backend and on wasm for the same inputs. */
async function cpuAndWasm<T extends tf.Tensor>(
  fn: () => T,
): Promise<[Float32Array | Int32Array, Float32Array | Int32Array]> {
  const out: Array<Float32Array | Int32Array> = [];
  for (const b of ['cpu', 'wasm'] as const) {
    await useBackend(b, { verbose: false });
    const before = tf.memory().numTensors;
    const r = tf.tidy(fn);
    out.push((await r.data()) as Float32Array | Int32Array);
    r.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }
  return out as [Float32Array | Int32Array, Float32Array | Int32Array];
}

function sections(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  let p = 8;
  while (p < bytes.length) {
    ids.push(bytes[p++] as number);
    let size = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[p++] as number;
      size |= (b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    p += size;
  }
  return ids;
}

describe('the shipped SIMD module', () => {
  it('is at hand synchronously in Node (for simdFor after a bare setBackend), the same bytes as loaded', async () => {
    expect(bytesOf(false)).toEqual(await plainBytesOf(false));
    expect(bytesOf(true)).toEqual(await plainBytesOf(true));
  });

  it('imports only the backend memory and has no memory, globals, start or data of its own', async () => {
    for (const bytes of [await plainBytesOf(false), await plainBytesOf(true)]) {
      const mod = new WebAssembly.Module(bytes);
      expect(WebAssembly.Module.imports(mod)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
      expect(
        WebAssembly.Module.exports(mod)
          .map((e) => e.name)
          .sort(),
      ).toEqual([
        'attendOne',
        'binary',
        'erf',
        'exp',
        'gelu',
        'geluGrad',
        'geluTanh',
        'gemm',
        'layerNorm',
        'layerNormGrad',
        'sumLast',
        'sumRows',
        'transpose',
      ]);
      const ids = sections(bytes);
      for (const forbidden of [5, 6, 8, 11, 12]) expect(ids).not.toContain(forbidden);
    }
  });
});

describe.skipIf(!wasm?.available)(
  `SIMD wasm kernels${wasm?.available ? '' : ` (skipped: ${wasm?.reason})`}`,
  () => {
    it('are loaded into the wasm backend', async () => {
      await useBackend('wasm', { verbose: false });
      expect(simdFor(tf.backend() as unknown as WasmBackend)).toBeDefined();
    });

    it('exp: ≤ 2 ulp-ish relative error on random values of every magnitude, odd lengths', async () => {
      await useBackend('wasm', { verbose: false });
      const r = rng(5);
      for (const n of [1, 3, 4, 5, 7, 8, 9, 15, 17, 1001]) {
        const x = Float32Array.from({ length: n }, () => (r() * 2 - 1) * (r() < 0.5 ? 5 : 85));
        const got = await tf.tidy(() => tf.exp(tf.tensor1d(x))).data();
        x.forEach((v, i) => {
          const want = Math.exp(v);
          expect(Math.abs((got[i] as number) - want) / want).toBeLessThan(2.5e-7);
        });
      }
    });

    it('exp: overflow, underflow to subnormals and 0, infinities and NaN', async () => {
      await useBackend('wasm', { verbose: false });
      const x = [88.72, 88.73, 89, 1e30, Infinity, -87.5, -95, -103, -104, -1e30, -Infinity, NaN, 0, -0];
      const got = Array.from(await tf.tidy(() => tf.exp(tf.tensor1d(x))).data());
      const want = x.map((v) => Math.fround(Math.exp(Math.fround(v))));
      got.forEach((g, i) => {
        const w = want[i] as number;
        if (Number.isNaN(w)) expect(g).toBeNaN();
        else if (!Number.isFinite(w) || w === 0) expect(g).toBe(w);
        else expect(Math.abs(g - w)).toBeLessThanOrEqual(Math.max(w * 3e-7, 2 ** -148));
      });
    });

    it('erf: |error| ≤ 5e-7 against float64 on random values, odd lengths, specials', async () => {
      await useBackend('wasm', { verbose: false });
      const r = rng(9);
      for (const n of [1, 2, 3, 6, 9, 13, 999]) {
        const x = Float32Array.from({ length: n }, () => (r() * 2 - 1) * (r() < 0.5 ? 1 : 6));
        const got = await tf.tidy(() => tf.erf(tf.tensor1d(x))).data();
        x.forEach((v, i) => {
          expect(Math.abs((got[i] as number) - erf64(v))).toBeLessThan(5e-7);
        });
      }
      const special = Array.from(
        await tf.tidy(() => tf.erf(tf.tensor1d([Infinity, -Infinity, NaN, 0, 1e-8]))).data(),
      );
      expect(special.slice(0, 2)).toEqual([1, -1]);
      expect(special[2]).toBeNaN();
      expect(special[3]).toBe(0);
      expect(Math.abs((special[4] as number) - erf64(1e-8)) / erf64(1e-8)).toBeLessThan(1e-6);
    });

    it('exp and erf gradients match their derivatives', async () => {
      await useBackend('wasm', { verbose: false });
      const xs = [-3.5, -1.25, -0.1, 0, 0.4, 1.7, 2.9];
      const x = tf.tensor1d(xs);
      const ge = await tf
        .grad((t: tf.Tensor) => tf.sum(tf.exp(t)))(x)
        .data();
      const gf = await tf
        .grad((t: tf.Tensor) => tf.sum(tf.erf(t)))(x)
        .data();
      xs.forEach((v, i) => {
        expect(Math.abs((ge[i] as number) - Math.exp(v)) / Math.exp(v)).toBeLessThan(1e-6);
        expect(Math.abs((gf[i] as number) - (2 / Math.sqrt(Math.PI)) * Math.exp(-v * v))).toBeLessThan(1e-6);
      });
      x.dispose();
    });

    it('transpose of the last two axes is bit-identical to cpu (float32, int32; odd and large shapes)', async () => {
      const r = rng(13);
      const shapes = [
        [1, 1],
        [3, 5],
        [4, 8],
        [9, 4],
        [17, 33],
        [2, 7, 6],
        [2, 3, 5, 9],
        [2048, 12],
        [5, 1030],
      ];
      for (const shape of shapes) {
        const n = shape.reduce((a, b) => a * b, 1);
        const fv = Float32Array.from({ length: n }, () => r() * 2 - 1);
        const iv = Int32Array.from({ length: n }, () => Math.floor(r() * 2 ** 31) * (r() < 0.5 ? -1 : 1));
        const perm = [...shape.keys()];
        perm.push(perm.splice(-2, 1)[0] as number);
        for (const [vals, dtype] of [
          [fv, 'float32'],
          [iv, 'int32'],
        ] as const) {
          const [cpu, w] = await cpuAndWasm(() => tf.transpose(tf.tensor(vals, shape, dtype), perm));
          expect(Array.from(w)).toEqual(Array.from(cpu));
        }
      }
    });

    it('matMul with transposed operands through the SIMD transpose matches cpu', async () => {
      const r = rng(17);
      const a = Float32Array.from({ length: 3 * 37 * 21 }, () => r() - 0.5);
      const b = Float32Array.from({ length: 3 * 13 * 37 }, () => r() - 0.5);
      const [cpu, w] = await cpuAndWasm(() =>
        tf.matMul(tf.tensor3d(a, [3, 37, 21]), tf.tensor3d(b, [3, 13, 37]), true, true),
      );
      let worst = 0;
      cpu.forEach((v, i) => {
        worst = Math.max(worst, Math.abs(v - (w[i] as number)));
      });
      expect(worst).toBeLessThan(1e-5);
    });

    it('matMul through the SIMD gemm: random shapes (odd sizes, batches, broadcasts, transposes) vs float64', async () => {
      await useBackend('wasm', { verbose: false });
      const r = rng(29);
      const dim = () => 1 + Math.floor(r() * (r() < 0.3 ? 9 : 70));
      for (let trial = 0; trial < 40; trial++) {
        const [m, k, n] = [dim(), dim(), dim()];
        const ta = r() < 0.3;
        const tb = r() < 0.3;
        const kind = Math.floor(r() * 4); // 0: 2-D, 1: same batch, 2: broadcast right, 3: broadcast left
        const batch = kind === 0 ? [] : [1 + Math.floor(r() * 3), 1 + Math.floor(r() * 2)];
        const aShape = [...(kind === 3 ? [] : batch), ...(ta ? [k, m] : [m, k])];
        const bShape = [...(kind === 2 ? [] : batch), ...(tb ? [n, k] : [k, n])];
        const av = Array.from({ length: aShape.reduce((x, y) => x * y, 1) }, () => r() * 2 - 1);
        const bv = Array.from({ length: bShape.reduce((x, y) => x * y, 1) }, () => r() * 2 - 1);
        const want = matMul64(
          { v: Float64Array.from(av, Math.fround), shape: aShape },
          { v: Float64Array.from(bv, Math.fround), shape: bShape },
          ta,
          tb,
        );
        const got = await tf
          .tidy(() => tf.matMul(tf.tensor(av, aShape), tf.tensor(bv, bShape), ta, tb))
          .data();
        expect(got.length).toBe(want.v.length);
        want.v.forEach((w, i) => {
          expect(
            Math.abs((got[i] as number) - w),
            `case ${trial}: ${aShape}·${bShape} ${ta} ${tb}`,
          ).toBeLessThan(1e-5 * Math.sqrt(k) + 1e-6);
        });
      }
    });

    it('matMul through the SIMD gemm: long products run in slices of k (k = 1500, n = 70)', async () => {
      await useBackend('wasm', { verbose: false });
      const r = rng(31);
      const av = Array.from({ length: 9 * 1500 }, () => r() * 2 - 1);
      const bv = Array.from({ length: 1500 * 70 }, () => r() * 2 - 1);
      const want = matMul64(
        { v: Float64Array.from(av, Math.fround), shape: [9, 1500] },
        { v: Float64Array.from(bv, Math.fround), shape: [1500, 70] },
      );
      const got = await tf
        .tidy(() => tf.matMul(tf.tensor2d(av, [9, 1500]), tf.tensor2d(bv, [1500, 70])))
        .data();
      want.v.forEach((w, i) => {
        expect(Math.abs((got[i] as number) - w)).toBeLessThan(2e-4);
      });
    });

    it('matMul with one output column (x·Wᵀ of one token, W·xᵀ) through the row dot products', async () => {
      await useBackend('wasm', { verbose: false });
      const r = rng(37);
      // [1, k]·[rows, k]ᵀ (the swap makes it W·xᵀ: n = 1), plain [m, k]·[k, 1] and a batch of them;
      // rows and k not multiples of 4 exercise the one-row and scalar tails; k a multiple of 4 the
      // eight-row passes (then four rows, then one).
      const cases: Array<[number, number, number]> = [
        [1, 1, 0],
        [3, 5, 0],
        [13, 37, 0],
        [130, 768, 0],
        [47, 64, 0],
        [7, 19, 3],
        [21, 12, 2],
      ];
      for (const [rows, k, batch] of cases) {
        const a = Array.from({ length: (batch || 1) * rows * k }, () => r() * 2 - 1);
        const x = Array.from({ length: (batch || 1) * k }, () => r() * 2 - 1);
        const aShape = batch ? [batch, rows, k] : [rows, k];
        const xShape = batch ? [batch, k, 1] : [k, 1];
        const want = matMul64(
          { v: Float64Array.from(a, Math.fround), shape: aShape },
          { v: Float64Array.from(x, Math.fround), shape: xShape },
        );
        const direct = await tf.tidy(() => tf.matMul(tf.tensor(a, aShape), tf.tensor(x, xShape))).data();
        const xt = batch ? [batch, 1, k] : [1, k];
        const swapped = await tf
          .tidy(() => tf.matMul(tf.tensor(x, xt), tf.tensor(a, aShape), false, true))
          .data();
        want.v.forEach((w, i) => {
          expect(Math.abs((direct[i] as number) - w), `${aShape}·${xShape}`).toBeLessThan(
            1e-5 * Math.sqrt(k) + 1e-6,
          );
          expect(Math.abs((swapped[i] as number) - w), `${xt}·${aShape}ᵀ`).toBeLessThan(
            1e-5 * Math.sqrt(k) + 1e-6,
          );
        });
      }
    });

    it('add, sub, mul, div with every broadcast the SIMD loop covers (and others) match cpu exactly', async () => {
      const r = rng(37);
      const cases: Array<[number[], number[]]> = [
        [
          [7, 5],
          [7, 5],
        ], // same shape (odd sizes: vector tails)
        [[2048, 3], []], // scalar right
        [[], [3, 9]], // scalar left
        [[6, 13], [13]], // row right
        [[13], [6, 13]], // row left
        [
          [6, 13],
          [6, 1],
        ], // column right
        [
          [2, 3, 1],
          [2, 3, 7],
        ], // column left
        [
          [2, 3, 4, 5],
          [4, 5],
        ], // mask-like row over two trailing axes
        [
          [2, 1, 5],
          [1, 3, 1],
        ], // outer product: falls back to tfjs's kernel
        [
          [1, 1],
          [1, 1],
        ],
        [[0, 4], [4]], // empty
      ];
      for (const [sa, sb] of cases) {
        const av = Float32Array.from({ length: sa.reduce((x, y) => x * y, 1) }, () => r() * 4 - 2);
        const bv = Float32Array.from({ length: sb.reduce((x, y) => x * y, 1) }, () => r() * 4 + 0.5);
        const [cpuSq, wSq] = await cpuAndWasm(() => tf.square(tf.tensor(av, sa)));
        expect(Array.from(wSq)).toEqual(Array.from(cpuSq));
        for (const op of [tf.add, tf.sub, tf.mul, tf.div]) {
          const [cpu, w] = await cpuAndWasm(() => op(tf.tensor(av, sa), tf.tensor(bv, sb)) as tf.Tensor);
          expect(Array.from(w), `${op.name} ${sa} ${sb}`).toEqual(Array.from(cpu));
        }
      }
    });

    it('binaryPlan splits the output at the first axis where both operands are whole, rows, columns or scalars', () => {
      expect(binaryPlan([2048, 128], [128])).toEqual({
        out: [2048, 128],
        outer: 2048,
        inner: 128,
        sa: [128, 1],
        sb: [0, 1],
      });
      expect(binaryPlan([16, 4, 128, 1], [16, 4, 128, 128])).toMatchObject({
        outer: 8192,
        inner: 128,
        sa: [1, 0],
        sb: [128, 1],
      });
      expect(binaryPlan([5, 7], [])).toMatchObject({ outer: 1, inner: 35, sa: [35, 1], sb: [1, 0] });
      expect(binaryPlan([2, 1, 5], [1, 3, 1])).toBeUndefined();
    });

    it('sum and mean over leading or trailing axes (keepDims, odd widths, empty) match float64', async () => {
      await useBackend('wasm', { verbose: false });
      const r = rng(41);
      const cases: Array<[number[], number[]]> = [
        [[2048, 128], [0]],
        [[2048, 128], [1]],
        [[37, 23], [0]],
        [[37, 23], [-1]],
        [
          [3, 5, 17],
          [0, 1],
        ],
        [
          [3, 5, 17],
          [1, 2],
        ],
        [[4, 3, 2, 5], [3]],
        [[6, 0], [1]],
        [[0, 6], [0]],
      ];
      for (const [shape, axes] of cases) {
        const n = shape.reduce((a, b) => a * b, 1);
        const xv = Float32Array.from({ length: n }, () => r() * 2 - 1);
        const ax = axes.map((a) => (a < 0 ? shape.length + a : a));
        const outShape = shape.filter((_, i) => !ax.includes(i));
        const count = ax.reduce((c, a) => c * (shape[a] as number), 1);
        const want = new Float64Array(outShape.reduce((a, b) => a * b, 1));
        for (let f = 0; f < n; f++) {
          let rem = f;
          let o = 0;
          let mul = 1;
          for (let d = shape.length - 1; d >= 0; d--) {
            const i = rem % (shape[d] as number);
            rem = Math.floor(rem / (shape[d] as number));
            if (!ax.includes(d)) {
              o += i * mul;
              mul *= shape[d] as number;
            }
          }
          want[o] = (want[o] as number) + (xv[f] as number);
        }
        for (const keepDims of [false, true]) {
          const [sum, mean] = tf.tidy(() => {
            const x = tf.tensor(xv, shape);
            return [tf.sum(x, axes, keepDims), tf.mean(x, axes, keepDims)];
          });
          expect(sum.shape).toEqual(keepDims ? shape.map((d, i) => (ax.includes(i) ? 1 : d)) : outShape);
          const s = await sum.data();
          const m = await mean.data();
          want.forEach((w, i) => {
            expect(Math.abs((s[i] as number) - w), `${shape} ${axes}`).toBeLessThanOrEqual(
              Math.abs(w) * 1e-7 + 1e-7,
            );
            if (count === 0) expect(m[i]).toBeNaN();
            else
              expect(Math.abs((m[i] as number) - w / count)).toBeLessThanOrEqual(
                Math.abs(w / count) * 1e-7 + 1e-9,
              );
          });
          tf.dispose([sum, mean]);
        }
      }
    });

    it('gather along axis 0 matches cpu for float32 and int32, any index shape, repeated rows', async () => {
      const r = rng(21);
      for (const [shape, idxShape] of [
        [[10, 4], [7]],
        [
          [6, 3, 5],
          [2, 4],
        ],
        [[5], [3, 2]],
        [
          [256, 128],
          [16, 128],
        ],
      ] as const) {
        const n = shape.reduce((a: number, b: number) => a * b, 1);
        const rows = shape[0];
        const m = idxShape.reduce((a: number, b: number) => a * b, 1);
        const ids = Int32Array.from({ length: m }, () => Math.floor(r() * rows));
        const fv = Float32Array.from({ length: n }, () => r());
        const iv = Int32Array.from({ length: n }, (_, i) => i * 3 - 7);
        for (const [vals, dtype] of [
          [fv, 'float32'],
          [iv, 'int32'],
        ] as const) {
          const [cpu, w] = await cpuAndWasm(() =>
            tf.gather(tf.tensor(vals, [...shape], dtype), tf.tensor(ids, [...idxShape], 'int32')),
          );
          expect(Array.from(w)).toEqual(Array.from(cpu));
        }
      }
    });

    it('gather with an index out of range throws a clear error and leaks nothing', async () => {
      await useBackend('wasm', { verbose: false });
      const table = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
      const before = tf.memory().numTensors;
      for (const bad of [3, -1]) {
        const ids = tf.tensor1d([0, bad], 'int32');
        expect(() => tf.gather(table, ids)).toThrow(`GatherV2: the index value ${bad} is not in [0, 2]`);
        ids.dispose();
      }
      expect(tf.memory().numTensors).toBe(before);
      table.dispose();
    });
  },
);
