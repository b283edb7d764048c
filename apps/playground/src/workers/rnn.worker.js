// RNN page worker: how far back a gradient reaches. A tanh RNN and an LSTM (@glossa/recurrent, the
// same sizes and seed) read the same random sequence; the loss is on the last step's output; the
// norm of ∂loss/∂h_t at every step t comes from `timeStepGradientNorms`. Then n-gram vs LSTM vs
// GPT as language models of the same text (lm-compare.js).
import { Generator, useBackend } from '@glossa/core';
import { LSTM, RNN, timeStepGradientNorms } from '@glossa/recurrent';
import * as tf from '@tensorflow/tfjs-core';
import corpusUrl from '../data/corpus.txt?url';
import { compareModels } from './lm-compare.js';
import { fetchText, serve } from './serve.js';

let backend = null;
const ready = () => (backend ??= useBackend('wasm', { verbose: false }));
let corpus = null;

serve({
  async backend() {
    const info = await ready();
    return { name: info.name, threads: info.threads ?? null, reason: info.reason };
  },
  /** Norms per time step for the RNN and the LSTM; `scale` multiplies the recurrent weights. */
  async norms({ steps = 50, hidden = 32, scale = 1, seed = 0 }) {
    await ready();
    const x = tf.randomNormal([4, steps, 8], 0, 1, 'float32', seed);
    const out = {};
    for (const [name, Layer] of [
      ['RNN', RNN],
      ['LSTM', LSTM],
    ]) {
      const layer = new Layer({ inputSize: 8, hiddenSize: hidden, generator: new Generator(seed) });
      if (scale !== 1) {
        for (const [key, p] of layer.namedParameters()) {
          if (key.includes('weight_hh')) {
            const scaled = tf.mul(p, scale);
            p.assign(scaled);
            scaled.dispose();
          }
        }
      }
      const { norms, loss } = await timeStepGradientNorms(layer, x, ({ output }) =>
        tf.sum(tf.slice(output, [0, steps - 1, 0], [-1, 1, -1])),
      );
      out[name] = { norms: norms[0], loss };
      layer.dispose();
    }
    x.dispose();
    return { ...out, tensors: tf.memory().numTensors };
  },
  /** The three language models for `seconds` each (or `steps`); progress: { kind: 'step' | 'result', … }. */
  async compare({ seconds = 20, steps, seed = 0 }, progress) {
    await ready();
    corpus ??= fetchText(corpusUrl, (p) => progress({ kind: 'corpus', phase: 'corpus', ...p }));
    const text = await corpus;
    const before = tf.memory().numTensors;
    const rows = await compareModels(text, {
      seconds,
      steps,
      seed,
      onProgress: (p) => progress({ kind: 'step', ...p }),
      onResult: (row) => progress({ kind: 'result', row }),
    });
    return { rows, leaked: tf.memory().numTensors - before };
  },
});
