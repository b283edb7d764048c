// n-gram vs LSTM vs GPT on the same text: the quick-start demo's models and loop (apps/demo-node:
// its factories, `runNgram` and `runNeural`), scaled for a browser tab and run on the bundled
// 64 KB Tiny Shakespeare excerpt, split 90/10 at a line end. Each model reports as it finishes.
import { CharVocab } from '@glossa/demo-node/src/data.mjs';
import { createGPT } from '@glossa/demo-node/src/models/gpt.mjs';
import { createLSTM } from '@glossa/demo-node/src/models/lstm.mjs';
import { runNgram } from '@glossa/demo-node/src/models/ngram.mjs';
import { runNeural } from '@glossa/demo-node/src/run.mjs';

/** The demo's models, smaller: a wasm thread trains them a few hundred steps in 20 s. */
export const BROWSER_SIZES = {
  lstm: { hiddenSize: 128, embeddingDim: 32, length: 64, batchSize: 16 },
  gpt: { nLayer: 2, nHead: 4, nEmbd: 64, context: 64, batchSize: 16, warmup: 20 },
};
const NEURAL = { lstm: createLSTM, gpt: createGPT };

/** The text cut at the line end nearest 90% of it: training part, validation part. */
export function splitText(text, fraction = 0.9) {
  const cut = text.indexOf('\n', Math.floor(text.length * fraction)) + 1 || text.length;
  return { train: text.slice(0, cut), valid: text.slice(cut) };
}

/**
 * Trains and scores the three models one after another for the same budget (`seconds` each, or
 * exactly `steps`); `onResult(row)` gets each row as it is ready, `onProgress` the training losses.
 * @returns {Promise<object[]>} the rows: key, title, parameters, steps, seconds, nats, sample
 */
export async function compareModels(text, options) {
  const { seconds = 20, steps, seed = 0, order = 5, prompt = 'MENENIUS:', sampleLength = 200 } = options;
  const { train, valid } = splitText(text);
  const vocab = new CharVocab(text);
  const rows = [];
  const ngram = runNgram(train, valid, { order, seed, prompt, sampleLength });
  rows.push(ngram);
  options.onResult?.(ngram);
  for (const key of ['lstm', 'gpt']) {
    const row = await runNeural(NEURAL[key], {
      vocab,
      trainIds: vocab.encode(train),
      validIds: vocab.encode(valid),
      seed,
      steps,
      seconds,
      prompt,
      sampleLength,
      sizes: BROWSER_SIZES[key],
      onProgress: (p) => options.onProgress?.({ model: key, ...p }),
    });
    rows.push(row);
    options.onResult?.(row);
  }
  return rows;
}
