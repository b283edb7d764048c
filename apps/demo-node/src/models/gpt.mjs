// The Transformer: nanoGPT's CPU "baby GPT" (4 layers, 4 heads, width 128, context 64, no bias,
// no dropout) from @glossa/transformers, trained with AdamW (β2 0.99, weight decay 0.1 on matrices),
// warm-up then cosine, gradient clipping 1.0 — the settings of bench/gpt-shakespeare.bench.mjs.
// The sizes can be given smaller (the playground's #/rnn page trains it in a browser tab).
import { AdamW, decayMatricesOnly, Generator } from '@glossa/core';
import { GPT } from '@glossa/transformers';
import * as tf from '@tensorflow/tfjs-core';
import { consecutiveWindows, makeWindowBatcher } from '../data.mjs';
import { sequenceLoss } from '../train.mjs';

export function createGPT({
  vocabSize,
  seed,
  nLayer = 4,
  nHead = 4,
  nEmbd = 128,
  context = 64,
  batchSize = 12,
  warmup = 100,
}) {
  const model = new GPT(
    { vocabSize, blockSize: context, nLayer, nHead, nEmbd, bias: false, dropout: 0 },
    { generator: new Generator(seed) },
  );
  return {
    key: 'gpt',
    title: `GPT, ${nLayer} layers × ${nEmbd}, ${nHead} heads (@glossa/transformers)`,
    model,
    optimizer: new AdamW({
      lr: 1e-3,
      betas: [0.9, 0.99],
      weightDecay: 0.1,
      decayMask: decayMatricesOnly,
      params: model,
    }),
    lr: 1e-3,
    warmup,
    clipNorm: 1,
    batchSize,
    tokensPerBatch: batchSize * context,
    batcher: (ids, rng) => makeWindowBatcher(ids, context, rng),
    lossOf: ({ x, y }) =>
      tf.tidy(() => {
        const B = x.length / context;
        return model.forward(tf.tensor2d(x, [B, context], 'int32'), {
          targets: tf.tensor2d(y, [B, context], 'int32'),
        }).loss;
      }),
    evaluate: (ids) =>
      sequenceLoss((x) => model.forward(x).logits, consecutiveWindows(ids, context), context),
    generator: model,
    window: context,
  };
}
