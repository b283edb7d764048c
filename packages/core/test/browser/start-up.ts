/**
 * Backend start-up inside a page (run by ../browser.test.ts through tooling/browser, never by vitest
 * in Node): wasm loads core's shipped `.wasm` binaries with nothing copied by hand, single-threaded in
 * a plain page and threaded in a cross-origin-isolated one; webgpu starts on Chromium's adapter and
 * reads synchronously; `auto` explains its choice.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../../src/backend/backend';
import { BackendError } from '../../src/errors';

const wanted = (process.env.GLOSSA_BACKENDS ?? 'cpu,wasm,webgpu').split(',');
const isolated = globalThis.crossOriginIsolated === true;
const wasmFetched = () =>
  performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((n) => n.endsWith('.wasm'));

describe.runIf(wanted.includes('wasm'))('wasm in a page', () => {
  it(`starts from core's own binaries${isolated ? ', threaded (cross-origin isolated)' : ', one thread (not isolated)'}`, async () => {
    const info = await useBackend('wasm', { verbose: false, threads: isolated ? 2 : undefined });
    expect(info.name).toBe('wasm');
    expect(info.threads).toBe(isolated ? 2 : 1);
    const binary = isolated ? 'tfjs-backend-wasm-threaded-simd.wasm' : 'tfjs-backend-wasm-simd.wasm';
    expect(wasmFetched().some((n) => n.endsWith(`/${binary}`))).toBe(true);
    const y = tf.matMul(tf.ones([64, 64]), tf.ones([64, 64]));
    expect((await y.data())[0]).toBe(64);
    tf.dispose(y);
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
