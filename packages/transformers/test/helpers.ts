// Test helpers: fixture loading and tensor conversion. Not part of the published package.
import { readFileSync } from 'node:fs';
import type { ConcreteBackend } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';

/** A fixture tensor: flat row-major data; `'-inf'`/`'inf'` strings stand for infinities. */
export interface FixtureTensor {
  shape: number[];
  data: Array<number | string>;
  dtype?: 'bool' | 'int32';
}

/** Reads a JSON fixture from packages/transformers/test/fixtures. */
export function loadFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** Reads a binary fixture (e.g. a safetensors file) from packages/transformers/test/fixtures. */
export function loadFixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
}

/** Flat numbers of a fixture tensor (infinities decoded). */
export function values(t: FixtureTensor): number[] {
  return t.data.map((v) =>
    v === '-inf' ? Number.NEGATIVE_INFINITY : v === 'inf' ? Number.POSITIVE_INFINITY : Number(v),
  );
}

/** A tf.Tensor from a fixture tensor (bool and int32 keep their dtype). */
export function tensor(t: FixtureTensor): tf.Tensor {
  return tf.tensor(values(t), t.shape, t.dtype ?? 'float32');
}

/**
 * Absolute tolerance for float32 results compared with PyTorch: `base` (1e-5 by default) on every
 * backend. Measured worst cases: layer outputs ≤ 1e-6 and gradients ≤ 2e-6 on cpu, wasm and webgpu
 * (lavapipe), GPT logits ≤ 2e-6. A webgpu driver that reorders reductions more may need the 10× that
 * core's op table allows webgpu: change it here, for every test at once.
 */
export function tolerance(_backend: ConcreteBackend, base = 1e-5): number {
  return base;
}
