/**
 * Gradients of `Sum` and `Mean` that broadcast `dy` with one `Tile` kernel. tfjs-core 4.22's build a
 * `ones(x.shape)` tensor in JavaScript (a fill and an upload the size of `x`) and multiply by it: in
 * the reference Transformer step, ~40 such tensors per step. The values are identical (`dy·1` is `dy`;
 * the mean divides by the same count before broadcasting instead of after).
 */
import * as tf from '@tensorflow/tfjs-core';

type ReduceAttrs = { axis: number | number[]; keepDims: boolean };

/** `dy` reshaped with the reduced axes of `x` kept as size 1, then broadcast to `x`'s shape. */
function spread(dy: tf.Tensor, x: tf.Tensor, attrs: ReduceAttrs, scale?: number): tf.Tensor {
  const expanded = x.shape.slice();
  const axes = tf.util.parseAxisParam(attrs.axis, x.shape);
  for (const a of axes) expanded[a] = 1;
  let g = tf.reshape(dy.dtype === 'float32' ? dy : tf.cast(dy, 'float32'), expanded);
  if (scale !== undefined) g = tf.div(g, scale);
  return tf.broadcastTo(g, x.shape);
}

/** `registerGradient` config for `Sum`. */
export const sumGradConfig: tf.GradConfig = {
  kernelName: 'Sum',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    const dx = spread(dy as tf.Tensor, x, attrs as unknown as ReduceAttrs);
    return { x: () => dx };
  },
};

/** `registerGradient` config for `Mean`. */
export const meanGradConfig: tf.GradConfig = {
  kernelName: 'Mean',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    const axes = tf.util.parseAxisParam((attrs as unknown as ReduceAttrs).axis, x.shape);
    const count = axes.reduce((n, a) => n * (x.shape[a] as number), 1);
    const dx = spread(dy as tf.Tensor, x, attrs as unknown as ReduceAttrs, count);
    return { x: () => dx };
  },
};
