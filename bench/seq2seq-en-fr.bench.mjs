#!/usr/bin/env node
// English→French with the attentional RNN encoder–decoder (`Seq2Seq`), trained here on wasm for a
// wall-clock budget, then sacreBLEU-identical BLEU (@glossa/metrics) on tatoeba-eng-fra.dev.tsv,
// greedy and beam 4 — the figure reported beside the Transformer's (packages/transformers'
// examples/translate-en-fr). Same data, same 4,000-token byte-level BPE (the Transformer's
// assets/en-fr/tokenizer.json), same batching by token count from length-sorted pairs, atomic
// checkpoints with resume (core's fit), same BLEU code. Not a test (not run by CI). Needs `pnpm build`. Not a side-by-side bench: the
// Transformer's figure it stands beside comes from its own script (its assets/en-fr/training.json).
//
//   nice -n 10 node bench/seq2seq-en-fr.bench.mjs            # 45 min, then BLEU
//   MINUTES=10 nice -n 10 node bench/seq2seq-en-fr.bench.mjs # resumes the checkpoint
//   EVAL_ONLY=1 node bench/seq2seq-en-fr.bench.mjs           # BLEU of the checkpoint
//
// Model: a bidirectional GRU encoder (256 per direction), a one-layer GRU decoder (256) with Luong
// 'general' attention and input feeding, embeddings 128 — Luong's output layer reads the 256-wide
// attentional state (Bahdanau's reads [state; context], 768 wide: three times the cost of the
// 4,000-way softmax, the largest product per target token). Adam 2e-3 with 100 warm-up steps then
// inverse-√ decay, clipping at 1, label smoothing 0.1, dropout 0.1.
// Settings (env): MINUTES (this run's budget, default 45), HIDDEN 256, EMB 128, LAYERS 1, CELL gru,
// ATTN luong, DROPOUT 0.1, TOKENS 1500 (target tokens per batch), LR 0.002, WARMUP 100, EPOCHS 100,
// SEED 0, THREADS 1, OUT (default <repo>/.tmp/recurrent-en-fr: checkpoint), DEV_N (dev pairs scored).
// The summary (settings, parameters, steps, minutes, CPU-seconds, BLEU) is written to OUT/result.json.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Adam, crossEntropy, fit, Generator, loadCheckpoint, useBackend } from '@glossa/core';
import { Seq2Seq } from '@glossa/recurrent';
import { fromTokenizerJson } from '@glossa/tokenizers';
import * as tf from '@tensorflow/tfjs-core';
import {
  bleuReport,
  readTatoeba,
  shuffledEpochs,
  timeBudget,
  tokenBatches,
  writeAtomic,
} from '../packages/transformers/examples/translate-en-fr/tatoeba.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const env = (k, d) => (process.env[k] === undefined ? d : Number(process.env[k]));
const DATA = process.env.GLOSSA_DATA_DIR ?? resolve(repo, '../shared/data');
const OUT = resolve(process.env.OUT ?? join(repo, '.tmp/recurrent-en-fr'));
const CKPT = join(OUT, 'ckpt.safetensors');
const TOKENIZER = join(repo, 'packages/transformers/assets/en-fr/tokenizer.json');
const S = {
  minutes: env('MINUTES', 45),
  hidden: env('HIDDEN', 256),
  emb: env('EMB', 128),
  layers: env('LAYERS', 1),
  cell: process.env.CELL ?? 'gru',
  attention: process.env.ATTN ?? 'luong',
  dropout: env('DROPOUT', 0.1),
  tokens: env('TOKENS', 1500),
  lr: env('LR', 0.002),
  warmup: env('WARMUP', 100),
  epochs: env('EPOCHS', 100),
  seed: env('SEED', 0),
  maxLen: 64,
};
const data = readTatoeba(DATA, env('DEV_N', Infinity));
if (!data) process.exit(0);
const { train, dev } = data;
const info = await useBackend('wasm', { verbose: false, threads: env('THREADS', 1) });
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `backend ${info.name} (${info.threads} thread); ${cpu}; load ${loadavg()[0].toFixed(1)}; ${train.length} training pairs, ${dev.length} dev pairs; settings ${JSON.stringify(S)}`,
);
const tokenizer = fromTokenizerJson(readFileSync(TOKENIZER, 'utf8'));
const [PAD, BOS, EOS] = ['<pad>', '<s>', '</s>'].map((t) => tokenizer.tokenToId(t));
const ids = (s) => Array.from(tokenizer.encode(s).ids);
const V = tokenizer.vocabSize;

const generator = new Generator(S.seed);
const model = new Seq2Seq({
  srcVocabSize: V,
  tgtVocabSize: V,
  hiddenSize: S.hidden,
  embeddingDim: S.emb,
  numLayers: S.layers,
  rnnType: S.cell,
  attention: S.attention,
  dropout: S.dropout,
  generator,
});
console.log(`tokenizer ${TOKENIZER} (vocabulary ${V}); model: ${model.numParameters()} parameters`);

const pad2d = (rows, T = Math.max(...rows.map((r) => r.length))) =>
  rows.map((r) => [...r, ...new Array(T - r.length).fill(PAD)]);

/** BLEU of greedy and beam-4 translations of the dev set, batched by source length. */
async function evaluate(label) {
  model.eval();
  const order = dev.map((_, i) => i).sort((a, b) => dev[a][0].length - dev[b][0].length);
  const result = {};
  for (const beamSize of [1, 4]) {
    const t0 = performance.now();
    const hyps = new Array(dev.length);
    for (let i = 0; i < order.length; i += 50) {
      const rows = order.slice(i, i + 50).map((j) => [...ids(dev[j][0]), EOS]);
      const lengths = rows.map((r) => r.length);
      const src = tf.tensor2d(pad2d(rows), undefined, 'int32');
      const out = await model.translate(src, {
        lengths,
        bos: BOS,
        eos: EOS,
        beamSize,
        maxLength: Math.min(S.maxLen, Math.ceil(1.5 * Math.max(...lengths)) + 5),
      });
      src.dispose();
      out.forEach((o, k) => {
        hyps[order[i + k]] = tokenizer.decode(o.tokens, { skipSpecialTokens: true }).trim();
      });
    }
    const name = beamSize === 1 ? 'greedy' : `beam${beamSize}`;
    result[name] = bleuReport(`${label} ${name}`, hyps, dev, (performance.now() - t0) / 1000);
  }
  return result;
}

if (process.env.EVAL_ONLY) {
  const { step } = await loadCheckpoint(CKPT, { model });
  await evaluate(`checkpoint (step ${step})`);
  process.exit(0);
}

// ───────────── batches by token count: sorted by length, chunked, order shuffled per epoch ─────────────
const examples = train
  .map(([en, fr]) => ({ src: [...ids(en), EOS], tgt: [BOS, ...ids(fr), EOS] }))
  .filter((e) => e.src.length <= S.maxLen && e.tgt.length <= S.maxLen);
const { batches, toBatch } = tokenBatches(examples, S.tokens, PAD);
const epochData = shuffledEpochs(batches, S.seed);
console.log(`${examples.length} pairs kept; ${batches.length} batches per epoch (≤ ${S.tokens} tokens each)`);

const lossOf = (b, smoothing = 0.1) =>
  tf.tidy(() => {
    const t = (rows) => tf.tensor2d(rows, undefined, 'int32');
    const { logits } = model.forward(t(b.src), t(b.tgtIn), { lengths: b.lengths });
    return crossEntropy(logits, t(b.tgtOut), {
      ignoreIndex: PAD,
      labelSmoothing: smoothing,
      validateTargets: false,
    });
  });
const devPairs = dev
  .slice(0, 200)
  .map(([en, fr]) => ({ src: [...ids(en), EOS], tgt: [BOS, ...ids(fr), EOS] }));
const devBatches = () => [toBatch(devPairs)];

mkdirSync(OUT, { recursive: true });
const optimizer = new Adam({ lr: 0, params: model });
const schedule = (step) => S.lr * Math.min(step / S.warmup, Math.sqrt(S.warmup / Math.max(step, 1)));
const budget = timeBudget(S.minutes, {
  extra: () => ` load ${loadavg()[0].toFixed(1)}`,
  evalNote: ' nats/token (no smoothing)',
});
const cpu0 = process.cpuUsage();
const result = await fit({
  model,
  optimizer,
  loss: (b) => lossOf(b),
  evalLoss: (b) => lossOf(b, 0),
  tokensPerBatch: (b) => b.tgtOut.length * b.tgtOut[0].length,
  data: epochData,
  epochs: S.epochs,
  schedule,
  clipNorm: 1,
  generator,
  evalData: devBatches,
  evalEvery: 200,
  checkpoint: { path: CKPT, every: 50, resume: true },
  signal: budget.signal,
  callbacks: [budget.callback],
});
const minutes = budget.stop();
const { user, system } = process.cpuUsage(cpu0);
const cpuSeconds = (user + system) / 1e6;
console.log(
  `trained ${result.steps} steps in all (${minutes.toFixed(1)} min and ${cpuSeconds.toFixed(0)} CPU-s this run; stopped by the time budget: ${result.aborted})`,
);
const bleu = await evaluate(`after ${result.steps} steps`);
const previous = existsSync(join(OUT, 'result.json'))
  ? JSON.parse(readFileSync(join(OUT, 'result.json'), 'utf8'))
  : null;
const runs = [
  ...(previous && existsSync(CKPT) && previous.runs && result.steps > previous.steps ? previous.runs : []),
  {
    minutes: Number(minutes.toFixed(1)),
    cpuSeconds: Math.round(cpuSeconds),
    steps: result.steps,
    load: loadavg()[0],
  },
];
writeAtomic(
  join(OUT, 'result.json'),
  `${JSON.stringify(
    {
      command: 'nice -n 10 node bench/seq2seq-en-fr.bench.mjs',
      cpu,
      settings: S,
      parameters: model.numParameters(),
      steps: result.steps,
      minutes: Number(runs.reduce((a, r) => a + r.minutes, 0).toFixed(1)),
      cpuSeconds: runs.reduce((a, r) => a + r.cpuSeconds, 0),
      runs,
      dev: bleu,
    },
    null,
    2,
  )}\n`,
);
