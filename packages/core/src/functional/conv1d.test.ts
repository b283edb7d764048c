import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../backend/backend';
import { ArgumentError, ShapeError } from '../errors';
import { conv1d } from './conv1d';

// Parity with PyTorch, gradients and every backend: src/layers/conv1d.test.ts (through Conv1d).
describe('conv1d (functional)', () => {
  it('takes unbatched [C, L] input and gives unbatched output', async () => {
    await useBackend('cpu', { verbose: false });
    const x = tf.randomNormal([2, 3, 7], 0, 1, 'float32', 1);
    const w = tf.randomNormal([4, 3, 3], 0, 1, 'float32', 2);
    const bias = tf.randomNormal([4], 0, 1, 'float32', 3);
    const batched = conv1d(x, w, bias, { padding: 'same' });
    const first = tf.slice(x, [0, 0, 0], [1, -1, -1]);
    const one = tf.squeeze(first, [0]);
    const y = conv1d(one, w, bias, { padding: 'same' });
    const ref = tf.slice(batched, [0, 0, 0], [1, -1, -1]);
    expect(y.shape).toEqual([4, 7]);
    expect(Array.from(await y.data())).toEqual(Array.from(await ref.data()));
    tf.dispose([x, w, bias, batched, first, one, y, ref]);
  });

  it('rejects bad weights, biases, groups and inputs with typed errors, leaking nothing', async () => {
    await useBackend('cpu', { verbose: false });
    const x = tf.zeros([1, 4, 6]);
    const w = tf.zeros([6, 2, 3]);
    const before = tf.memory().numTensors;
    const w2 = tf.zeros([6, 2]);
    const bias = tf.zeros([5]);
    expect(() => conv1d(x, w2)).toThrow(/conv1d\(weight\): expected a 3-D tf.Tensor/);
    expect(() => conv1d(x, w, bias, { groups: 2 })).toThrow(
      /conv1d\(bias\): expected null or a tf.Tensor of shape \[6\]/,
    );
    expect(() => conv1d(x, w, null, { groups: 3 })).toThrow(ShapeError); // C_in would be 6
    expect(() => conv1d(x, w, null, { groups: 2, stride: 1.5 })).toThrow(ArgumentError);
    expect(() => conv1d(x, w, null, { groups: 2, padding: 'full' as 'same' })).toThrow(
      /conv1d\(padding\): expected a non-negative integer, 'same' or 'valid'/,
    );
    const depthwise = tf.zeros([4, 1, 3]);
    const odd = tf.zeros([5, 1, 3]);
    conv1d(x, depthwise, null, { groups: 4 }).dispose();
    expect(() => conv1d(x, odd, null, { groups: 4 })).toThrow(/divisor of C_out \(5\)/);
    tf.dispose([w2, bias, depthwise, odd]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w]);
  });
});
