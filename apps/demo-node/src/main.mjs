#!/usr/bin/env node
// glossa quick-start demo — the lectures' arc in one run: character language models of Tiny
// Shakespeare from counting to attention, trained here on the same text for the same short budget
// and compared on the same validation text:
//   1. a Kneser–Ney n-gram model (@glossa/ngram),
//   2. an MLP over a fixed window (Bengio et al. 2003; @glossa/core),
//   3. an LSTM (@glossa/recurrent),
//   4. a GPT (@glossa/transformers),
// then a table of validation loss and perplexity and a sample from each.
//
//   npm run demo                                   (from the root: installs, builds, runs)
//   npm run demo -- --seconds 30 --backend wasm --models ngram,gpt
import { parseArgs } from 'node:util';
import { useBackend } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { loadCorpus } from './corpus.mjs';
import { CharVocab } from './data.mjs';
import { createGPT } from './models/gpt.mjs';
import { createLSTM } from './models/lstm.mjs';
import { createMLP } from './models/mlp.mjs';
import { runNgram } from './models/ngram.mjs';
import { runNeural } from './run.mjs';

const NEURAL = { mlp: createMLP, lstm: createLSTM, gpt: createGPT };
const ALL = ['ngram', 'mlp', 'lstm', 'gpt'];

const HELP = `usage: npm run demo -- [options]      (or: node apps/demo-node/src/main.mjs [options])
  --models LIST    which of ngram,mlp,lstm,gpt to run, in that order (default: all)
  --seconds N      training budget of each neural model in seconds (default 60)
  --steps N        train each neural model for exactly N steps instead (reproducible)
  --backend NAME   auto | wasm | cpu | webgpu (default auto)
  --seed N         seed for initialisation, batches and sampling (default 0)
  --order N        n-gram order (default 5)
  --prompt TEXT    what the samples start from (default "ROMEO:")
  --sample N       characters sampled from each model (default 200; 0 = none)
  --valid N        score on the first N validation characters only (default: all 111,538)
  --help`;

function options(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      models: { type: 'string', default: ALL.join(',') },
      seconds: { type: 'string', default: '60' },
      steps: { type: 'string' },
      backend: { type: 'string', default: 'auto' },
      seed: { type: 'string', default: '0' },
      order: { type: 'string', default: '5' },
      prompt: { type: 'string', default: 'ROMEO:' },
      sample: { type: 'string', default: '200' },
      valid: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return { help: true };
  const number = (name, min, integer = true) => {
    const v = Number(values[name]);
    if (!Number.isFinite(v) || v < min || (integer && !Number.isInteger(v)))
      throw new Error(
        `--${name}: expected ${integer ? 'an integer' : 'a number'} >= ${min}, received ${values[name]}`,
      );
    return v;
  };
  if (!['auto', 'wasm', 'cpu', 'webgpu'].includes(values.backend))
    throw new Error(`--backend: expected auto, wasm, cpu or webgpu, received ${values.backend}`);
  const models = values.models.split(',').map((m) => m.trim());
  const unknown = models.filter((m) => !ALL.includes(m));
  if (unknown.length || models.length === 0)
    throw new Error(
      `--models: expected a comma-separated list of ${ALL.join(', ')}, received ${values.models}`,
    );
  return {
    models: ALL.filter((m) => models.includes(m)),
    seconds: number('seconds', 1, false),
    steps: values.steps === undefined ? undefined : number('steps', 1),
    backend: values.backend,
    seed: number('seed', 0),
    order: number('order', 1),
    prompt: values.prompt,
    sampleLength: number('sample', 0),
    validChars: values.valid === undefined ? undefined : number('valid', 2),
  };
}

const indent = (text) =>
  text
    .split('\n')
    .map((l) => `    | ${l}`)
    .join('\n');

function printTable(results) {
  const rows = results.map((r) => [
    r.title,
    r.parameters === null ? '—' : r.parameters.toLocaleString('en'),
    r.steps === null ? '—' : String(r.steps),
    r.seconds.toFixed(1),
    r.nats.toFixed(3),
    Math.exp(r.nats).toFixed(2),
  ]);
  const head = ['model', 'parameters', 'steps', 'train s', 'valid nats/char', 'perplexity'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
}

async function main() {
  const opts = options();
  if (opts.help) {
    console.log(HELP);
    return;
  }
  const started = performance.now();
  const info = await useBackend(opts.backend);
  const corpus = loadCorpus();
  const train = corpus.train;
  const valid = opts.validChars ? corpus.valid.slice(0, opts.validChars) : corpus.valid;
  const vocab = new CharVocab(corpus.train + corpus.valid);
  const trainIds = vocab.encode(train);
  const validIds = vocab.encode(valid);
  console.log('glossa demo: character language models of Tiny Shakespeare, from n-grams to GPT');
  console.log(
    `backend: ${info.name}${info.threads ? ` (${info.threads} thread${info.threads > 1 ? 's' : ''})` : ''}`,
  );
  console.log(
    `data: ${train.length.toLocaleString('en')} training and ${valid.length.toLocaleString('en')} validation characters, ` +
      `${vocab.size} distinct; a uniform guess scores ${Math.log(vocab.size).toFixed(3)} nats/char`,
  );

  const results = [];
  for (const key of opts.models) {
    if (key === 'ngram') {
      const r = runNgram(train, valid, {
        order: opts.order,
        seed: opts.seed,
        prompt: opts.prompt,
        sampleLength: opts.sampleLength,
      });
      console.log(`\n${r.title}: trained in ${r.seconds.toFixed(1)} s; valid ${r.nats.toFixed(3)} nats/char`);
      results.push(r);
    } else {
      results.push(
        await runNeural(NEURAL[key], {
          vocab,
          trainIds,
          validIds,
          seed: opts.seed,
          steps: opts.steps,
          seconds: opts.seconds,
          prompt: opts.prompt,
          sampleLength: opts.sampleLength,
          log: (line) => console.log(line),
        }),
      );
    }
  }

  printTable(results);
  if (opts.sampleLength > 0) {
    for (const r of results) console.log(`\nsample, ${r.title}:\n${indent(opts.prompt + r.sample)}`);
  }
  console.log(
    `\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s; ${tf.memory().numTensors} tensors live`,
  );
}

main().catch((e) => {
  console.error(e instanceof Error ? `error: ${e.message}` : e);
  process.exit(1);
});
