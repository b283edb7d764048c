import type * as tf from '@tensorflow/tfjs-core';

/**
 * What the generation loop hands a {@link GenerationModel} for one step. Every tensor belongs to
 * the loop: the model reads it and neither disposes nor keeps it (clone what it must keep).
 * `positions` and `attentionMask` are built when first read, so models that ignore them (RoPE
 * offsets from the cache length, RNNs without padding) pay nothing for them.
 *
 * @example
 * ```ts
 * step({ inputIds, positions, attentionMask }, state) {
 *   const x = tf.add(tok.forward(inputIds), pos.forward(positions)); // [B, Tnew, E]
 *   // … attention with keyPaddingMask from attentionMask (0 → masked) over the whole prefix
 * }
 * ```
 */
export interface StepInput {
  /**
   * New tokens `[B, Tnew]` int32: the whole prompt at the first step (prefill), then `[B, 1]` —
   * the token chosen for each row at the previous step.
   */
  readonly inputIds: tf.Tensor2D;
  /**
   * Absolute position of each new token in its row, `[B, Tnew]` int32: the number of real tokens
   * before it, so left padding does not shift positions (padding positions are 0). Position
   * embeddings (learned, sinusoidal, RoPE offsets) use these, never the column index.
   */
  readonly positions: tf.Tensor2D;
  /**
   * `[B, pastLength + Tnew]` int32 over the whole prefix including the new tokens: 1 = real token,
   * 0 = left padding (keys/values there must be masked out). `null` when no row of the batch has
   * padding, so models can skip masking.
   */
  readonly attentionMask: tf.Tensor2D | null;
  /** Tokens already in the state (the same for every row; padding counts). 0 at the prefill. */
  readonly pastLength: number;
}

/**
 * What {@link GenerationModel.step} returns.
 *
 * @example
 * ```ts
 * return { logits: tf.tidy(() => head.forward(lastHidden)) as tf.Tensor2D, state: caches };
 * ```
 */
export interface StepOutput<S> {
  /**
   * Next-token logits `[B, V]` (float32) after the last new token of each row. The loop reads them
   * once (`await logits.data()`) and disposes them.
   */
  logits: tf.Tensor2D;
  /** The state after the new tokens (may be the same object, updated in place). */
  state: S;
}

/**
 * The small interface through which every autoregressive model decodes with
 * {@link generate}: a GPT with a KV cache per layer, an encoder–decoder with cached self- and
 * cross-attention, an RNN language model with its hidden state. The state is opaque to the loop —
 * it never looks inside, it only passes it back to the model.
 *
 * Contract:
 * - `initState(B)` creates the state of an empty prefix for `B` rows (empty caches, zero hidden
 *   state; an encoder–decoder adapter encodes its source here, bound in a closure). The prompt is
 *   then fed through `step` (prefill) like every later token.
 * - `step(input, state)` consumes `state`: the loop forgets it and continues with the returned one.
 *   Whatever the model replaced it disposes itself. Rows are independent; left-padded rows carry
 *   `attentionMask` zeros and `positions` that count real tokens only.
 * - `reorderState(state, indices)` gathers the state along the batch axis (`indices` int32 `[B']`,
 *   values in `[0, B)`, repeats allowed, `B'` may differ from `B`): beam search moves surviving
 *   beams with it, and the loop also uses it to expand a prefilled prompt to `numBeams` or
 *   `numReturnSequences` rows and to drop finished rows. It consumes `state` like `step`; the
 *   loop disposes `indices`.
 * - `disposeState(state)` releases the final state; the loop calls it exactly once, also when a
 *   step throws or the signal aborts.
 *
 * @example
 * ```ts
 * // A GPT whose blocks take a KVCache each (see @glossa/attention's KVCache.reorder):
 * const model: GenerationModel<KVCache[]> = {
 *   initState: () => gpt.blocks.map(() => new KVCache()),
 *   step: ({ inputIds, positions, attentionMask }, caches) => ({
 *     logits: tf.tidy(() => gpt.lastLogits(inputIds, positions, attentionMask, caches)),
 *     state: caches,
 *   }),
 *   reorderState: (caches, indices) => { for (const c of caches) c.reorder(indices); return caches; },
 *   disposeState: (caches) => { for (const c of caches) c.dispose(); },
 * };
 * const out = await generate(model, promptIds, { maxNewTokens: 50, eosTokenId: 50256 });
 * ```
 */
export interface GenerationModel<S = unknown> {
  /** The state of an empty prefix for `batchSize` rows. */
  initState(batchSize: number): S | Promise<S>;
  /** Feeds new tokens; returns next-token logits `[B, V]` and the new state. */
  step(input: StepInput, state: S): StepOutput<S> | Promise<StepOutput<S>>;
  /** Gathers the state's rows: row `i` of the result is row `indices[i]` of `state`. */
  reorderState(state: S, indices: tf.Tensor1D): S;
  /** Releases every tensor the state holds. */
  disposeState(state: S): void;
}
