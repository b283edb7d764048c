/**
 * The model side of autoregressive decoding, shaped like the generation loop that `@glossa/core` is
 * adding (`core/src/generate/`): a step from new tokens and a state to next-token logits and the new
 * state, reordering the state by beam indices, and disposing it. `RNNLanguageModel` and `Seq2Seq`
 * implement it, so core's `generate` (greedy, sampling, beams) will drive them unchanged; until it
 * lands, `beamSearch` in this package is the loop.
 */
import type * as tf from '@tensorflow/tfjs-core';

/** One decoding step's result. */
export interface StepResult<S> {
  /** Next-token logits `[B, V]` (for the last of the new tokens). */
  logits: tf.Tensor;
  /** The state after the new tokens (owned by the caller: dispose it with `disposeState`). */
  state: S;
}

/**
 * A model that decodes one step at a time.
 *
 * @example
 * ```ts
 * let { logits, state } = model.step(prompt, null);   // prompt [B, T] int32 → logits [B, V]
 * ({ logits, state } = model.step(next, state));       // next [B, 1]
 * state = model.reorderState(state, beamRows);         // keep the chosen beams
 * model.disposeState(state);
 * ```
 */
export interface StepModel<S> {
  /** Feeds `newTokens` `[B, Tnew]` (int32) after `state` (`null`: the start). */
  step(newTokens: tf.Tensor, state: S | null): StepResult<S>;
  /** The state of batch rows `indices` (new tensors; `state` is not disposed). */
  reorderState(state: S, indices: tf.Tensor | readonly number[]): S;
  /** Releases a state's tensors. */
  disposeState(state: S): void;
}
