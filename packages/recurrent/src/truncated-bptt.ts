/**
 * Truncated backpropagation through time for long streams: the stream is cut into chunks, each chunk
 * is one optimizer step, and the recurrent state is carried from one chunk to the next *detached* —
 * its value continues, its gradient stops at the chunk boundary — so memory and time per step are
 * bounded by the chunk length while the model still sees the whole history through its state.
 */
import { ArgumentError, clipGradNorm, crossEntropy, type Optimizer } from '@glossa/core';
import { checkDims } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import { disposeRecurrentState, type RecurrentState } from './recurrent-state';

/** A model that maps ids and a state to logits and the next state (e.g. `RNNLanguageModel`). */
export interface StatefulSequenceModel {
  forward(ids: tf.Tensor, state: RecurrentState | null): { logits: tf.Tensor; state: RecurrentState };
  trainableParameters(): Record<string, tf.Variable>;
}

/** Options of {@link truncatedBptt}. */
export interface TruncatedBpttOptions {
  model: StatefulSequenceModel;
  optimizer: Optimizer;
  /**
   * int32 token ids `[B, N]`: B parallel streams (e.g. a corpus cut into B contiguous parts); each
   * chunk reads `[:, s, s + k)` and predicts `[:, s + 1, s + k + 1)`.
   */
  stream: tf.Tensor;
  /** Steps per chunk `k` (gradients flow at most this far back). */
  chunkLength: number;
  /** Clip the global gradient norm of each chunk's step to this (core's `clipGradNorm`). Default: none. */
  clipNorm?: number;
  /** State to start from (not disposed). Default zeros. */
  state?: RecurrentState | null;
  /** Called after every chunk with its index and mean loss. */
  onChunk?: (info: { chunk: number; loss: number }) => void | Promise<void>;
}

/** What {@link truncatedBptt} returns. */
export interface TruncatedBpttResult {
  /** Mean cross-entropy of each chunk (before its update). */
  losses: number[];
  /** The state after the last chunk (the caller owns it). */
  state: RecurrentState;
}

/**
 * One pass of truncated BPTT over `stream`: one optimizer step per chunk of `chunkLength` steps, the
 * state carried between chunks without its gradient history (each chunk is its own
 * `tf.variableGrads` call, so the previous chunk's state enters as a constant).
 *
 * @example
 * ```ts
 * const lm = new RNNLanguageModel({ vocabSize: 65, hiddenSize: 128 });
 * const { losses, state } = await truncatedBptt({
 *   model: lm, optimizer: new Adam({ lr: 2e-3, params: lm }), stream, chunkLength: 64, clipNorm: 1,
 * }); // stream [B, N] int32
 * ```
 */
export async function truncatedBptt(options: TruncatedBpttOptions): Promise<TruncatedBpttResult> {
  const { model, optimizer, stream, chunkLength, clipNorm, onChunk } = options;
  checkDims('truncatedBptt', { chunkLength });
  const N = stream.shape[1] as number;
  if (stream.rank !== 2 || N < 2) {
    throw new ArgumentError('truncatedBptt(stream)', 'int32 ids [B, N] with N >= 2', stream);
  }
  const vars = Object.values(model.trainableParameters());
  let state: RecurrentState | null = options.state ?? null;
  let owned = false; // the caller's initial state is not ours to dispose
  const losses: number[] = [];
  for (let s = 0, chunk = 0; s < N - 1; s += chunkLength, chunk++) {
    const k = Math.min(chunkLength, N - 1 - s);
    const [x, y] = tf.tidy(() => [tf.slice(stream, [0, s], [-1, k]), tf.slice(stream, [0, s + 1], [-1, k])]);
    let next: RecurrentState | null = null;
    const { value, grads } = tf.variableGrads(() => {
      const out = model.forward(x as tf.Tensor, state);
      next = { h: tf.keep(out.state.h), ...(out.state.c ? { c: tf.keep(out.state.c) } : {}) };
      return crossEntropy(out.logits, y as tf.Tensor) as tf.Scalar;
    }, vars);
    let step = grads;
    let totalNorm: tf.Tensor | null = null;
    if (clipNorm !== undefined) ({ grads: step, totalNorm } = clipGradNorm(grads, clipNorm));
    optimizer.step(step);
    const loss = (await value.data())[0] as number;
    tf.dispose([
      x as tf.Tensor,
      y as tf.Tensor,
      value,
      ...Object.values(grads),
      ...(totalNorm ? [totalNorm] : []),
    ]);
    if (step !== grads) tf.dispose(Object.values(step));
    if (owned) disposeRecurrentState(state);
    state = next as RecurrentState | null;
    owned = true;
    losses.push(loss);
    await onChunk?.({ chunk, loss });
  }
  return { losses, state: state as RecurrentState };
}
