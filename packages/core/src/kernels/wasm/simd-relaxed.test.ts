/**
 * Golden tests for both builds of glossa's SIMD kernels (assembly/simd.ts): the plain module and the
 * relaxed-SIMD module (multiply–adds as `f32x4.relaxed_madd`), each instantiated on a memory of its
 * own (no tfjs). The plain gemm is bit-identical to float32 multiply-then-add in k order; the relaxed
 * one to a fused multiply–add in the same order where the CPU fuses (the probe below tells) and to the
 * plain one where it does not; exp, erf, GELU and layer norm stay within the plain build's float64
 * error bounds. Node 20 compiles relaxed SIMD behind `--experimental-wasm-relaxed-simd`, set here.
 */
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { erf as erf64, random } from '../../../test/reference';
import type { SimdKernels } from './simd-exports';
import { plainBytesOf, relaxedBytesOf } from './simd-module';

setFlagsFromString('--experimental-wasm-relaxed-simd');

const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536 });
const heap = new Float32Array(memory.buffer);
const load = async (bytes: Uint8Array<ArrayBuffer>) =>
  (await WebAssembly.instantiate(bytes as BufferSource, { env: { memory } })).instance
    .exports as unknown as SimdKernels;
const plain = await load(await plainBytesOf(false));
let relaxed: SimdKernels | undefined;
let why = '';
try {
  relaxed = await load(await relaxedBytesOf(false));
} catch (e) {
  why = (e as Error).message;
}

/** Writes `values` at float index `at`; returns its byte offset. */
function put(at: number, values: ArrayLike<number>): number {
  heap.set(values, at);
  return at * 4;
}
const read = (byteOffset: number, n: number) => heap.slice(byteOffset / 4, byteOffset / 4 + n);

/** C = A·B in k order, float32 accumulation; `fused`: one rounding per multiply–add. */
function gemmRef(a: Float64Array, b: Float64Array, m: number, k: number, n: number, fused: boolean) {
  const f = Math.fround;
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const x = (a[i * k + p] as number) * (b[p * n + j] as number); // exact in float64
        s = fused ? f(s + x) : f(s + f(x));
      }
      out[i * n + j] = s;
    }
  return out;
}

/** Whether `kernels`' multiply–add rounds once: 1·(−1) then (1+2⁻¹²)² − 1 = 2⁻¹¹ + 2⁻²⁴ only if fused. */
function fuses(kernels: SimdKernels): boolean {
  const x = 1 + 2 ** -12;
  const A = put(0, [-1, x, -1, x, -1, x, -1, x]); // 4×2
  const B = put(64, [1, 1, 1, 1, 1, 1, 1, 1, x, x, x, x, x, x, x, x]); // 2×8
  kernels.gemm(A, B, 512, 1, 4, 2, 8, 0, 0);
  const c = read(512, 1)[0] as number;
  expect([2 ** -11, 2 ** -11 + 2 ** -24]).toContain(c);
  return c !== 2 ** -11;
}

const SHAPES: Array<[number, number, number]> = [
  [8, 37, 16], // 4×8 tiles only
  [12, 200, 24],
  [4, 300, 8],
];

function checkGemm(kernels: SimdKernels, fused: boolean) {
  for (const [m, k, n] of SHAPES) {
    const a = random(m * k, m + k);
    const b = random(k * n, k + n);
    const A = put(0, a);
    const B = put(m * k, b);
    const C = (m * k + k * n) * 4;
    kernels.gemm(A, B, C, 1, m, k, n, 0, 0);
    const got = read(C, m * n);
    expect(Array.from(got), `${m}×${k}×${n}`).toEqual(Array.from(gemmRef(a, b, m, k, n, fused)));
  }
}

/** Largest |got − want| / (|want| + floor) over the values. */
function worst(got: Float32Array, want: (i: number) => number, floor: number) {
  let w = 0;
  got.forEach((g, i) => {
    const r = want(i);
    w = Math.max(w, Math.abs(g - r) / (Math.abs(r) + floor));
  });
  return w;
}

function checkElementwise(kernels: SimdKernels) {
  const n = 1037; // odd: the vector tail too
  const x = random(n, 5, -9, 9);
  const X = put(0, x);
  const Y = 4096 * 4;
  kernels.exp(X, Y, n);
  expect(worst(read(Y, n), (i) => Math.exp(x[i] as number), 0)).toBeLessThan(3e-7);
  kernels.erf(X, Y, n);
  expect(worst(read(Y, n), (i) => erf64(x[i] as number), 1)).toBeLessThan(5e-7);
  const gelu = (v: number) => 0.5 * v * (1 + erf64(v / Math.SQRT2));
  kernels.gelu(X, Y, n);
  expect(worst(read(Y, n), (i) => gelu(x[i] as number), 1)).toBeLessThan(1e-6);
  const dy = random(n, 6);
  const DY = put(8192, dy);
  kernels.geluGrad(DY, X, Y, n);
  const dgelu = (v: number) =>
    0.5 * (1 + erf64(v / Math.SQRT2)) + (v * Math.exp(-0.5 * v * v)) / Math.sqrt(2 * Math.PI);
  expect(worst(read(Y, n), (i) => (dy[i] as number) * dgelu(x[i] as number), 1)).toBeLessThan(1e-6);
  // Layer norm: 5 rows of width 67.
  const rows = 5;
  const width = 67;
  const v = random(rows * width, 7, -3, 3);
  const g = random(width, 8);
  const be = random(width, 9);
  const [V, G, Be] = [put(0, v), put(4096, g), put(4200, be)];
  const [Out, Mean, Rstd] = [8192 * 4, 9000 * 4, 9100 * 4];
  kernels.layerNorm(V, G, Be, Out, Mean, Rstd, rows, width, 1e-5);
  const out = read(Out, rows * width);
  const ref = (i: number) => {
    const r = Math.floor(i / width);
    const row = Array.from(v.subarray(r * width, (r + 1) * width));
    const mu = row.reduce((s, t) => s + t, 0) / width;
    const varc = row.reduce((s, t) => s + (t - mu) ** 2, 0) / width;
    const j = i % width;
    return (((v[i] as number) - mu) / Math.sqrt(varc + 1e-5)) * (g[j] as number) + (be[j] as number);
  };
  expect(worst(out, ref, 1)).toBeLessThan(2e-6);
}

describe('the plain SIMD module (multiply, then add)', () => {
  it('gemm is bit-identical to float32 multiply-then-add in k order', () => {
    expect(fuses(plain)).toBe(false);
    checkGemm(plain, false);
  });
  it('exp, erf, GELU and its gradient, layer norm within their float64 bounds', () => {
    checkElementwise(plain);
  });
});

describe.skipIf(!relaxed)(
  `the relaxed-SIMD module (fused multiply–add)${why ? ` (skipped: ${why})` : ''}`,
  () => {
    it('exports the same kernels as the plain module', async () => {
      const names = (bytes: Uint8Array<ArrayBuffer>) =>
        WebAssembly.Module.exports(new WebAssembly.Module(bytes))
          .map((e) => e.name)
          .sort();
      expect(names(await relaxedBytesOf(true))).toEqual(names(await plainBytesOf(true)));
      expect(WebAssembly.Module.imports(new WebAssembly.Module(await relaxedBytesOf(false)))).toEqual([
        { module: 'env', name: 'memory', kind: 'memory' },
      ]);
    });
    it('gemm is bit-identical to fused multiply–adds in k order where the CPU fuses (else to the plain gemm)', () => {
      checkGemm(relaxed as SimdKernels, fuses(relaxed as SimdKernels));
    });
    it('exp, erf, GELU and its gradient, layer norm within the plain build’s float64 bounds', () => {
      checkElementwise(relaxed as SimdKernels);
    });
  },
);
