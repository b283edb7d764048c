/**
 * Helpers for the op × backend test table, exported as `@glossa/core/testing`.
 *
 * @example
 * ```ts
 * import { backendsUnderTest, withBackend } from '@glossa/core/testing';
 * for (const b of await backendsUnderTest()) {
 *   describe.skipIf(!b.available)(`${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`, () => {
 *     it('adds', () => withBackend(b.name, async () => { … }));
 *   });
 * }
 * ```
 */
import * as tf from '@tensorflow/tfjs-core';
import { type ConcreteBackend, probeBackends, useBackend } from './backend/backend';
import { settleDeferredChecks } from './deferred-checks';

export interface BackendUnderTest {
  name: ConcreteBackend;
  available: boolean;
  reason: string;
}

/**
 * Every backend the tests should cover (`GLOSSA_BACKENDS=cpu,wasm` narrows the list), each
 * with whether it can start on this machine and why not.
 */
export async function backendsUnderTest(): Promise<BackendUnderTest[]> {
  const env = typeof process !== 'undefined' ? process.env.GLOSSA_BACKENDS : undefined;
  const wanted = (env ? env.split(',').map((s) => s.trim()) : ['cpu', 'wasm', 'webgpu']) as ConcreteBackend[];
  return probeBackends(wanted);
}

/** Runs `fn` with `name` as the active backend and asserts that it leaked no tensors. */
export async function withBackend<T>(name: ConcreteBackend, fn: () => T | Promise<T>): Promise<T> {
  await useBackend(name, { verbose: false });
  const before = tf.memory().numTensors;
  const result = await fn();
  await settleDeferredChecks();
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`tensor leak on ${name}: ${before} tensors before, ${after} after`);
  return result;
}

/** Max absolute difference between a tensor (or array) and expected flat values. */
export async function maxAbsDiff(
  actual: tf.Tensor | ArrayLike<number>,
  expected: ArrayLike<number>,
): Promise<number> {
  const a = actual instanceof tf.Tensor ? await actual.data() : actual;
  if (a.length !== expected.length) {
    throw new Error(`maxAbsDiff: ${a.length} values received, ${expected.length} expected`);
  }
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(Number(a[i]) - Number(expected[i]));
    if (Number.isNaN(d)) return Number.POSITIVE_INFINITY;
    if (d > m) m = d;
  }
  return m;
}
