// Test support (not part of the published package): fixture loading and small tensor helpers.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';

/** A serialized tensor as in the fixtures: flat row-major data. */
export interface FixtureTensor {
  shape: number[];
  data: number[];
}

/** Parses `test/fixtures/<name>` (copies of ../shared/fixtures and tooling/fixtures/recurrent output). */
export function loadFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** A float32 tensor from a fixture tensor. */
export function tensor(t: FixtureTensor): tf.Tensor {
  return tf.tensor(t.data, t.shape, 'float32');
}

/**
 * The generators' loss weights: gradients in the fixtures are of `sum(output * w)` with
 * `w = ((arange(n) % 7 - 3) / 3).reshape(shape)`.
 */
export function lossWeights(shape: readonly number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Array.from({ length: n }, (_, i) => ((i % 7) - 3) / 3),
    [...shape],
    'float32',
  );
}

/** A seeded uniform stream in [0, 1) for test data (LCG). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A float32 tensor of `shape` with values uniform in [−scale, scale). */
export function randomTensor(shape: number[], seed: number, scale = 1): tf.Tensor {
  const r = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Array.from({ length: n }, () => (2 * r() - 1) * scale),
    shape,
    'float32',
  );
}
