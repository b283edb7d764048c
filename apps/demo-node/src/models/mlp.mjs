// A small character-level neural language model in the style of Bengio et al. (2003):
// the last T characters are embedded, concatenated and passed through a tanh hidden layer
// that predicts the next character. Built from @glossa/core's Module, Embedding and Linear.
import { Adam, crossEntropy, Embedding, Linear, Module, manualSeed } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { allExamples, makeBatcher } from '../data.mjs';

export class CharMLP extends Module {
  /**
   * @param {{ vocabSize: number, context: number, embedDim?: number, hidden?: number }} options
   *   embedDim defaults to 24, hidden to 256.
   */
  constructor({ vocabSize, context, embedDim = 24, hidden = 256 }) {
    super();
    this.context = context;
    this.embedDim = embedDim;
    this.embed = this.registerModule(
      'embed',
      new Embedding({ numEmbeddings: vocabSize, embeddingDim: embedDim }),
    );
    this.hidden = this.registerModule(
      'hidden',
      new Linear({ inFeatures: context * embedDim, outFeatures: hidden }),
    );
    this.out = this.registerModule('out', new Linear({ inFeatures: hidden, outFeatures: vocabSize }));
  }

  /**
   * @param {tf.Tensor} ids `[B, T]` int32 character ids
   * @returns {tf.Tensor} logits `[B, V]`
   */
  forward(ids) {
    return tf.tidy(() => {
      const [batch] = ids.shape;
      const x = this.embed.forward(ids).reshape([batch, this.context * this.embedDim]);
      return this.out.forward(tf.tanh(this.hidden.forward(x)));
    });
  }
}

/**
 * The MLP as core's `GenerationModel`: its state is the window of the last `context` ids per row
 * (`[B, T]` int32, zeros — the padding id of training — before the text starts).
 * @param {CharMLP} model
 */
export function mlpGenerationModel(model) {
  const T = model.context;
  return {
    initState: (batch) => tf.zeros([batch, T], 'int32'),
    step: ({ inputIds }, window) => {
      const next = tf.tidy(() => {
        const all = tf.concat([window, inputIds], 1);
        return tf.slice(all, [0, all.shape[1] - T], [-1, T]);
      });
      window.dispose();
      return { logits: model.forward(next), state: next };
    },
    reorderState: (window, indices) => {
      const next = tf.gather(window, indices);
      window.dispose();
      return next;
    },
    disposeState: (window) => window.dispose(),
  };
}

/** Mean nats/char over every character of `ids` after the first, in chunks (asynchronous reads). */
async function evaluateMLP(model, ids, chunk = 4096) {
  const T = model.context;
  const { contexts, targets } = allExamples(ids, T);
  let total = 0;
  for (let start = 0; start < targets.length; start += chunk) {
    const end = Math.min(targets.length, start + chunk);
    const sum = tf.tidy(() =>
      crossEntropy(
        model.forward(tf.tensor2d(contexts.subarray(start * T, end * T), [end - start, T], 'int32')),
        tf.tensor1d(targets.subarray(start, end), 'int32'),
        { reduction: 'sum' },
      ),
    );
    total += (await sum.data())[0];
    sum.dispose();
  }
  return total / targets.length;
}

export function createMLP({ vocabSize, seed, context = 16 }) {
  manualSeed(seed);
  const model = new CharMLP({ vocabSize, context });
  const batchSize = 128;
  return {
    key: 'mlp',
    title: `MLP, ${context} chars → 24-d embeddings → tanh 256 (Bengio et al. 2003)`,
    model,
    optimizer: new Adam({ lr: 3e-3, params: model }),
    lr: 3e-3,
    warmup: 0,
    clipNorm: undefined,
    batchSize,
    tokensPerBatch: batchSize,
    batcher: (ids, rng) => makeBatcher(ids, context, rng),
    lossOf: ({ contexts, targets }) =>
      tf.tidy(() =>
        crossEntropy(
          model.forward(tf.tensor2d(contexts, [targets.length, context], 'int32')),
          tf.tensor1d(targets, 'int32'),
        ),
      ),
    evaluate: (ids) => evaluateMLP(model, ids),
    generator: mlpGenerationModel(model),
  };
}
