/**
 * Makes backpropagation through time visible: the norm of the gradient that reaches each time step's
 * hidden state, `‖∂loss/∂h_t‖`, for every layer and direction. With a loss on the last step only, a
 * plain tanh RNN's norms fall by orders of magnitude towards the start of a long sequence (vanishing
 * gradients) while an LSTM's cell path keeps them alive; with large recurrent weights they explode.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RecurrentForwardOptions, RecurrentLayer, RecurrentOutput } from './recurrent-layer';

/** What {@link timeStepGradientNorms} returns. */
export interface TimeStepGradientNorms {
  /**
   * `norms[k][t]` = `‖∂loss/∂h_t‖` (Frobenius norm over batch and hidden units) for layer-direction
   * `k = layer·directions + direction`, in input time order (also for the backward direction).
   * The gradient is the total one reaching the step's new state: through the output and through
   * the later steps. Padded steps have 0.
   */
  norms: number[][];
  /** The loss value. */
  loss: number;
}

/**
 * Runs `layer` on `input`, backpropagates `loss(output)` and returns the gradient norm reaching each
 * time step (`tf.valueAndGrad` with respect to zero probes added to every hidden state).
 *
 * @example
 * ```ts
 * const rnn = new RNN({ inputSize: 8, hiddenSize: 32, generator: new Generator(0) });
 * const { norms } = await timeStepGradientNorms(rnn, x, ({ output }) =>
 *   tf.sum(tf.slice(output, [0, T - 1, 0], [-1, 1, -1]))); // x [B, T, 8]; loss on the last step
 * norms[0][0] / norms[0][T - 1]; // ~1e-10 for T = 50: vanishing gradients
 * ```
 */
export async function timeStepGradientNorms(
  layer: RecurrentLayer,
  input: tf.Tensor,
  loss: (out: RecurrentOutput) => tf.Scalar,
  options: Omit<RecurrentForwardOptions, 'probe' | 'returnAllLayers'> = {},
): Promise<TimeStepGradientNorms> {
  const [B, T] = input.shape as [number, number];
  const probe = tf.zeros([layer.numLayers * layer.directions, B, T, layer.hiddenSize]);
  const { value, grad } = tf.valueAndGrad((p: tf.Tensor) =>
    loss(layer.forward(input, { ...options, probe: p })),
  )(probe);
  const norms = tf.tidy(() => tf.sqrt(tf.sum(tf.square(grad), [1, 3])));
  const [n, v] = await Promise.all([norms.array() as Promise<number[][]>, value.data()]);
  tf.dispose([probe, value, grad, norms]);
  return { norms: n, loss: v[0] as number };
}
