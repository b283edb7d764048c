/**
 * RNNLanguageModel: word_language_model parameter names; step() equals forward() and continues a
 * state exactly; reorderState keeps the chosen rows; a character LSTM learns a periodic text and a
 * greedy loop over step() continues it (wasm only, a learning test); no tensor leaks.
 */
import { Adam, crossEntropy, Generator } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { greedyDecode } from '../test/greedy';
import { RNNLanguageModel } from './language-model';

const ids = (rows: number[][]) => tf.tensor2d(rows, [rows.length, (rows[0] as number[]).length], 'int32');

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `RNNLanguageModel on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('uses word_language_model names and continues a state exactly through step()', () =>
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
          const s1 = lm.step(p, null);
          const s2 = lm.step(rest, s1.state);
          const [want3, want5] = tf.tidy(() => [
            tf.slice(full.logits, [0, 2, 0], [-1, 1, -1]),
            tf.slice(full.logits, [0, 4, 0], [-1, 1, -1]),
          ]) as [tf.Tensor, tf.Tensor];
          expect(s1.logits.shape).toEqual([2, 7]);
          expect(await maxAbsDiff(s1.logits, await want3.data())).toBeLessThan(1e-5);
          expect(await maxAbsDiff(s2.logits, await want5.data())).toBeLessThan(1e-5);
          expect(await maxAbsDiff(s2.state.h, await full.state.h.data())).toBeLessThan(1e-5);
          const swapped = lm.reorderState(s2.state, [1, 1, 0]);
          expect(swapped.h.shape).toEqual([2, 3, 5]);
          const row = tf.tidy(() => tf.slice(s2.state.c as tf.Tensor, [0, 1, 0], [-1, 1, -1]));
          const got = tf.tidy(() => tf.slice(swapped.c as tf.Tensor, [0, 0, 0], [-1, 1, -1]));
          expect(await maxAbsDiff(got, await row.data())).toBe(0);
          tf.dispose([x, full.logits, p, rest, s1.logits, s2.logits, want3, want5, row, got]);
          for (const s of [full.state, s1.state, s2.state, swapped]) lm.disposeState(s);
          lm.dispose();
        }));

      it.runIf(b.name === 'wasm')(
        'learns a periodic text; greedy decoding over step() continues it (learning, wasm)',
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
            const [gen] = await greedyDecode(lm, prompt, 18);
            expect((gen as number[]).map((i) => vocab[i]).join('')).toBe('orld. hello world.');
            tf.dispose([x, y, prompt]);
            opt.dispose();
            lm.dispose();
          }),
      );
    },
  );
}
