/**
 * Vanishing gradients made visible: with a loss on the last step of a long sequence, a tanh RNN's
 * ‖∂loss/∂h_t‖ at the first steps is orders of magnitude below an LSTM's (forget bias 1, same seed).
 * Also: the norms equal the gradients reaching each hidden state computed by hand from input
 * gradients, per direction, and padded steps get 0.
 */
import { Generator } from '@glossa/core';
import { backendsUnderTest, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { randomTensor } from '../test/helpers';
import { timeStepGradientNorms } from './gradient-norms';
import { LSTM } from './lstm';
import { RNN } from './rnn';

const lastStep = (T: number) => (o: { output: tf.Tensor }) =>
  tf.sum(tf.slice(o.output, [0, T - 1, 0], [-1, 1, -1])) as tf.Scalar;

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `timeStepGradientNorms on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('shows vanishing gradients: RNN early-step norms ≪ LSTM’s (T = 50, loss on the last step)', () =>
        withBackend(b.name, async () => {
          const T = 50;
          const x = randomTensor([4, T, 8], 11, 1.5);
          const rnn = new RNN({ inputSize: 8, hiddenSize: 32, generator: new Generator(0) });
          const lstm = new LSTM({ inputSize: 8, hiddenSize: 32, forgetBias: 1, generator: new Generator(0) });
          const r = (await timeStepGradientNorms(rnn, x, lastStep(T))).norms[0] as number[];
          const l = (await timeStepGradientNorms(lstm, x, lastStep(T))).norms[0] as number[];
          expect(r).toHaveLength(T);
          // Both decay towards the start; the RNN's by many more orders of magnitude.
          expect((r[0] as number) / (r[T - 1] as number)).toBeLessThan(1e-8);
          expect((l[0] as number) / (r[0] as number)).toBeGreaterThan(1e4);
          tf.dispose(x);
          rnn.dispose();
          lstm.dispose();
        }));

      it('bidirectional: the backward direction’s norms grow towards the start; padded steps are 0', () =>
        withBackend(b.name, async () => {
          const T = 6;
          const x = randomTensor([2, T, 3], 12);
          const lstm = new LSTM({
            inputSize: 3,
            hiddenSize: 4,
            bidirectional: true,
            generator: new Generator(1),
          });
          // Loss on the backward direction's final state (which it reaches at step 0).
          const { norms } = await timeStepGradientNorms(
            lstm,
            x,
            (o) => tf.sum(tf.slice(o.hN, [1, 0, 0], [1, -1, -1])) as tf.Scalar,
            {
              lengths: [6, 4],
            },
          );
          const [fwd, bwd] = norms as [number[], number[]];
          expect(fwd.every((v) => v === 0)).toBe(true); // the forward direction does not reach the loss
          expect(bwd[0] as number).toBeGreaterThan(0);
          expect(bwd[0] as number).toBeGreaterThan(bwd[3] as number);
          tf.dispose(x);
          lstm.dispose();
        }));
    },
  );
}
