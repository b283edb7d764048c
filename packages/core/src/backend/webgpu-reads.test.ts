/**
 * webgpu in Node: tfjs reads GPU data synchronously through an OffscreenCanvas, which Node lacks.
 * Synchronous reads of GPU-resident data are a BackendError saying to read asynchronously; reads of
 * values still on the CPU side, and every asynchronous read, work.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackendError } from '../errors';
import { withBackend } from '../testing';
import { probeBackends } from './backend';
import { guardWebgpuSyncReads, syncReadError, syncReadProblem } from './webgpu-reads';

const [webgpu] = await probeBackends(['webgpu']);
const noCanvas = typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas === 'undefined';

describe('the sync-read guard', () => {
  it('says why synchronous reads are refused: no OffscreenCanvas (Node), or a software adapter', () => {
    if (noCanvas) expect(syncReadProblem({ software: false })).toMatch(/Node/);
    else {
      expect(syncReadProblem({ software: false })).toBeUndefined();
      expect(syncReadProblem({ software: true })).toMatch(/software adapter/);
    }
  });

  it('passes CPU-side values through and refuses GPU-resident ones with advice', () => {
    const map = new Map<object, { values?: unknown; dtype?: string }>();
    const onCpu = {};
    const onGpu = {};
    map.set(onCpu, { values: new Float32Array([1, 2]), dtype: 'float32' });
    map.set(onGpu, { values: null, dtype: 'float32' });
    const backend = { tensorMap: map, readSync: (id: object) => map.get(id)?.values };
    if (!noCanvas) return; // a browser: test/browser/start-up.ts
    expect(guardWebgpuSyncReads(backend, { software: false })).toBe(true);
    expect(backend.readSync(onCpu)).toEqual(new Float32Array([1, 2]));
    expect(() => backend.readSync(onGpu)).toThrow(BackendError);
    expect(() => backend.readSync(onGpu)).toThrow(/await t\.data\(\)/);
    expect(syncReadError('why').backend).toBe('webgpu');
  });
});

describe.skipIf(!webgpu?.available || !noCanvas)(
  `webgpu reads in Node${webgpu?.available ? '' : ` (skipped: ${webgpu?.reason})`}`,
  () => {
    it('dataSync() of a GPU result is a BackendError; data(), array() and CPU-side reads work', () =>
      withBackend('webgpu', async () => {
        // Large enough that tfjs runs the product on the GPU rather than forwarding it to the CPU.
        const values = Array.from({ length: 4096 }, (_, i) => i % 7);
        const x = tf.tensor1d(values);
        expect(Array.from(x.dataSync())).toEqual(values); // still on the CPU side
        const y = tf.mul(x, 2);
        expect(() => y.dataSync()).toThrow(BackendError);
        expect(() => y.arraySync()).toThrow(/OffscreenCanvas.*await t\.data\(\)/);
        const doubled = values.map((v) => 2 * v);
        expect(Array.from(await y.data())).toEqual(doubled);
        expect(await y.array()).toEqual(doubled);
        expect(Array.from(y.dataSync())).toEqual(doubled); // read once, cached on the CPU side
        tf.dispose([x, y]);
      }));
  },
);
