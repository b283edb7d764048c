// `glossa train gpt`: a character-level or byte-level BPE tokenizer and a GPT trained on one text
// file with core's `fit` (AdamW, cosine schedule, clipping, periodic validation loss, checkpoints
// that resume exactly), saved as a pretrained folder: config.json, model.safetensors, tokenizer.json.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AdamW, cosineWithWarmup, decayMatricesOnly, Generator, fit as runFit } from '@glossa/core';
import { trainBPE, trainCharTokenizer } from '@glossa/tokenizers';
import { GPT } from '@glossa/transformers';
import { integer, number, parse } from '../args.mjs';
import { selectBackend, tf } from '../backend.mjs';
import { CliError, describeFsError, UsageError } from '../errors.mjs';
import { readText } from '../io.mjs';
import { windowBatch } from '../lm-data.mjs';
import { progressBar } from '../progress.mjs';

export const usage = `Usage: glossa train gpt FILE -o DIR [options]

Trains a GPT (nanoGPT structure) on a text file and saves DIR/config.json, DIR/model.safetensors
(Hugging Face GPT-2 layout) and DIR/tokenizer.json; \`glossa generate DIR\` samples from it.
  -o, --output DIR        the model folder to write
  --tokenizer KIND        char (default: one token per character) or bpe (byte-level BPE)
  --vocab-size N          BPE vocabulary size (default 512)
  --layers N              transformer blocks (default 2)
  --heads N               attention heads (default 4)
  --embd N                width, a multiple of --heads (default 64)
  --block N               context length in tokens (default 64)
  --steps N               optimizer steps (default 500)
  --batch N               sequences per step (default 16)
  --lr X                  peak learning rate (default 3e-3; cosine decay, 10% warm-up)
  --dropout X             dropout (default 0)
  --eval-every N          validation loss (last 10% of the text) every N steps (default 100)
  --checkpoint FILE       save a checkpoint every --checkpoint-every steps (default 100) and at the end
  --resume                continue from --checkpoint when it exists
  --stop-at N             stop after step N of --steps (the schedule still spans --steps; with
                          --checkpoint, a later --resume run continues exactly where this one stopped)
  --seed N                initialisation and batch order (default 0)
  --backend NAME          wasm (default) or cpu
  --quiet                 no progress bar`;

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  tokenizer: { type: 'string' },
  'vocab-size': { type: 'string' },
  layers: { type: 'string' },
  heads: { type: 'string' },
  embd: { type: 'string' },
  block: { type: 'string' },
  steps: { type: 'string' },
  batch: { type: 'string' },
  lr: { type: 'string' },
  dropout: { type: 'string' },
  'eval-every': { type: 'string' },
  checkpoint: { type: 'string' },
  'checkpoint-every': { type: 'string' },
  resume: { type: 'boolean' },
  'stop-at': { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  quiet: { type: 'boolean' },
};

function makeTokenizer(text, values) {
  const kind = values.tokenizer ?? 'char';
  if (kind === 'char') return trainCharTokenizer(text, { specialTokens: [], unkToken: null });
  if (kind === 'bpe') {
    const vocabSize = values['vocab-size'] === undefined ? 512 : integer(values['vocab-size'], 'vocab-size');
    return trainBPE(text.split('\n'), { vocabSize, kind: 'byte-level' });
  }
  throw new UsageError(`--tokenizer must be char or bpe, got '${kind}'`);
}

async function trainGpt(argv, io) {
  const { values, positionals } = parse(argv, OPTIONS);
  if (positionals.length !== 1) throw new UsageError('give exactly one text file to train on');
  if (values.output === undefined) throw new UsageError('--output (-o) is required');
  if (values.resume && values.checkpoint === undefined)
    throw new UsageError('--resume needs --checkpoint FILE');
  const opt = (name, fallback, min = 1) =>
    values[name] === undefined ? fallback : integer(values[name], name, { min });
  const nLayer = opt('layers', 2);
  const nHead = opt('heads', 4);
  const nEmbd = opt('embd', 64);
  const blockSize = opt('block', 64, 2);
  const steps = opt('steps', 500);
  const batchSize = opt('batch', 16);
  const evalEvery = opt('eval-every', 100);
  const every = opt('checkpoint-every', 100);
  const seed = opt('seed', 0, 0);
  const stopAt = Math.min(steps, opt('stop-at', steps));
  const lr = values.lr === undefined ? 3e-3 : number(values.lr, 'lr', { min: 0, exclusive: true });
  const dropout = values.dropout === undefined ? 0 : number(values.dropout, 'dropout', { min: 0, max: 0.99 });
  if (nEmbd % nHead !== 0) throw new UsageError(`--embd (${nEmbd}) must be a multiple of --heads (${nHead})`);
  await selectBackend(values.backend);

  const text = readText(positionals[0], 'training file');
  const tokenizer = makeTokenizer(text, values);
  const ids = Int32Array.from(tokenizer.encode(text).ids);
  const split = Math.floor(ids.length * 0.9);
  const train = ids.subarray(0, split);
  const valid = ids.subarray(split);
  if (train.length < blockSize + 2 || valid.length < blockSize + 2) {
    throw new CliError(
      `'${positionals[0]}' has ${ids.length} tokens: too few for --block ${blockSize} (needs ${Math.ceil((blockSize + 2) / 0.1)}; lower --block)`,
    );
  }
  const generator = new Generator(seed);
  const gpt = new GPT(
    { vocabSize: tokenizer.vocabSize, blockSize, nLayer, nHead, nEmbd, dropout },
    { generator },
  );
  const optimizer = new AdamW({
    lr,
    betas: [0.9, 0.99],
    weightDecay: 0.1,
    decayMask: decayMatricesOnly,
    params: gpt,
  });
  const validGen = new Generator(seed + 1);
  const validBatches = Array.from({ length: 4 }, () => windowBatch(valid, validGen, batchSize, blockSize));
  const lossOf = (b) =>
    tf.tidy(() => {
      const ids = tf.tensor2d(b.ids, b.shape, 'int32');
      return gpt.forward(ids, { targets: tf.tensor2d(b.targets, b.shape, 'int32') }).loss;
    });
  const bar = progressBar('training GPT', { enabled: values.quiet ? false : undefined });
  let lastValid;
  const result = await runFit({
    model: gpt,
    optimizer,
    loss: lossOf,
    data: function* () {
      for (;;) yield windowBatch(train, generator, batchSize, blockSize);
    },
    evalData: () => validBatches,
    evalEvery,
    maxSteps: stopAt,
    generator,
    schedule: cosineWithWarmup({ lr, warmupSteps: Math.ceil(steps / 10), totalSteps: steps, minLr: lr / 10 }),
    clipNorm: 1,
    tokensPerBatch: () => batchSize * blockSize,
    checkpoint:
      values.checkpoint === undefined
        ? undefined
        : { path: values.checkpoint, every, resume: values.resume ?? false },
    callbacks: [
      {
        onStep: (s) =>
          bar.update(
            s.step,
            stopAt,
            `step ${s.step}/${steps} loss ${s.loss.toFixed(3)} ${Math.round(s.tokensPerSec)} tok/s`,
          ),
        onEval: (e) => {
          lastValid = e.loss;
        },
      },
    ],
  });
  bar.done();
  optimizer.dispose();
  const last = result.history.at(-1);
  try {
    mkdirSync(values.output, { recursive: true });
    await gpt.savePretrained(values.output, { tokenizerJson: tokenizer.toTokenizerJson() });
  } catch (e) {
    throw new CliError(`cannot write model folder '${values.output}': ${describeFsError(e)}`);
  }
  gpt.dispose();
  io.out(
    `wrote ${join(values.output, 'model.safetensors')}: GPT ${nLayer}x${nEmbd}, vocabulary ${tokenizer.vocabSize}, ` +
      `${result.steps} steps, train loss ${last ? last.loss.toFixed(4) : '-'}, valid loss ${lastValid === undefined ? '-' : lastValid.toFixed(4)}`,
  );
  return 0;
}

const MODELS = { gpt: trainGpt };

export async function run(argv, io) {
  const [model, ...rest] = argv;
  const fn = MODELS[model];
  if (!fn) {
    throw new UsageError(
      model === undefined ? 'give a model to train: gpt' : `unknown model '${model}' (gpt)`,
    );
  }
  return fn(rest, io);
}
