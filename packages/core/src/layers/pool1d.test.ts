import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../backend/backend';
import { ArgumentError } from '../errors';
import { avgPool1d, maxPool1d } from '../functional/pool1d';
import { AvgPool1d, MaxPool1d } from './pool1d';

describe('MaxPool1d / AvgPool1d modules', () => {
  it('run the functional pools with their options and own no parameters', async () => {
    await useBackend('cpu', { verbose: false });
    const x = tf.randomNormal([2, 3, 9], 0, 1, 'float32', 7);
    const max = new MaxPool1d({ kernelSize: 3, stride: 2, padding: 1 });
    const avg = new AvgPool1d({ kernelSize: 3, stride: 2, padding: 1, countIncludePad: false });
    const pairs = [
      [max.forward(x), maxPool1d(x, 3, { stride: 2, padding: 1 })],
      [avg.forward(x), avgPool1d(x, 3, { stride: 2, padding: 1, countIncludePad: false })],
    ] as const;
    for (const [a, b] of pairs) {
      expect(a.shape).toEqual([2, 3, 5]);
      expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    }
    expect(max.stateDict()).toEqual({});
    const last = new MaxPool1d({ kernelSize: 2, channelsLast: true });
    const xl = tf.transpose(x, [0, 2, 1]);
    const y = last.forward(xl);
    expect(y.shape).toEqual([2, 4, 3]);
    tf.dispose([x, xl, y, ...pairs.flat()]);
  });

  it('check their arguments when built', () => {
    expect(() => new MaxPool1d({ kernelSize: 0 })).toThrow(/MaxPool1d\(kernelSize\)/);
    expect(() => new AvgPool1d({ kernelSize: 2, padding: 2 })).toThrow(ArgumentError);
  });
});
