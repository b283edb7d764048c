// The demo's models decode through core's `generate`: the adapters that make the MLP and the LSTM
// `GenerationModel`s give the tokens that stepping the models by hand gives.
import { generate, useBackend } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLSTM } from '../src/models/lstm.mjs';
import { createMLP } from '../src/models/mlp.mjs';

beforeAll(async () => {
  await useBackend('cpu');
});

/** Greedy continuation by hand: argmax of `nextLogits(prefix)` appended, `n` times. */
async function byHand(nextLogits: (ids: number[]) => tf.Tensor, prompt: number[], n: number) {
  const ids = [...prompt];
  for (let i = 0; i < n; i++) {
    const next = tf.tidy(() => tf.argMax(nextLogits(ids).reshape([-1])));
    ids.push((await next.data())[0]!);
    next.dispose();
  }
  return ids;
}

describe('generation adapters', () => {
  it('MLP: greedy generate equals argmax over the zero-padded window, and leaks nothing', async () => {
    const m = createMLP({ vocabSize: 11, seed: 3, context: 4 });
    const prompt = [5, 2];
    const expected = await byHand(
      (ids) => {
        const w = ids.slice(-4);
        while (w.length < 4) w.unshift(0);
        return m.model.forward(tf.tensor2d([w], [1, 4], 'int32'));
      },
      prompt,
      6,
    );
    const before = tf.memory().numTensors;
    const input = tf.tensor2d([prompt], [1, 2], 'int32');
    const out = await generate(m.generator, input, { maxNewTokens: 6 });
    expect(Array.from(await out.data())).toEqual(expected);
    input.dispose();
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    m.optimizer.dispose();
    m.model.dispose();
  });

  it('LSTM: greedy generate (with a 2-beam search too) equals running the whole prefix, and leaks nothing', async () => {
    const m = createLSTM({ vocabSize: 9, seed: 4 });
    const prompt = [1, 7, 3];
    const expected = await byHand(
      (ids) => {
        const { logits, state } = m.model.forward(tf.tensor2d([ids], [1, ids.length], 'int32'));
        state.h.dispose();
        state.c?.dispose();
        return tf.slice(logits, [0, ids.length - 1, 0], [1, 1, -1]);
      },
      prompt,
      5,
    );
    const before = tf.memory().numTensors;
    const input = tf.tensor2d([prompt], [1, 3], 'int32');
    const out = await generate(m.generator, input, { maxNewTokens: 5 });
    expect(Array.from(await out.data())).toEqual(expected);
    const beams = await generate(m.generator, input, { maxNewTokens: 5, numBeams: 2 });
    expect(beams.shape).toEqual([1, 8]);
    input.dispose();
    out.dispose();
    beams.dispose();
    expect(tf.memory().numTensors).toBe(before);
    m.optimizer.dispose();
    m.model.dispose();
  });
});
