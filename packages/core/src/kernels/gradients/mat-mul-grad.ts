/**
 * The `BatchMatMul` gradient with broadcasting. tfjs-core 4.22's gradient returns a gradient of the
 * broadcast (output) batch shape, so `matMul([B, T, E], [E, F])` — a linear layer on a batch of
 * sequences — fails in backprop with "gradient of input 'b' has shape [B, E, F]". This one sums the
 * gradient over broadcast batch axes, and for a 2-D right operand computes it as one 2-D product.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Sums `g` over the batch axes that `x` broadcast, then gives it `x`'s shape. */
function unbroadcast(g: tf.Tensor, x: tf.Tensor): tf.Tensor {
  if (g.shape.join() === x.shape.join()) return g;
  const axes = tf.backend_util.getReductionAxes(x.shape.slice(0, -2), g.shape.slice(0, -2));
  // getReductionAxes already includes the axes x lacks (leading ones).
  return tf.reshape(axes.length ? tf.sum(g, axes) : g, x.shape);
}

/** Flattens all but the last two axes of `x` into its rows: [..., M, K] → [prod(...)·M, K]. */
const rows = (x: tf.Tensor) => tf.reshape(x, [-1, x.shape[x.rank - 1] as number]);

/** The gradient registration (`registerGradient`). */
export const batchMatMulGradConfig: tf.GradConfig = {
  kernelName: 'BatchMatMul',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const dY = dy as tf.Tensor;
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    const da = () =>
      unbroadcast(
        !transposeA
          ? tf.matMul(dY, b, false, !transposeB)
          : transposeB
            ? tf.matMul(b, dY, true, true)
            : tf.matMul(b, dY, false, true),
        a,
      );
    const db = () => {
      if (b.rank === 2 && a.rank > 2 && !transposeA) {
        // a: [..., M, K] folds into rows; dB = aᵀ·dY (or dYᵀ·a when b is transposed).
        return transposeB
          ? tf.matMul(rows(dY), rows(a), true, false)
          : tf.matMul(rows(a), rows(dY), true, false);
      }
      return unbroadcast(
        !transposeB
          ? tf.matMul(a, dY, !transposeA, false)
          : transposeA
            ? tf.matMul(dY, a, true, true)
            : tf.matMul(dY, a, true, false),
        b,
      );
    };
    return { a: da, b: db };
  },
};
