#!/usr/bin/env node
// A character-level LSTM language model on Tiny Shakespeare, trained with truncated BPTT on wasm for a
// fixed wall-clock budget, then evaluated on the validation split (nats/char) and sampled from.
// Not a test (not run by CI). Needs `pnpm build` first.
//
//   node packages/recurrent/examples/char-lstm.mjs
//   MINUTES=9 HIDDEN=256 LAYERS=1 BATCH=32 CHUNK=64 LR=0.004 node packages/recurrent/examples/char-lstm.mjs
//
// Data: ../shared/data/tinyshakespeare.{train,valid}.txt (or GLOSSA_DATA_DIR); says so when missing.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Adam, crossEntropy, Generator, generate, useBackend } from '@glossa/core';
import { disposeRecurrentState, RNNLanguageModel, truncatedBptt } from '@glossa/recurrent';
import * as tf from '@tensorflow/tfjs-core';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = process.env.GLOSSA_DATA_DIR ?? resolve(here, '../../../../shared/data');
const files = ['train', 'valid'].map((s) => join(dataDir, `tinyshakespeare.${s}.txt`));
const missing = files.filter((f) => !existsSync(f));
if (missing.length) {
  console.log(
    `Tiny Shakespeare not found (${missing.join(', ')}): set GLOSSA_DATA_DIR to the folder holding it.`,
  );
  process.exit(0);
}
const env = (k, d) => Number(process.env[k] ?? d);
const MINUTES = env('MINUTES', 9);
const [H, L, B, K, LR] = [
  env('HIDDEN', 256),
  env('LAYERS', 1),
  env('BATCH', 32),
  env('CHUNK', 64),
  env('LR', 0.004),
];

const info = await useBackend('wasm', { verbose: false });
const [train, valid] = files.map((f) => readFileSync(f, 'utf8'));
const vocab = [...new Set(train + valid)].sort();
const index = new Map(vocab.map((c, i) => [c, i]));
/** The text as B parallel streams (row b = the b-th contiguous part), int32 [B, N]. */
const streams = (text, rows) => {
  const n = Math.floor(text.length / rows);
  const ids = new Int32Array(rows * n);
  for (let b = 0; b < rows; b++) for (let t = 0; t < n; t++) ids[b * n + t] = index.get(text[b * n + t]);
  return tf.tensor2d(ids, [rows, n], 'int32');
};
const trainIds = streams(train, B);
const N = trainIds.shape[1];

const lm = new RNNLanguageModel({
  vocabSize: vocab.length,
  hiddenSize: H,
  embeddingDim: 64,
  numLayers: L,
  generator: new Generator(0),
});
const opt = new Adam({ lr: LR, params: lm });
console.log(
  `char LSTM: vocab ${vocab.length}, hidden ${H}, layers ${L}, ${lm.numParameters()} parameters; batch ${B} streams × ${N} chars, chunks of ${K}; wasm ${info.threads} thread(s); ${MINUTES} min budget`,
);

/** Mean nats/char over `text` (B streams, state carried across chunks, no gradients). */
async function evaluate(text) {
  lm.eval();
  const ids = streams(text, 8);
  const n = ids.shape[1];
  let state = null;
  let total = 0;
  let count = 0;
  for (let s = 0; s < n - 1; s += 256) {
    const k = Math.min(256, n - 1 - s);
    const { loss, next } = tf.tidy(() => {
      const out = lm.forward(tf.slice(ids, [0, s], [-1, k]), state);
      return { loss: crossEntropy(out.logits, tf.slice(ids, [0, s + 1], [-1, k])), next: out.state };
    });
    total += (await loss.data())[0] * k;
    count += k;
    loss.dispose();
    disposeRecurrentState(state);
    state = next;
  }
  disposeRecurrentState(state);
  ids.dispose();
  lm.train();
  return total / count;
}

/** Samples `n` characters after `prompt` (temperature 0.8) with core's generation loop. */
async function sample(prompt, n, seed = 1) {
  lm.eval();
  const ids = tf.tensor2d([[...prompt].map((c) => index.get(c))], [1, prompt.length], 'int32');
  const out = await generate(lm, ids, { maxNewTokens: n, doSample: true, temperature: 0.8, seed });
  const row = (await out.array())[0].slice(prompt.length);
  tf.dispose([ids, out]);
  lm.train();
  return row.map((i) => vocab[i]).join('');
}

const started = performance.now();
const budget = MINUTES * 60_000;
let state = null;
let pos = 0;
let epoch = 0;
let chars = 0;
const SEGMENT = 16 * K; // report every 16 chunks
while (performance.now() - started < budget) {
  if (pos >= N - 1) {
    pos = 0;
    epoch++;
    disposeRecurrentState(state);
    state = null;
  }
  const len = Math.min(SEGMENT + 1, N - pos);
  const seg = tf.slice(trainIds, [0, pos], [-1, len]);
  // Halve the learning rate over the budget (linear), a cheap schedule that helps at the end.
  opt.lr = LR * (1 - 0.5 * Math.min(1, (performance.now() - started) / budget));
  const r = await truncatedBptt({
    model: lm,
    optimizer: opt,
    stream: seg,
    chunkLength: K,
    clipNorm: 5,
    state,
  });
  seg.dispose();
  disposeRecurrentState(state);
  state = r.state;
  pos += len - 1;
  chars += (len - 1) * B;
  const secs = (performance.now() - started) / 1000;
  const mean = r.losses.reduce((a, b) => a + b, 0) / r.losses.length;
  console.log(
    `epoch ${epoch} ${((100 * pos) / N).toFixed(1)}%  train ${mean.toFixed(3)} nats/char  ${(chars / secs).toFixed(0)} chars/s  ${secs.toFixed(0)} s`,
  );
}
disposeRecurrentState(state);
const val = await evaluate(valid);
const secs = (performance.now() - started) / 1000;
console.log(
  `\nvalidation: ${val.toFixed(3)} nats/char (${(val / Math.LN2).toFixed(3)} bits/char) after ${secs.toFixed(0)} s, ${chars} training chars`,
);
console.log(`\n--- sample (temperature 0.8) ---\nROMEO:${await sample('ROMEO:', 400)}`);
trainIds.dispose();
opt.dispose();
lm.dispose();
