// A small character-level neural language model in the style of Bengio et al. (2003):
// the last T characters are embedded, concatenated and passed through a tanh hidden layer
// that predicts the next character. Built from @glossa/core's Module, Embedding and Linear.
import { Embedding, Linear, Module } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';

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
 * Samples `length` characters after `prompt`, one at a time, at a temperature, with a seeded
 * generator (`rng.uniform()` in [0, 1)); resolves to the text (reads are asynchronous, as webgpu in
 * Node needs).
 * @param {CharMLP} model
 * @param {import('./data.mjs').CharVocab} vocab
 */
export async function sample(model, vocab, { prompt = '\n', length = 200, temperature = 0.8, rng }) {
  const ids = Array.from(vocab.encode(prompt));
  for (let i = 0; i < length; i++) {
    const window = ids.slice(-model.context);
    while (window.length < model.context) window.unshift(0);
    const probsT = tf.tidy(() => {
      const logits = model.forward(tf.tensor2d(window, [1, model.context], 'int32'));
      return tf.softmax(tf.div(logits, temperature));
    });
    // An asynchronous read: webgpu in Node has no synchronous read-back.
    const probs = await probsT.data();
    probsT.dispose();
    let r = rng.uniform();
    let next = probs.length - 1;
    for (let k = 0; k < probs.length; k++) {
      r -= probs[k];
      if (r < 0) {
        next = k;
        break;
      }
    }
    ids.push(next);
  }
  return vocab.decode(ids.slice(vocab.encode(prompt).length));
}
