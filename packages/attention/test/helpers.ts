// Test helpers: fixture loading and tensor conversion. Not part of the published package.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';

/** A fixture tensor: flat row-major data; `'-inf'`/`'inf'` strings stand for infinities. */
export interface FixtureTensor {
  shape: number[];
  data: Array<number | string>;
  dtype?: 'bool';
}

/** Reads a JSON fixture from packages/attention/test/fixtures. */
export function loadFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** Flat numbers of a fixture tensor (infinities decoded). */
export function values(t: FixtureTensor): number[] {
  return t.data.map((v) =>
    v === '-inf' ? Number.NEGATIVE_INFINITY : v === 'inf' ? Number.POSITIVE_INFINITY : Number(v),
  );
}

/** A tf.Tensor from a fixture tensor (bool stays bool). */
export function tensor(t: FixtureTensor): tf.Tensor {
  if (t.dtype === 'bool') return tf.tensor(values(t), t.shape, 'bool');
  return tf.tensor(values(t), t.shape, 'float32');
}
