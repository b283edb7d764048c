import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../backend/backend';
import { maxAbsDiff } from '../testing';
import { GELU, ReLU, Sigmoid, SiLU, Tanh } from './activations';

describe('activation modules', () => {
  it('apply their function and own no parameters', async () => {
    await useBackend('cpu', { verbose: false });
    const x = tf.tensor1d([-1, 0, 1]);
    const cases: Array<[{ forward(x: tf.Tensor): tf.Tensor }, number[]]> = [
      [new ReLU(), [0, 0, 1]],
      [new Tanh(), [-0.7615942, 0, 0.7615942]],
      [new Sigmoid(), [0.2689414, 0.5, 0.7310586]],
      [new SiLU(), [-0.2689414, 0, 0.7310586]],
      [new GELU(), [-0.1586553, 0, 0.8413447]],
      [new GELU({ approximate: 'tanh' }), [-0.158808, 0, 0.841192]],
    ];
    for (const [m, want] of cases) {
      const y = m.forward(x);
      expect(await maxAbsDiff(y, want)).toBeLessThan(1e-6);
      y.dispose();
    }
    expect(new ReLU().stateDict()).toEqual({});
    x.dispose();
  });
});
