/**
 * The state a recurrent model carries between calls — between the chunks of truncated BPTT and the
 * steps of generation — with the operations a decoding loop needs: reordering by beam indices and
 * disposal.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Hidden (and cell) states `[numLayers·directions, B, H]`, as `hN`/`cN` and `h0`/`c0`. */
export interface RecurrentState {
  h: tf.Tensor;
  c?: tf.Tensor;
}

/**
 * The state of batch rows `indices` (e.g. the beams kept by beam search): `h`, `c` gathered on their
 * batch axis (1). Returns new tensors; `state` is left as it is.
 *
 * @example
 * ```ts
 * const next = reorderRecurrentState(state, [0, 0, 2]); // h [L, 3, H]: rows 0, 0 and 2
 * ```
 */
export function reorderRecurrentState(
  state: RecurrentState,
  indices: tf.Tensor | readonly number[],
): RecurrentState {
  return tf.tidy(() => {
    const idx = indices instanceof tf.Tensor ? tf.cast(indices, 'int32') : tf.tensor1d([...indices], 'int32');
    const out: RecurrentState = { h: tf.gather(state.h, idx, 1) };
    if (state.c) out.c = tf.gather(state.c, idx, 1);
    return out as unknown as tf.TensorContainerObject;
  }) as unknown as RecurrentState;
}

/**
 * Releases a state's tensors.
 *
 * @example
 * ```ts
 * disposeRecurrentState(state);
 * ```
 */
export function disposeRecurrentState(state: RecurrentState | null | undefined): void {
  if (!state) return;
  state.h.dispose();
  state.c?.dispose();
}
