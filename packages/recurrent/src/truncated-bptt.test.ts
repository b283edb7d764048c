/**
 * Truncated BPTT: the carried state makes chunked forward passes equal one pass over the whole
 * stream; one truncatedBptt pass with clipping lowers the loss of a long periodic stream (wasm, a
 * learning test); the returned state is the caller's; no tensor leaks.
 */
import { Adam, Generator } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { RNNLanguageModel } from './language-model';
import { disposeRecurrentState } from './recurrent-state';
import { truncatedBptt } from './truncated-bptt';

const periodic = (B: number, N: number) =>
  tf.tensor2d(
    Array.from({ length: B }, (_, b) => Array.from({ length: N }, (_, t) => (t + b) % 5)),
    [B, N],
    'int32',
  );

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `truncatedBptt on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('chunked forward passes with the carried state equal one pass over the stream', () =>
        withBackend(b.name, async () => {
          const lm = new RNNLanguageModel({
            vocabSize: 5,
            hiddenSize: 6,
            rnnType: 'gru',
            numLayers: 2,
            generator: new Generator(1),
          });
          const s = periodic(2, 9);
          const full = lm.forward(s);
          const [a, c] = tf.tidy(() => [tf.slice(s, [0, 0], [-1, 4]), tf.slice(s, [0, 4], [-1, 5])]) as [
            tf.Tensor,
            tf.Tensor,
          ];
          const first = lm.forward(a);
          const second = lm.forward(c, first.state);
          const tail = tf.tidy(() => tf.slice(full.logits, [0, 4, 0], [-1, 5, -1]));
          expect(await maxAbsDiff(second.logits, await tail.data())).toBeLessThan(1e-5);
          tf.dispose([s, a, c, tail, full.logits, first.logits, second.logits]);
          for (const st of [full.state, first.state, second.state]) disposeRecurrentState(st);
          lm.dispose();
        }));

      it.runIf(b.name === 'wasm')(
        'one pass over a long stream in chunks of 16 learns it (learning, wasm)',
        () =>
          withBackend(b.name, async () => {
            const lm = new RNNLanguageModel({ vocabSize: 5, hiddenSize: 16, generator: new Generator(2) });
            const opt = new Adam({ lr: 0.03, params: lm });
            const stream = periodic(4, 400);
            const chunks: number[] = [];
            const { losses, state } = await truncatedBptt({
              model: lm,
              optimizer: opt,
              stream,
              chunkLength: 16,
              clipNorm: 1,
              onChunk: ({ chunk }) => {
                chunks.push(chunk);
              },
            });
            expect(losses).toHaveLength(25); // ceil(399 / 16)
            expect(chunks).toEqual(Array.from({ length: 25 }, (_, i) => i));
            expect(losses[0] as number).toBeGreaterThan(1.4);
            expect(losses[24] as number).toBeLessThan(0.2);
            expect(state.h.shape).toEqual([1, 4, 16]);
            disposeRecurrentState(state);
            stream.dispose();
            opt.dispose();
            lm.dispose();
          }),
      );
    },
  );
}
