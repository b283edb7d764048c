/**
 * Elman RNN cell math: `h' = act(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)` with `act` tanh or ReLU. Two
 * element-wise ops per step, so no fused kernel: composite ops on every backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CellMath } from './cell-math';

/** The Elman RNN's {@link CellMath} for `nonlinearity`. */
export function rnnMath(nonlinearity: 'tanh' | 'relu'): CellMath {
  const act = (x: tf.Tensor) => (nonlinearity === 'tanh' ? tf.tanh(x) : tf.relu(x));
  return {
    gates: 1,
    hasCell: false,
    separateHiddenBias: false,
    forward(xg, hh) {
      const h = act(tf.add(xg, hh));
      return { h, c: null, saved: [h] };
    },
    backward(dh, _dc, saved) {
      const h = saved[0] as tf.Tensor;
      const dpre =
        nonlinearity === 'tanh'
          ? tf.mul(dh, tf.sub(1, tf.square(h)))
          : tf.where(tf.greater(h, 0), dh, tf.zerosLike(dh));
      return { dxg: dpre, dhh: dpre, dhDirect: null, dcPrev: null };
    },
    tapeStep(xg, hh) {
      return { h: act(tf.add(xg, hh)), c: null };
    },
  };
}
