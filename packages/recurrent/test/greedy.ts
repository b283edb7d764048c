// A minimal greedy decoding loop over the StepModel interface, local to the tests until
// @glossa/core's generate() lands (it will drive the same step / reorderState / disposeState).
import * as tf from '@tensorflow/tfjs-core';
import type { StepModel } from '../src/step-model';

/** Feeds `prompt` `[B, T]` and appends `maxNewTokens` argmax tokens per row. */
export async function greedyDecode<S>(
  model: StepModel<S>,
  prompt: tf.Tensor,
  maxNewTokens: number,
): Promise<number[][]> {
  const B = prompt.shape[0] as number;
  const out: number[][] = Array.from({ length: B }, () => []);
  let { logits, state } = model.step(prompt, null);
  for (let i = 0; i < maxNewTokens; i++) {
    const next = tf.tidy(() => tf.reshape(tf.argMax(logits, -1), [B, 1]));
    const ids = await next.data();
    for (let b = 0; b < B; b++) out[b]?.push(ids[b] as number);
    logits.dispose();
    const r = model.step(next, state);
    model.disposeState(state);
    next.dispose();
    ({ logits, state } = r);
  }
  logits.dispose();
  model.disposeState(state);
  return out;
}
