#!/usr/bin/env node
// glossa quick-start demo: trains a small character-level neural language model on a bundled
// slice of Tiny Shakespeare with @glossa/core, prints the loss falling and text sampled before
// and after, then compares with a Kneser-Ney character n-gram model from @glossa/ngram.
//
//   pnpm --filter @glossa/demo-node start --steps 1000 --backend auto --seed 0   (npm run demo -- --steps … from the root)
import { parseArgs } from 'node:util';
import { Adam, crossEntropy, fit, Generator, manualSeed, useBackend } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { allExamples, CharVocab, loadCorpus, makeBatcher, splitText } from './data.mjs';
import { CharMLP, sample } from './model.mjs';
import { ngramBaseline } from './ngram-baseline.mjs';

const HELP = `usage: node src/main.mjs [options]
  --steps N        training steps (default 1000)
  --backend NAME   auto | wasm | cpu | webgpu (default auto)
  --seed N         seed for initialisation, batches and sampling (default 0)
  --batch N        examples per step (default 128)
  --context N      characters of context (default 16)
  --lr X           Adam learning rate (default 0.003)
  --sample N       characters to sample before and after training (default 240)
  --no-ngram       skip the n-gram baseline
  --help`;

function options() {
  const { values } = parseArgs({
    options: {
      steps: { type: 'string', default: '1000' },
      backend: { type: 'string', default: 'auto' },
      seed: { type: 'string', default: '0' },
      batch: { type: 'string', default: '128' },
      context: { type: 'string', default: '16' },
      lr: { type: 'string', default: '0.003' },
      sample: { type: 'string', default: '240' },
      'no-ngram': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const int = (name, min) => {
    const v = Number(values[name]);
    if (!Number.isInteger(v) || v < min)
      throw new Error(`--${name}: expected an integer >= ${min}, received ${values[name]}`);
    return v;
  };
  const lr = Number(values.lr);
  if (!(lr > 0)) throw new Error(`--lr: expected a positive number, received ${values.lr}`);
  if (!['auto', 'wasm', 'cpu', 'webgpu'].includes(values.backend)) {
    throw new Error(`--backend: expected auto, wasm, cpu or webgpu, received ${values.backend}`);
  }
  return {
    steps: int('steps', 0),
    backend: values.backend,
    seed: int('seed', 0),
    batch: int('batch', 1),
    context: int('context', 1),
    lr,
    sampleLength: int('sample', 0),
    ngram: !values['no-ngram'],
  };
}

const indent = (text) =>
  text
    .split('\n')
    .map((l) => `    | ${l}`)
    .join('\n');

/**
 * Mean cross-entropy (nats per character) of the model over fixed examples, in chunks. Reads are
 * asynchronous (`await t.data()`): webgpu in Node has no synchronous read-back.
 */
async function evaluate(model, examples, context, chunk = 2048) {
  let total = 0;
  const n = examples.targets.length;
  for (let start = 0; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    const sum = tf.tidy(() => {
      const x = tf.tensor2d(
        examples.contexts.subarray(start * context, end * context),
        [end - start, context],
        'int32',
      );
      const y = tf.tensor1d(examples.targets.subarray(start, end), 'int32');
      return crossEntropy(model.forward(x), y, { reduction: 'sum' });
    });
    total += (await sum.data())[0];
    sum.dispose();
  }
  return total / n;
}

async function main() {
  const opts = options();
  const started = performance.now();
  const info = await useBackend(opts.backend);
  console.log(`glossa demo: a character-level neural language model on Tiny Shakespeare`);
  console.log(`backend: ${info.name}`);

  const text = loadCorpus();
  const vocab = new CharVocab(text);
  const { train, valid } = splitText(text, 0.9);
  const trainIds = vocab.encode(train);
  const validIds = vocab.encode(valid);
  console.log(
    `data: ${text.length.toLocaleString('en')} characters (${train.length.toLocaleString('en')} train, ` +
      `${valid.length.toLocaleString('en')} validation), vocabulary of ${vocab.size} characters`,
  );

  manualSeed(opts.seed);
  const model = new CharMLP({ vocabSize: vocab.size, context: opts.context });
  const optimizer = new Adam({ lr: opts.lr, params: model });
  const batchRng = new Generator(opts.seed + 1);
  const batches = makeBatcher(trainIds, opts.context, batchRng);
  // A fixed 4,096-character stretch of the validation text keeps each evaluation cheap.
  const validSet = allExamples(validIds, opts.context, 0, 4096);
  console.log(
    `model: CharMLP (context ${opts.context} → embedding ${model.embedDim} → tanh ${model.hidden.outFeatures} → ${vocab.size}), ` +
      `${model.numParameters().toLocaleString('en')} parameters; Adam lr ${opts.lr}, batch ${opts.batch}, ${opts.steps} steps`,
  );
  console.log(`uniform guess: ${Math.log(vocab.size).toFixed(3)} nats/char`);

  const before = await sample(model, vocab, { length: opts.sampleLength, rng: new Generator(opts.seed + 2) });
  if (opts.sampleLength > 0) console.log(`\nsample before training:\n${indent(before)}\n`);

  // Training uses @glossa/core's `fit`: batches -> cross-entropy -> gradients -> Adam, with an
  // evaluation on the validation characters every `every` steps.
  const every = Math.max(1, Math.round(opts.steps / 10));
  const toTensors = ({ contexts, targets }) => ({
    x: tf.tensor2d(contexts, [targets.length, opts.context], 'int32'),
    y: tf.tensor1d(targets, 'int32'),
  });
  const lossOf = (batch) =>
    tf.tidy(() => {
      const { x, y } = toTensors(batch);
      return crossEntropy(model.forward(x), y);
    });
  const batchesPerEpoch = Math.ceil(trainIds.length / opts.batch);
  const evalChunks = [];
  for (let start = 0; start < validSet.targets.length; start += 1024) {
    const end = Math.min(validSet.targets.length, start + 1024);
    evalChunks.push({
      contexts: validSet.contexts.subarray(start * opts.context, end * opts.context),
      targets: validSet.targets.subarray(start, end),
    });
  }
  let validLoss = await evaluate(model, validSet, opts.context);
  console.log(`step ${'0'.padStart(5)}  train —       valid ${validLoss.toFixed(3)}`);
  let running = 0;
  let counted = 0;
  let speed = 0;
  if (opts.steps > 0) {
    // biome-ignore lint/suspicious/noFocusedTests: `fit` is @glossa/core's training loop, not a focused test.
    await fit({
      model,
      optimizer,
      loss: lossOf,
      data: function* () {
        for (let i = 0; i < batchesPerEpoch; i++) yield batches(opts.batch);
      },
      maxSteps: opts.steps,
      tokensPerBatch: (batch) => batch.targets.length,
      evalData: () => evalChunks,
      evalEvery: every,
      generator: batchRng,
      callbacks: [
        {
          onStep(info) {
            running += info.loss;
            counted += 1;
            speed = info.tokensPerSec;
          },
          onEval(info) {
            validLoss = info.loss;
            const train = counted > 0 ? (running / counted).toFixed(3) : '—    ';
            console.log(
              `step ${String(info.step).padStart(5)}  train ${train}  valid ${info.loss.toFixed(3)}  (${speed.toFixed(0)} chars/s)`,
            );
            running = 0;
            counted = 0;
          },
        },
      ],
    });
  }

  const after = await sample(model, vocab, { length: opts.sampleLength, rng: new Generator(opts.seed + 2) });
  if (opts.sampleLength > 0) console.log(`\nsample after training:\n${indent(after)}\n`);

  if (opts.ngram) {
    const baseline = ngramBaseline(train, valid, {
      order: 5,
      seed: opts.seed,
      sampleLength: opts.sampleLength,
    });
    console.log(
      `n-gram baseline (@glossa/ngram, ${baseline.order}-gram Kneser-Ney over characters): ` +
        `valid ${baseline.nats.toFixed(3)} nats/char (perplexity ${baseline.perplexity.toFixed(2)}), trained in ${baseline.ms.toFixed(0)} ms`,
    );
    if (opts.sampleLength > 0) console.log(`n-gram sample:\n${indent(baseline.sample)}\n`);
  }
  console.log(
    `neural model: valid ${validLoss.toFixed(3)} nats/char (perplexity ${Math.exp(validLoss).toFixed(2)}); ` +
      `done in ${((performance.now() - started) / 1000).toFixed(1)} s, ${tf.memory().numTensors} tensors live`,
  );
  model.dispose();
}

main().catch((e) => {
  console.error(e instanceof Error ? `error: ${e.message}` : e);
  process.exit(1);
});
