/**
 * Attention of a decoder step over a fixed encoder memory, with the attention module's parameters
 * but without its per-call key projection: decoding calls attention once per target step against
 * the same keys, and `attention.forward` would project all `S` keys again each time (for a 256-wide
 * decoder over a 512-wide bidirectional memory that product costs as much as the rest of the step).
 *
 * - Additive (Bahdanau): `W_k·h_s` is computed once per source ({@link projectMemory}) and kept in
 *   the decoding state; each step adds `W_q·s` and applies `w_vᵀ tanh(·)`.
 * - Luong `general`: `sᵀ(W_a h_s) = (W_aᵀ s)ᵀ h_s` (no bias), so each step projects the query
 *   (`[N, Dq] × [Dq, Dk]`) instead of the keys; nothing is kept. `dot` needs no projection.
 * - Anything else (Luong `concat`, local attention) goes through `attention.forward` unchanged.
 */
import { AdditiveAttention, type LuongAttention, maskedSoftmax } from '@glossa/attention';
import type { Linear } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';

type RnnAttention = AdditiveAttention | LuongAttention;

/** The per-source key projection a step reuses (`[N, S, A]`), or `null` when none is needed. */
export function projectMemory(attention: RnnAttention, memory: tf.Tensor): tf.Tensor | null {
  return attention instanceof AdditiveAttention ? attention.W_k.forward(memory) : null;
}

/**
 * Context `[N, Dk]` and weights `[N, S]` for queries `[N, Dq]`: the same values as
 * `attention.forward({ query: [N, 1, Dq], key: memory, keyPaddingMask: mask })`.
 * @param keys `projectMemory(attention, memory)`
 * @param mask `[N, S]` bool, `true` = padding
 */
export function attendMemory(
  attention: RnnAttention,
  query: tf.Tensor,
  memory: tf.Tensor,
  keys: tf.Tensor | null,
  mask: tf.Tensor | null,
): { context: tf.Tensor; weights: tf.Tensor } {
  return tf.tidy(() => {
    const [N, S] = memory.shape as [number, number, number];
    let scores: tf.Tensor | null = null; // [N, 1, S]
    if (attention instanceof AdditiveAttention && keys) {
      const q = tf.expandDims(attention.W_q.forward(query), 1); // [N, 1, A]
      scores = tf.reshape(attention.w_v.forward(tf.tanh(tf.add(keys, q))), [N, 1, S]);
    } else if (!(attention instanceof AdditiveAttention) && !attention.local) {
      if (attention.score === 'dot') scores = tf.matMul(tf.expandDims(query, 1), memory, false, true);
      if (attention.score === 'general') {
        const q = tf.matMul(query, (attention.W_a as Linear).weight); // W_aᵀ s, as a row: [N, Dk]
        scores = tf.matMul(tf.expandDims(q, 1), memory, false, true);
      }
    }
    if (!scores) {
      const r = attention.forward({
        query: tf.expandDims(query, 1),
        key: memory,
        ...(mask ? { keyPaddingMask: mask } : {}),
      });
      return { context: tf.squeeze(r.output, [1]), weights: tf.squeeze(r.weights, [1]) };
    }
    const weights = maskedSoftmax(scores, mask ? tf.reshape(mask, [N, 1, S]) : undefined);
    return { context: tf.squeeze(tf.matMul(weights, memory), [1]), weights: tf.reshape(weights, [N, S]) };
  });
}
