/**
 * KV-cache buffers (`kvCacheWrite`, `attendCachedToken`; kernels GlossaKVWrite / GlossaAttendOne on cpu
 * and wasm, the wasm one from the shipped SIMD binary; composite ops on webgpu) against a float64
 * reference of softmax(scale·q·Kᵀ)·V, head sizes with and without the SIMD path (D = 6 is not a multiple
 * of 4, D = 20 has a 16-lane block and a 4-lane tail), the tanh GELU kernel against float64, errors and
 * no tensor leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from '../../errors';
import { gelu } from '../../functional/activations';
import { attendCachedToken, kvCacheWrite } from '../../functional/kv-cache-ops';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../../testing';
import { ATTEND_ONE, KV_WRITE } from './kv-attention';

function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
}

/** float64 attention of the token in `qkv` over `cache` rows 0…t−1 plus itself, heads side by side. */
function reference(
  qkv: Float32Array,
  kc: Float32Array,
  vc: Float32Array,
  B: number,
  H: number,
  D: number,
  cap: number,
  t: number,
  scale: number,
) {
  const C = H * D;
  const out = new Float64Array(B * C);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const q = b * 3 * C + h * D;
      const keyAt = (j: number, p: number) =>
        j === t ? (qkv[q + C + p] as number) : (kc[((b * H + h) * cap + j) * D + p] as number);
      const valAt = (j: number, p: number) =>
        j === t ? (qkv[q + 2 * C + p] as number) : (vc[((b * H + h) * cap + j) * D + p] as number);
      const s = Array.from({ length: t + 1 }, (_, j) => {
        let dot = 0;
        for (let p = 0; p < D; p++) dot += (qkv[q + p] as number) * keyAt(j, p);
        return dot * scale;
      });
      const mx = Math.max(...s);
      const e = s.map((x) => Math.exp(x - mx));
      const sum = e.reduce((a, x) => a + x, 0);
      for (let p = 0; p < D; p++) {
        let acc = 0;
        for (let j = 0; j <= t; j++) acc += (e[j] as number) * valAt(j, p);
        out[b * C + h * D + p] = acc / sum;
      }
    }
  }
  return out;
}

for (const be of await backendsUnderTest()) {
  describe.skipIf(!be.available)(
    `KV-cache buffers on ${be.name}${be.available ? '' : ` (skipped: ${be.reason})`}`,
    () => {
      it('attendCachedToken equals float64 attention and writes the token at position t (D = 4, 6, 20, 64)', () =>
        withBackend(be.name, async () => {
          expect(tf.getKernel(ATTEND_ONE, be.name) !== undefined).toBe(be.name !== 'webgpu');
          const r = rng(5);
          for (const [B, H, D, cap, t] of [
            [1, 1, 4, 1, 0],
            [2, 3, 6, 8, 5],
            [2, 2, 20, 16, 9],
            [1, 4, 64, 40, 37],
          ] as const) {
            const C = H * D;
            const qkvV = Float32Array.from({ length: B * 3 * C }, () => r() * 2);
            const kV = Float32Array.from({ length: B * H * cap * D }, () => r() * 2);
            const vV = Float32Array.from({ length: B * H * cap * D }, r);
            const qkv = tf.tensor2d(qkvV, [B, 3 * C]);
            const keys = tf.tensor4d(kV, [B, H, cap, D]);
            const values = tf.tensor4d(vV, [B, H, cap, D]);
            const scale = 1 / Math.sqrt(D);
            const want = reference(qkvV, kV, vV, B, H, D, cap, t, scale);
            const got = attendCachedToken({ qkv, keys, values, length: t });
            tf.dispose([keys, values]); // donated
            expect(got.output.shape).toEqual([B, C]);
            expect(await maxAbsDiff(got.output, want)).toBeLessThan(1e-5);
            // Position t now holds the token's key and value; earlier positions are unchanged.
            const [wantK, wantV] = [kV.slice(), vV.slice()];
            for (let b = 0; b < B; b++)
              for (let h = 0; h < H; h++) {
                const q = b * 3 * C + h * D;
                wantK.set(qkvV.subarray(q + C, q + C + D), ((b * H + h) * cap + t) * D);
                wantV.set(qkvV.subarray(q + 2 * C, q + 2 * C + D), ((b * H + h) * cap + t) * D);
              }
            // Position t holds the token; every other position is kept.
            expect(await maxAbsDiff(got.keys, wantK)).toBe(0);
            expect(await maxAbsDiff(got.values, wantV)).toBe(0);
            tf.dispose([qkv, got.output, got.keys, got.values]);
          }
        }));

      it('kvCacheWrite copies [B, H, T, D] to positions offset…offset+T−1 and keeps the rest', () =>
        withBackend(be.name, async () => {
          expect(tf.getKernel(KV_WRITE, be.name) !== undefined).toBe(be.name !== 'webgpu');
          const [B, H, cap, T, D, off] = [2, 3, 7, 3, 5, 2];
          const buf = tf.tidy(() => tf.reshape(tf.range(0, B * H * cap * D), [B, H, cap, D])) as tf.Tensor4D;
          const src = tf.tidy(() =>
            tf.neg(tf.reshape(tf.range(1, 1 + B * H * T * D), [B, H, T, D])),
          ) as tf.Tensor4D;
          const want = (await buf.array()) as number[][][][];
          const s = (await src.array()) as number[][][][];
          for (let b = 0; b < B; b++)
            for (let h = 0; h < H; h++) for (let i = 0; i < T; i++) want[b]![h]![off + i] = s[b]![h]![i]!;
          const out = kvCacheWrite(buf, src, off);
          buf.dispose();
          expect(await out.array()).toEqual(want);
          expect(() => kvCacheWrite(out, src, cap - T + 1)).toThrow(ArgumentError);
          const wide = tf.zeros([B, H, 1, D + 1]) as tf.Tensor4D;
          expect(() => kvCacheWrite(out, wide, 0)).toThrow(ShapeError);
          tf.dispose([out, src, wide]);
        }));

      it('rejects a full buffer and a qkv row of the wrong width', () =>
        withBackend(be.name, () => {
          const keys = tf.zeros([1, 2, 4, 4]) as tf.Tensor4D;
          const values = tf.zeros([1, 2, 4, 4]) as tf.Tensor4D;
          const qkv = tf.zeros([1, 24]);
          const narrow = tf.zeros([1, 23]);
          expect(() => attendCachedToken({ qkv, keys, values, length: 4 })).toThrow(ArgumentError);
          expect(() => attendCachedToken({ qkv: narrow, keys, values, length: 0 })).toThrow(ShapeError);
          tf.dispose([keys, values, qkv, narrow]);
        }));

      it("gelu(x, { approximate: 'tanh' }) matches float64 gelu_new and its derivative", () =>
        withBackend(be.name, async () => {
          const k = Math.sqrt(2 / Math.PI);
          const f = (x: number) => 0.5 * x * (1 + Math.tanh(k * (x + 0.044715 * x ** 3)));
          const df = (x: number) => {
            const u = Math.tanh(k * (x + 0.044715 * x ** 3));
            return 0.5 * (1 + u) + 0.5 * x * (1 - u * u) * k * (1 + 3 * 0.044715 * x * x);
          };
          const r = rng(9);
          const xs = Float32Array.from({ length: 1031 }, () => r() * 6);
          xs.set([0, 50, -50, 9, -9]);
          const x = tf.tensor1d(xs);
          const y = gelu(x, { approximate: 'tanh' });
          const dx = tf.grad((t: tf.Tensor) => gelu(t, { approximate: 'tanh' }))(x);
          const yv = await y.data();
          const dv = await dx.data();
          xs.forEach((v, i) => {
            expect(Math.abs((yv[i] as number) - f(v))).toBeLessThan(2e-6 * (1 + Math.abs(v)));
            expect(Math.abs((dv[i] as number) - df(v))).toBeLessThan(2e-6);
          });
          tf.dispose([x, y, dx]);
        }));
    },
  );
}
