/**
 * RNNLanguageModel: word_language_model parameter names; as core's GenerationModel, step() equals
 * forward() and continues a state exactly, reorderState keeps the chosen rows; core's generate gives
 * the argmax continuation of forward() (greedy, and beam search with one beam), left-padded rows
 * decode as alone, leak-free; a character LSTM learns a periodic text and generate continues it
 * (wasm only, a learning test).
 */
import { Adam, crossEntropy, Generator, generate, type StepInput } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { RNNLanguageModel } from './language-model';

const ids = (rows: number[][]) => tf.tensor2d(rows, [rows.length, (rows[0] as number[]).length], 'int32');
/** What core's loop hands the model (no padding: positions are unused by the RNN). */
const input = (inputIds: tf.Tensor, pastLength: number): StepInput =>
  ({ inputIds, positions: inputIds, attentionMask: null, pastLength }) as StepInput;

/** The reference greedy continuation: the whole sequence through forward() each step, argmax of the last logits. */
async function argmaxContinuation(lm: RNNLanguageModel, prompt: number[], n: number): Promise<number[]> {
  const seq = [...prompt];
  for (let i = 0; i < n; i++) {
    const next = tf.tidy(() => {
      const { logits, state } = lm.forward(ids([seq]));
      lm.disposeState(state);
      return tf.argMax(tf.reshape(tf.slice(logits, [0, seq.length - 1, 0], [1, 1, -1]), [-1]));
    });
    seq.push((await next.data())[0] as number);
    next.dispose();
  }
  return seq.slice(prompt.length);
}

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `RNNLanguageModel on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('uses word_language_model names; step() (core’s contract) continues a state exactly', () =>
        withBackend(b.name, async () => {
          const lm = new RNNLanguageModel({
            vocabSize: 7,
            hiddenSize: 5,
            embeddingDim: 4,
            numLayers: 2,
            generator: new Generator(3),
          });
          expect(Object.keys(lm.stateDict())).toEqual([
            'encoder.weight',
            ...['l0', 'l1'].flatMap((l) => [
              `rnn.weight_ih_${l}`,
              `rnn.weight_hh_${l}`,
              `rnn.bias_ih_${l}`,
              `rnn.bias_hh_${l}`,
            ]),
            'decoder.weight',
            'decoder.bias',
          ]);
          lm.eval();
          const x = ids([
            [1, 2, 3, 4, 5],
            [6, 5, 4, 3, 2],
          ]);
          const full = lm.forward(x);
          const [p, rest] = tf.tidy(() => [tf.slice(x, [0, 0], [-1, 3]), tf.slice(x, [0, 3], [-1, 2])]) as [
            tf.Tensor,
            tf.Tensor,
          ];
          const s1 = await lm.step(input(p, 0), lm.initState(2));
          const s1h = tf.clone(s1.state.h);
          const s2 = await lm.step(input(rest, 3), s1.state);
          // step consumed s1.state (core's contract): its tensors are disposed.
          expect(s1.state.h.isDisposed).toBe(true);
          const [want3, want5] = tf.tidy(() => [
            tf.slice(full.logits, [0, 2, 0], [-1, 1, -1]),
            tf.slice(full.logits, [0, 4, 0], [-1, 1, -1]),
          ]) as [tf.Tensor, tf.Tensor];
          expect(s1.logits.shape).toEqual([2, 7]);
          expect(await maxAbsDiff(s1.logits, await want3.data())).toBeLessThan(1e-5);
          expect(await maxAbsDiff(s2.logits, await want5.data())).toBeLessThan(1e-5);
          expect(await maxAbsDiff(s2.state.h, await full.state.h.data())).toBeLessThan(1e-5);
          const row = tf.tidy(() => tf.slice(s2.state.c as tf.Tensor, [0, 1, 0], [-1, 1, -1]));
          const order = tf.tensor1d([1, 1, 0], 'int32');
          const swapped = lm.reorderState(s2.state, order);
          expect(s2.state.h.isDisposed).toBe(true);
          expect(swapped.h.shape).toEqual([2, 3, 5]);
          const got = tf.tidy(() => tf.slice(swapped.c as tf.Tensor, [0, 0, 0], [-1, 1, -1]));
          expect(await maxAbsDiff(got, await row.data())).toBe(0);
          tf.dispose([x, full.logits, p, rest, s1.logits, s2.logits, want3, want5, row, got, order, s1h]);
          for (const s of [full.state, swapped]) lm.disposeState(s);
          lm.dispose();
        }));

      it('decodes through core’s generate: greedy and one beam are forward()’s argmax; padded rows as alone; no leaks', () =>
        withBackend(b.name, async () => {
          const lm = new RNNLanguageModel({
            vocabSize: 11,
            hiddenSize: 8,
            numLayers: 2,
            generator: new Generator(5),
          });
          lm.eval();
          const prompts = [
            [3, 1, 4, 1, 5],
            [9, 2, 6],
          ];
          const want = await Promise.all(prompts.map((p) => argmaxContinuation(lm, p, 6)));
          const before = tf.memory().numTensors;
          // Row 1 is left-padded (pad id 0 with its mask): it must decode as if alone.
          const batch = ids([prompts[0] as number[], [0, 0, ...(prompts[1] as number[])]]);
          const mask = ids([
            [1, 1, 1, 1, 1],
            [0, 0, 1, 1, 1],
          ]);
          const greedy = await generate(lm, batch, { maxNewTokens: 6, attentionMask: mask });
          const oneBeam = await generate(lm, batch, { maxNewTokens: 6, attentionMask: mask, numBeams: 1 });
          const single = ids([prompts[0] as number[]]);
          const beams = await generate(lm, single, { maxNewTokens: 6, numBeams: 3 });
          const rows = (await greedy.array()).map((r) => r.slice(5));
          expect(rows).toEqual(want);
          expect((await oneBeam.array()).map((r) => r.slice(5))).toEqual(want);
          expect(beams.shape).toEqual([1, 11]);
          tf.dispose([greedy, oneBeam, beams, batch, mask, single]);
          expect(tf.memory().numTensors).toBe(before);
          lm.dispose();
        }));

      it.runIf(b.name === 'wasm')(
        'learns a periodic text; core’s generate continues it (learning, wasm)',
        () =>
          withBackend(b.name, async () => {
            const text = 'hello world. '.repeat(12);
            const vocab = [...new Set(text)].sort();
            const enc = [...text].map((ch) => vocab.indexOf(ch));
            const lm = new RNNLanguageModel({
              vocabSize: vocab.length,
              hiddenSize: 32,
              embeddingDim: 16,
              generator: new Generator(0),
            });
            const opt = new Adam({ lr: 0.02, params: lm });
            const T = 24;
            const starts = [0, 5, 11, 17, 29, 40, 61, 77];
            const x = ids(starts.map((s) => enc.slice(s, s + T)));
            const y = ids(starts.map((s) => enc.slice(s + 1, s + T + 1)));
            let last = Number.POSITIVE_INFINITY;
            for (let step = 0; step < 120; step++) {
              const { value, grads } = tf.variableGrads(
                () => crossEntropy(lm.forward(x).logits, y) as tf.Scalar,
              );
              opt.step(grads);
              if (step % 40 === 39) last = (await value.data())[0] as number;
              tf.dispose([value, ...Object.values(grads)]);
            }
            expect(last).toBeLessThan(0.1);
            lm.eval();
            const prompt = ids([[...'hello w'].map((ch) => vocab.indexOf(ch))]);
            const out = await generate(lm, prompt as tf.Tensor2D, { maxNewTokens: 18 });
            const gen = (await out.array())[0]?.slice(7) as number[];
            expect(gen.map((i) => vocab[i]).join('')).toBe('orld. hello world.');
            tf.dispose([x, y, prompt, out]);
            opt.dispose();
            lm.dispose();
          }),
      );
    },
  );
}
