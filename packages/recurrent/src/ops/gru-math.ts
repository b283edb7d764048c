/**
 * GRU cell math (PyTorch gate order r, z, n): `n = tanh(x_n + r ⊙ h_n)`, `h' = (1 − z) ⊙ n + z ⊙ h`,
 * with the fused `GlossaGruCell` kernels on cpu and wasm and composite ops elsewhere.
 */
import * as tf from '@tensorflow/tfjs-core';
import { GRU_CELL, GRU_CELL_GATE_MAJOR, runGruCellGrad } from '../kernels/gru-cell-kernel';
import { fusedAvailable } from '../kernels/recurrent-kernels';
import type { CellMath } from './cell-math';

function fusedForward(xg: tf.Tensor, hh: tf.Tensor, h: tf.Tensor): [tf.Tensor, tf.Tensor] {
  return tf.engine().runKernel(GRU_CELL, { xg, hh, h }) as [tf.Tensor, tf.Tensor];
}

/** The composite forward: returns `[h', acts]` (differentiable by tfjs). */
export function gruCellComposite(xg: tf.Tensor, hh: tf.Tensor, h: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const [xr, xz, xn] = tf.split(xg, 3, -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
  const [hr, hz, hn] = tf.split(hh, 3, -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
  const r = tf.sigmoid(tf.add(xr, hr));
  const z = tf.sigmoid(tf.add(xz, hz));
  const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
  const hNext = tf.add(n, tf.mul(z, tf.sub(h, n)));
  return [hNext, tf.concat([r, z, n], -1)];
}

/** The composite gradient: `[dxg, dhh, dhDirect]`. */
export function gruCellGradComposite(
  dh: tf.Tensor,
  acts: tf.Tensor,
  hh: tf.Tensor,
  h: tf.Tensor,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const [r, z, n] = tf.split(acts, 3, -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
  const hn = tf.split(hh, 3, -1)[2] as tf.Tensor;
  const dnPre = tf.mul(tf.mul(dh, tf.sub(1, z)), tf.sub(1, tf.square(n)));
  const drPre = tf.mul(tf.mul(dnPre, hn), tf.mul(r, tf.sub(1, r)));
  const dzPre = tf.mul(tf.mul(dh, tf.sub(h, n)), tf.mul(z, tf.sub(1, z)));
  return [
    tf.concat([drPre, dzPre, dnPre], -1),
    tf.concat([drPre, dzPre, tf.mul(dnPre, r)], -1),
    tf.mul(dh, z),
  ];
}

/** The GRU's {@link CellMath}. */
export const gruMath: CellMath = {
  gates: 3,
  hasCell: false,
  separateHiddenBias: true,
  forward(xg, hh, h) {
    const [hNext, acts] = fusedAvailable(GRU_CELL) ? fusedForward(xg, hh, h) : gruCellComposite(xg, hh, h);
    return { h: hNext, c: null, saved: [acts, hh] };
  },
  gateMajorKernel: GRU_CELL_GATE_MAJOR,
  forwardGateMajor(xg, hh, h) {
    const [hNext, acts, hhRows] = tf.engine().runKernel(GRU_CELL_GATE_MAJOR, { xg, hh, h }) as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
    ];
    return { h: hNext, c: null, saved: [acts, hhRows] };
  },
  backward(dh, _dc, saved, h) {
    const [acts, hh] = saved as [tf.Tensor, tf.Tensor];
    const [dxg, dhh, dhDirect] = fusedAvailable(GRU_CELL)
      ? runGruCellGrad({ dh, acts, hh, h })
      : gruCellGradComposite(dh, acts, hh, h);
    return { dxg, dhh, dhDirect, dcPrev: null };
  },
  tapeStep(xg, hh, h) {
    const [hNext] = fusedAvailable(GRU_CELL) ? fusedForward(xg, hh, h) : gruCellComposite(xg, hh, h);
    return { h: hNext, c: null };
  },
};
