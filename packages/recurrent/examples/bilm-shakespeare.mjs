#!/usr/bin/env node
// An ELMo-style character biLM (`BiLM`: forward and backward LSTM LMs sharing the embedding and the
// softmax) trained on Tiny Shakespeare on wasm for a wall-clock budget — both directions at once, on
// the mean of their losses — then the forward and the backward perplexities (per character, e^nats)
// on the validation split, each printed separately. Not a test (not run by CI). Needs `pnpm build`.
//
//   nice -n 10 node packages/recurrent/examples/bilm-shakespeare.mjs
//   MINUTES=8 HIDDEN=128 LAYERS=2 BATCH=32 WINDOW=128 LR=0.004 node packages/recurrent/examples/bilm-shakespeare.mjs
//
// Training: windows of WINDOW characters at seeded random offsets of tinyshakespeare.train.txt (each
// window is one sequence, as ELMo trains on sentences: no state carried between windows), Adam with
// the learning rate halved linearly over the budget, global-norm clipping at 5. Evaluation: the
// validation text cut into consecutive windows of EVAL_WINDOW characters (default 256); the forward
// LM predicts characters 2..n of each window from what precedes them in it, the backward LM
// characters 1..n−1 from what follows — so each direction is scored on the same number of characters
// with the same amount of context, and a window's first predictions have little context.
// Data: ../shared/data/tinyshakespeare.{train,valid}.txt (or GLOSSA_DATA_DIR); says so when missing.
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Adam, clipGradNorm, crossEntropy, Generator, useBackend } from '@glossa/core';
import { BiLM } from '@glossa/recurrent';
import * as tf from '@tensorflow/tfjs-core';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = process.env.GLOSSA_DATA_DIR ?? resolve(here, '../../../../shared/data');
const files = ['train', 'valid'].map((s) => join(dataDir, `tinyshakespeare.${s}.txt`));
if (files.some((f) => !existsSync(f))) {
  console.log(`Tiny Shakespeare not found in ${dataDir}: set GLOSSA_DATA_DIR to the folder holding it.`);
  process.exit(0);
}
const env = (k, d) => Number(process.env[k] ?? d);
const S = {
  minutes: env('MINUTES', 8),
  hidden: env('HIDDEN', 128),
  layers: env('LAYERS', 2),
  batch: env('BATCH', 32),
  window: env('WINDOW', 128),
  evalWindow: env('EVAL_WINDOW', 256),
  lr: env('LR', 0.004),
  seed: env('SEED', 0),
};

const info = await useBackend('wasm', { verbose: false, threads: env('THREADS', 1) });
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const [train, valid] = files.map((f) => readFileSync(f, 'utf8'));
const vocab = [...new Set(train + valid)].sort();
const index = new Map(vocab.map((c, i) => [c, i]));
const encode = (text) => Int32Array.from(text, (c) => index.get(c));
const trainIds = encode(train);
const validIds = encode(valid);

const generator = new Generator(S.seed);
const bilm = new BiLM({
  vocabSize: vocab.length,
  hiddenSize: S.hidden,
  numLayers: S.layers,
  generator,
});
const opt = new Adam({ lr: S.lr, params: bilm });
console.log(
  `char biLM: ${cpu}, wasm ${info.threads} thread; load ${loadavg()[0].toFixed(1)}; vocab ${vocab.length}, ${bilm.numParameters()} parameters; settings ${JSON.stringify(S)}`,
);

/** Forward and backward mean nats/char on the validation windows (no gradients). */
async function evaluate() {
  bilm.eval();
  const W = S.evalWindow;
  const rows = Math.floor(validIds.length / W);
  const sums = { forward: 0, backward: 0 };
  let count = 0;
  for (let r = 0; r < rows; r += 32) {
    const n = Math.min(32, rows - r);
    const losses = tf.tidy(() => {
      const x = tf.tensor2d(validIds.subarray(r * W, (r + n) * W), [n, W], 'int32');
      const { forwardLogits, backwardLogits } = bilm.forward(x);
      // Forward: positions 0..W−2 predict 1..W−1; backward: positions 1..W−1 predict 0..W−2.
      const fwd = crossEntropy(
        tf.slice(forwardLogits, [0, 0, 0], [-1, W - 1, -1]),
        tf.slice(x, [0, 1], [-1, -1]),
      );
      const bwd = crossEntropy(
        tf.slice(backwardLogits, [0, 1, 0], [-1, -1, -1]),
        tf.slice(x, [0, 0], [-1, W - 1]),
      );
      return tf.stack([fwd, bwd]);
    });
    const [f, b] = await losses.data();
    losses.dispose();
    sums.forward += f * n * (W - 1);
    sums.backward += b * n * (W - 1);
    count += n * (W - 1);
  }
  bilm.train();
  return { forward: sums.forward / count, backward: sums.backward / count, chars: count };
}

const started = performance.now();
const cpu0 = process.cpuUsage();
const budget = S.minutes * 60_000;
let step = 0;
let chars = 0;
bilm.train();
while (performance.now() - started < budget) {
  const batch = new Int32Array(S.batch * S.window);
  for (let b = 0; b < S.batch; b++) {
    const at = generator.int(trainIds.length - S.window);
    batch.set(trainIds.subarray(at, at + S.window), b * S.window);
  }
  opt.lr = S.lr * (1 - 0.5 * Math.min(1, (performance.now() - started) / budget));
  const x = tf.tensor2d(batch, [S.batch, S.window], 'int32');
  const { value, grads } = tf.variableGrads(() => bilm.loss(x));
  const { grads: clipped, totalNorm } = clipGradNorm(grads, 5);
  opt.step(clipped);
  const loss = (await value.data())[0];
  tf.dispose([x, value, totalNorm, ...Object.values(grads), ...Object.values(clipped)]);
  step++;
  chars += S.batch * S.window;
  if (step % 20 === 0) {
    const secs = (performance.now() - started) / 1000;
    console.log(
      `step ${step}  train ${loss.toFixed(3)} nats/char (mean of both directions)  ${(chars / secs).toFixed(0)} chars/s  ${secs.toFixed(0)} s  load ${loadavg()[0].toFixed(1)}`,
    );
  }
}
const trainSecs = (performance.now() - started) / 1000;
const { user, system } = process.cpuUsage(cpu0);
const val = await evaluate();
console.log(
  `trained ${step} steps (${chars} characters, ${(chars / trainIds.length).toFixed(2)} epochs) in ${(trainSecs / 60).toFixed(1)} min, ${((user + system) / 1e6).toFixed(0)} CPU-s; load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(
  `validation (${val.chars} characters, windows of ${S.evalWindow}): forward ${val.forward.toFixed(3)} nats/char = perplexity ${Math.exp(val.forward).toFixed(2)}; backward ${val.backward.toFixed(3)} nats/char = perplexity ${Math.exp(val.backward).toFixed(2)}`,
);
