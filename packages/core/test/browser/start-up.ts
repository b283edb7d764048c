/**
 * Backend start-up inside a page (run by ../browser.test.ts through tooling/browser, never by vitest
 * in Node): wasm loads core's shipped `.wasm` binaries with nothing copied by hand, single-threaded in
 * a plain page and threaded in a cross-origin-isolated one; webgpu starts on Chromium's adapter and
 * reads synchronously; `auto` explains its choice.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { useBackend } from '../../src/backend/backend';
import { BackendError } from '../../src/errors';
import { bytesOf, relaxedBytesOf, simdFor } from '../../src/kernels/wasm/simd-module';
import { heapOffset, type WasmBackend } from '../../src/kernels/wasm/wasm-backend';
import { matMul, random } from '../reference';

const wanted = (process.env.GLOSSA_BACKENDS ?? 'cpu,wasm,webgpu').split(',');
const isolated = globalThis.crossOriginIsolated === true;
const wasmFetched = () =>
  performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((n) => n.endsWith('.wasm'));

describe.runIf(wanted.includes('wasm'))('wasm in a page', () => {
  it(`starts from core's own binaries${isolated ? ', threaded (cross-origin isolated)' : ', one thread (not isolated)'}`, async () => {
    // 2 threads asked for: honoured in an isolated page even where tfjs's cap (half of the 2 cores
    // the page reports) would give 1; refused with one warning saying why in a page that is not.
    const warn = vi.spyOn(console, 'warn');
    const info = await useBackend('wasm', { verbose: false, threads: 2 });
    const again = await useBackend('wasm', { verbose: false, threads: 2 });
    const warnings = warn.mock.calls.map((c) => String(c[0]));
    warn.mockRestore();
    expect(navigator.hardwareConcurrency).toBe(2);
    expect(info.name).toBe('wasm');
    expect(info.threads).toBe(isolated ? 2 : 1);
    expect(again.threads).toBe(info.threads);
    const why = warnings.filter((w) => /not cross-origin isolated/.test(w));
    expect(why.length).toBe(isolated ? 0 : 1);
    if (!isolated) {
      expect(why[0]).toMatch(/Cross-Origin-Opener-Policy: same-origin/);
      expect(info.reason).toMatch(/1 thread \(page not cross-origin isolated\)/);
    }
    // glossa's gemm runs on Web Workers over the shared heap as it does on worker_threads in Node.
    expect(simdFor(tf.backend() as unknown as WasmBackend)?.threads).toBe(isolated ? 2 : 1);
    // Chromium compiles relaxed SIMD: glossa's FMA build is the one that runs, and says so.
    expect(info.relaxedSimd).toBe(true);
    expect(info.reason).toMatch(/relaxed-SIMD FMA kernels/);
    const binary = isolated ? 'tfjs-backend-wasm-threaded-simd.wasm' : 'tfjs-backend-wasm-simd.wasm';
    expect(wasmFetched().some((n) => n.endsWith(`/${binary}`))).toBe(true);
    const y = tf.matMul(tf.ones([64, 64]), tf.ones([64, 64]));
    expect((await y.data())[0]).toBe(64);
    tf.dispose(y);
  });
});

describe.runIf(wanted.includes('wasm') && isolated)('SIMD gemm on Web Workers (isolated page)', () => {
  it('gives bit-identical results on 2 threads and on 1 (row bands, batch shares, broadcast right)', async () => {
    await useBackend('wasm', { verbose: false, threads: 2 });
    const backend = tf.backend() as unknown as WasmBackend;
    const pooled = simdFor(backend);
    expect(pooled?.threads).toBe(2);
    // The same build (relaxed SIMD where Chromium has it), instantiated on the main thread only: the
    // one-thread gemm.
    const memory = (backend.wasm as unknown as { wasmMemory: WebAssembly.Memory }).wasmMemory;
    const bytes = pooled?.relaxed ? await relaxedBytesOf(true) : bytesOf(true);
    const { instance } = await WebAssembly.instantiate(bytes as BufferSource, { env: { memory } });
    const single = (instance.exports as unknown as NonNullable<typeof pooled>).gemm;
    for (const [aShape, bShape] of [
      [
        [197, 150],
        [150, 61],
      ], // one product: bands of rows
      [
        [6, 64, 40],
        [6, 40, 33],
      ], // batch shares 3 + 3
      [
        [3, 70, 200],
        [200, 150],
      ], // broadcast right: the batch folded into rows
    ] as const) {
      const size = (s: readonly number[]) => s.reduce((x, y) => x * y, 1);
      const av = random(size(aShape), 11);
      const bv = random(size(bShape), 12);
      const a = tf.tensor(Float32Array.from(av), [...aShape]);
      const b = tf.tensor(Float32Array.from(bv), [...bShape]);
      const threaded = tf.matMul(a, b);
      const one = tf.zerosLike(threaded);
      const m = aShape[aShape.length - 2] as number;
      const k = aShape[aShape.length - 1] as number;
      const n = bShape[bShape.length - 1] as number;
      const batched = bShape.length === 3;
      const batch = batched ? (aShape[0] as number) : 1;
      const rows = batched ? m : size(aShape) / k;
      const off = (t: tf.Tensor) => heapOffset(backend, t as never);
      single(off(a), off(b), off(one), batch, rows, k, n, batched ? m * k : 0, batched ? k * n : 0);
      const got = await threaded.data();
      expect(Array.from(got)).toEqual(Array.from(await one.data()));
      const want = matMul({ v: av, shape: [...aShape] }, { v: bv, shape: [...bShape] });
      let worst = 0;
      want.v.forEach((w, i) => {
        worst = Math.max(worst, Math.abs((got[i] as number) - w));
      });
      expect(worst).toBeLessThan(2e-5);
      tf.dispose([a, b, threaded, one]);
    }
  });
});

describe.runIf(wanted.includes('webgpu'))('webgpu in a page', () => {
  it("starts on Chromium's adapter; a synchronous read is right or a BackendError, never wrong", async () => {
    const info = await useBackend('webgpu', { verbose: false });
    expect(info.name).toBe('webgpu');
    expect(info.adapter?.description.length).toBeGreaterThan(0);
    const x = tf.tensor1d(Array.from({ length: 4096 }, (_, i) => i % 5));
    const y = tf.mul(x, 3);
    expect(Array.from((await y.data()).slice(0, 5))).toEqual([0, 3, 6, 9, 12]);
    const z = tf.add(x, 1);
    try {
      expect(Array.from(z.dataSync().slice(0, 5))).toEqual([1, 2, 3, 4, 5]);
    } catch (e) {
      // Headless Chromium's SwiftShader canvas read-back returns zeros: core refuses it instead.
      expect(e).toBeInstanceOf(BackendError);
      expect((e as Error).message).toMatch(/await t\.data\(\)/);
    }
    tf.dispose([x, y, z]);
  });

  it('auto prefers webgpu only on a hardware adapter, and says why', async () => {
    const gpu = await useBackend('webgpu', { verbose: false });
    const info = await useBackend('auto', { verbose: false });
    expect(info.reason).toMatch(/^auto: /);
    if (gpu.adapter?.software) expect(info.name).not.toBe('webgpu');
    else expect(info.name).toBe('webgpu');
  });
});
