// The recurrent step: a character LSTM language model from @glossa/recurrent (embedding 64 →
// LSTM 256 → linear over the characters), trained with Adam on the same 64-character windows as the
// GPT, each window from a zero state, gradient clipping 1.0. The sizes can be given smaller (the
// playground's #/rnn page trains it in a browser tab).
import { Adam, crossEntropy, Generator } from '@glossa/core';
import { disposeRecurrentState, RNNLanguageModel } from '@glossa/recurrent';
import * as tf from '@tensorflow/tfjs-core';
import { consecutiveWindows, makeWindowBatcher } from '../data.mjs';
import { sequenceLoss } from '../train.mjs';

export function createLSTM({
  vocabSize,
  seed,
  hiddenSize = 256,
  embeddingDim = 64,
  length = 64,
  batchSize = 32,
}) {
  const model = new RNNLanguageModel({
    vocabSize,
    hiddenSize,
    embeddingDim,
    numLayers: 1,
    generator: new Generator(seed),
  });
  const logitsOf = (ids) =>
    tf.tidy(() => {
      const { logits, state } = model.forward(ids);
      disposeRecurrentState(state);
      return logits;
    });
  return {
    key: 'lstm',
    title: `LSTM, 1 layer × ${hiddenSize} (@glossa/recurrent)`,
    model,
    optimizer: new Adam({ lr: 4e-3, params: model }),
    lr: 4e-3,
    warmup: 0,
    clipNorm: 1,
    batchSize,
    tokensPerBatch: batchSize * length,
    batcher: (ids, rng) => makeWindowBatcher(ids, length, rng),
    lossOf: ({ x, y }) =>
      tf.tidy(() => {
        const B = x.length / length;
        return crossEntropy(
          logitsOf(tf.tensor2d(x, [B, length], 'int32')),
          tf.tensor2d(y, [B, length], 'int32'),
        );
      }),
    evaluate: (ids) => sequenceLoss(logitsOf, consecutiveWindows(ids, length), length),
    // RNNLanguageModel is a core GenerationModel (its state is the recurrent { h, c }): generate drives it.
    generator: model,
  };
}
