/**
 * LSTM cell math (PyTorch gate order i, f, g, o): `c' = f ⊙ c + i ⊙ g`, `h' = o ⊙ tanh(c')`, with the
 * fused `GlossaLstmCell` kernels on cpu and wasm and composite ops elsewhere.
 */
import * as tf from '@tensorflow/tfjs-core';
import { LSTM_CELL, LSTM_CELL_GATE_MAJOR, runLstmCellGrad } from '../kernels/lstm-cell-kernel';
import { fusedAvailable } from '../kernels/recurrent-kernels';
import type { CellMath, CellStep } from './cell-math';

function fusedForward(xg: tf.Tensor, hh: tf.Tensor, c: tf.Tensor): [tf.Tensor, tf.Tensor, tf.Tensor] {
  return tf.engine().runKernel(LSTM_CELL, { xg, hh, c }) as [tf.Tensor, tf.Tensor, tf.Tensor];
}

/** The composite forward: returns `[h, c', acts]` (differentiable by tfjs). */
export function lstmCellComposite(
  xg: tf.Tensor,
  hh: tf.Tensor,
  c: tf.Tensor,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const [ai, af, ag, ao] = tf.split(tf.add(xg, hh), 4, -1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const i = tf.sigmoid(ai);
  const f = tf.sigmoid(af);
  const g = tf.tanh(ag);
  const o = tf.sigmoid(ao);
  const cNext = tf.add(tf.mul(f, c), tf.mul(i, g));
  const h = tf.mul(o, tf.tanh(cNext));
  return [h, cNext, tf.concat([i, f, g, o], -1)];
}

/** The composite gradient: `[dgates, dcPrev]`. */
export function lstmCellGradComposite(
  dh: tf.Tensor,
  dc: tf.Tensor,
  acts: tf.Tensor,
  c: tf.Tensor,
  cNext: tf.Tensor,
): [tf.Tensor, tf.Tensor] {
  const [i, f, g, o] = tf.split(acts, 4, -1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const tc = tf.tanh(cNext);
  const dct = tf.add(dc, tf.mul(tf.mul(dh, o), tf.sub(1, tf.square(tc))));
  const dsig = (y: tf.Tensor) => tf.mul(y, tf.sub(1, y));
  const dgates = tf.concat(
    [
      tf.mul(tf.mul(dct, g), dsig(i)),
      tf.mul(tf.mul(dct, c), dsig(f)),
      tf.mul(tf.mul(dct, i), tf.sub(1, tf.square(g))),
      tf.mul(tf.mul(dh, tc), dsig(o)),
    ],
    -1,
  );
  return [dgates, tf.mul(dct, f)];
}

/** The LSTM's {@link CellMath}. */
export const lstmMath: CellMath = {
  gates: 4,
  hasCell: true,
  separateHiddenBias: false,
  forward(xg, hh, _h, c): CellStep {
    const [h, cNext, acts] = fusedAvailable(LSTM_CELL)
      ? fusedForward(xg, hh, c as tf.Tensor)
      : lstmCellComposite(xg, hh, c as tf.Tensor);
    return { h, c: cNext, saved: [acts, cNext] };
  },
  gateMajorKernel: LSTM_CELL_GATE_MAJOR,
  forwardGateMajor(xg, hh, _h, c): CellStep {
    const [h, cNext, acts] = tf.engine().runKernel(LSTM_CELL_GATE_MAJOR, { xg, hh, c: c as tf.Tensor }) as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
    ];
    return { h, c: cNext, saved: [acts, cNext] };
  },
  backward(dh, dc, saved, _h, c) {
    const [acts, cNext] = saved as [tf.Tensor, tf.Tensor];
    const args = { dh, dc: dc as tf.Tensor, acts, c: c as tf.Tensor, cNext };
    const [dgates, dcPrev] = fusedAvailable(LSTM_CELL)
      ? runLstmCellGrad(args)
      : lstmCellGradComposite(args.dh, args.dc, acts, args.c, cNext);
    return { dxg: dgates, dhh: dgates, dhDirect: null, dcPrev };
  },
  tapeStep(xg, hh, _h, c) {
    const [h, cNext] = fusedAvailable(LSTM_CELL)
      ? fusedForward(xg, hh, c as tf.Tensor)
      : lstmCellComposite(xg, hh, c as tf.Tensor);
    return { h, c: cNext };
  },
};
