#!/usr/bin/env node
// BERT pre-training on Project Gutenberg English (../shared/data/gutenberg-en.train.txt) within a wall-clock
// budget, on wasm: WordPiece trained on the same text (trainWordPiece), sentence pairs (50 % true next
// sentence, makeSentencePairs), masked-LM collator (15 %; 80/10/10; seeded), BertForPreTraining
// (MLM head tied to the word embeddings + NSP head), AdamW with warm-up and a linear decay over the budget.
// The MLM loss is computed at the masked positions only (gathered rows through cls.predictions): the
// same loss as HF's over all positions with labels −100, without the [B·T, V] logits.
// Evaluation on gutenberg-en.valid.txt: masked-token accuracy (fixed seed, every selected position,
// 80/10/10 as in training) against the unigram baseline (always predict the most frequent training
// token), and NSP accuracy. Saves the model (HF layout + vocab.txt) for bert-finetune.bench.mjs.
//
//   pnpm build
//   nice -n 5 node bench/bert-pretrain.bench.mjs [--minutes 45] [--layers 4] [--width 256] [--heads 4]
//        [--vocab 8000] [--seq 64] [--batch 32] [--lr 1e-3] [--warmup 50] [--init 0.02] [--eval-pairs 1000]
//        [--threads 2] [--dropout 0.1] [--steps N] [--eval-every K]
//        [--out /tmp/glossa-bert/pretrained] [--from DIR]
// --steps N: stop after N steps with a step-based schedule (warm-up, then linear decay over N) instead of
// the time budget. --eval-every K: masked-token accuracy on the first 256 valid pairs every K steps.
// --from DIR: evaluate a saved run (its vocab.txt and weights; pass the run's --seq) instead of training.
// --dump DIR [--dump-batches N]: write the first N training batches (exactly those a run with the same
// settings trains on), the evaluation batches and meta.json for bench/python/bert_pretrain.py, then exit.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdamW, crossEntropy, decayMatricesOnly, fit, Generator, useBackend } from '@glossa/core';
import { fromBertVocab, trainWordPiece, wordPieceVocabText } from '@glossa/tokenizers';
import {
  BertForPreTraining,
  loadBertVocab,
  makeSentencePairs,
  maskTokens,
  padBatch,
} from '@glossa/transformers';
import * as tf from '@tensorflow/tfjs-core';
import { sentencesOf, writeAtomic, writeBatches } from './bert-pretrain-data.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = process.env.GLOSSA_SHARED_DATA ?? join(here, '..', '..', 'shared', 'data');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? dflt : process.argv[i + 1];
};
const minutes = Number(arg('minutes', 45));
const S = {
  layers: Number(arg('layers', 4)),
  width: Number(arg('width', 256)),
  heads: Number(arg('heads', 4)),
  vocab: Number(arg('vocab', 8000)),
  seq: Number(arg('seq', 64)),
  batch: Number(arg('batch', 32)),
  lr: Number(arg('lr', 1e-3)),
  warmup: Number(arg('warmup', 50)),
  init: Number(arg('init', 0.02)),
  evalPairs: Number(arg('eval-pairs', 1000)),
  dropout: Number(arg('dropout', 0.1)),
  steps: arg('steps') === undefined ? undefined : Number(arg('steps')),
};
const evalEvery = Number(arg('eval-every', 0));
const DUMP = arg('dump');
const FROM = arg('from');
const OUT = arg('out', '/tmp/glossa-bert/pretrained');
const t0 = performance.now();
const elapsed = () => (performance.now() - t0) / 1000;
const log = (...a) => console.log(`[${elapsed().toFixed(0).padStart(5)} s]`, ...a);

const info = await useBackend('wasm', { verbose: false, threads: Number(arg('threads', 2)) });
log('backend', info?.name ?? 'wasm', 'settings', JSON.stringify(S), `budget ${minutes} min`);

const train = sentencesOf(DATA, 'gutenberg-en.train.txt');
const valid = sentencesOf(DATA, 'gutenberg-en.valid.txt');
const tok = FROM ? fromBertVocab(await loadBertVocab(FROM)) : trainWordPiece(train, { vocabSize: S.vocab });
const vocab = tok.getVocab();
const [PAD, UNK, CLS, SEP, MASK] = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].map((t) => vocab.get(t));
const specials = [PAD, UNK, CLS, SEP, MASK];
const encode = (s) => tok.encode(s, { addSpecialTokens: false }).ids;
const trainIds = train.map(encode);
const validIds = valid.map(encode);
log(
  `${train.length} train / ${valid.length} valid sentences; WordPiece ${tok.vocabSize} tokens;`,
  `${trainIds.reduce((a, s) => a + s.length, 0)} train tokens`,
);

// Unigram baseline: the most frequent non-special training token.
const freq = new Float64Array(tok.vocabSize);
for (const s of trainIds) for (const id of s) freq[id] += 1;
for (const id of specials) freq[id] = 0;
const unigramTop = freq.indexOf(Math.max(...freq));

const g = new Generator(0);
const pairs = makeSentencePairs(trainIds, { clsId: CLS, sepId: SEP, maxLength: S.seq, generator: g });
const validPairs = makeSentencePairs(validIds, {
  clsId: CLS,
  sepId: SEP,
  maxLength: S.seq,
  generator: new Generator(1),
}).slice(0, S.evalPairs);

const model = FROM
  ? await BertForPreTraining.fromPretrained(FROM)
  : new BertForPreTraining(
      {
        vocab_size: tok.vocabSize,
        hidden_size: S.width,
        num_hidden_layers: S.layers,
        num_attention_heads: S.heads,
        intermediate_size: 4 * S.width,
        max_position_embeddings: S.seq,
        hidden_dropout_prob: S.dropout,
        attention_probs_dropout_prob: S.dropout,
        initializer_range: S.init,
      },
      { generator: new Generator(0) },
    );
log(`model: ${(model.numParameters() / 1e6).toFixed(2)} M parameters`);

/** A masked batch as plain arrays; `rows` = flat indices of the masked positions (for the gathered MLM loss). */
function collate(batchPairs, generator) {
  const masked = maskTokens(
    batchPairs.map((p) => p.inputIds),
    { maskTokenId: MASK, vocabSize: tok.vocabSize, specialIds: specials, generator },
  );
  const { ids, attentionMask } = padBatch(masked.inputIds, PAD);
  const T = ids[0].length;
  const types = padBatch(
    batchPairs.map((p) => p.tokenTypeIds),
    0,
    T,
  ).ids;
  const rows = [];
  const labels = [];
  masked.labels.forEach((row, b) => {
    row.forEach((l, t) => {
      if (l !== -100) {
        rows.push(b * T + t);
        labels.push(l);
      }
    });
  });
  return { ids, types, attentionMask, rows, labels, nsp: batchPairs.map((p) => p.nextSentenceLabel), T };
}

/** A {@link collate}d batch as tensors. */
function tensors(c) {
  return {
    inputIds: tf.tensor2d(c.ids, undefined, 'int32'),
    tokenTypeIds: tf.tensor2d(c.types, undefined, 'int32'),
    attentionMask: tf.tensor2d(c.attentionMask, undefined, 'int32'),
    rows: tf.tensor1d(c.rows, 'int32'),
    labels: tf.tensor1d(c.labels, 'int32'),
    nsp: tf.tensor1d(c.nsp, 'int32'),
  };
}
const trainBatch = () => Array.from({ length: S.batch }, () => pairs[g.int(pairs.length)]);

if (DUMP) {
  mkdirSync(DUMP, { recursive: true });
  const n = Number(arg('dump-batches', 500));
  const trainBatches = Array.from({ length: n }, () => collate(trainBatch(), g));
  writeBatches(join(DUMP, 'train.i32'), trainBatches);
  const eg = new Generator(123);
  const evalBatches = [];
  for (let i = 0; i < validPairs.length; i += 64) evalBatches.push(collate(validPairs.slice(i, i + 64), eg));
  writeBatches(join(DUMP, 'valid.i32'), evalBatches);
  const meta = { settings: S, vocabSize: tok.vocabSize, pad: PAD, unigramTop, trainBatches: n };
  writeAtomic(join(DUMP, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  log('dumped', n, 'train batches and', evalBatches.length, 'eval batches to', DUMP);
  process.exit(0);
}

const disposeBatch = (b) => tf.dispose(Object.values(b));

/** MLM logits at the masked rows `[N, V]` and NSP logits `[B, 2]`. */
function heads(b) {
  const { lastHiddenState, pooledOutput } = model.bert.forward(b);
  const [B, T, H] = lastHiddenState.shape;
  const hidden = tf.gather(tf.reshape(lastHiddenState, [B * T, H]), b.rows);
  return {
    mlm: model.cls.predictions.forward(hidden),
    nsp: model.cls.seq_relationship.forward(pooledOutput),
  };
}

const lossOf = (b) =>
  tf.tidy(() => {
    const { mlm, nsp } = heads(b);
    return tf.add(crossEntropy(mlm, b.labels), crossEntropy(nsp, b.nsp));
  });

const budget = minutes * 60;
const trainStart = elapsed();
const cpuStart = process.cpuUsage();
const lrAt = (step) => {
  const frac = S.steps ? step / S.steps : Math.min(1, (elapsed() - trainStart) / (budget - trainStart - 120)); // leave ~2 min for eval
  return S.lr * Math.min(1, (step + 1) / S.warmup) * Math.max(0.05, 1 - frac);
};
const running = () => (S.steps ? undefined : elapsed() < budget - 120);
const optimizer = new AdamW({
  lr: S.lr,
  betas: [0.9, 0.98],
  weightDecay: 0.01,
  decayMask: decayMatricesOnly,
  params: model,
});
let current = null;
let lossSum = 0;
const memory = [];
const { history } = FROM
  ? { history: [] }
  : await fit({
      model,
      optimizer,
      loss: (b) => lossOf(b),
      data: function* () {
        while (running() ?? true) {
          current = tensors(collate(trainBatch(), g));
          yield current;
          disposeBatch(current);
        }
      },
      schedule: lrAt,
      maxSteps: S.steps,
      clipNorm: 1,
      callbacks: [
        {
          onStep: async ({ step, loss }) => {
            if (evalEvery && step % evalEvery === 0) {
              model.eval();
              const n = await evaluate(validPairs.slice(0, 256));
              model.train();
              log(
                `step ${step}: valid masked acc ${(n.correct / n.total).toFixed(4)} (unigram ${(n.unigram / n.total).toFixed(4)}), NSP ${(n.nspCorrect / n.pairs).toFixed(3)}`,
              );
            }
            lossSum += loss;
            memory.push(tf.memory().numTensors);
            if (step % 25 === 0) {
              log(
                `step ${step}: loss ${(lossSum / 25).toFixed(3)} (mean of 25), lr ${optimizer.lr.toExponential(2)}, ${((elapsed() - trainStart) / step).toFixed(2)} s/step`,
              );
              lossSum = 0;
            }
          },
        },
      ],
    });
const trainSeconds = elapsed() - trainStart;
const cpu = process.cpuUsage(cpuStart);
const trainCpuSeconds = (cpu.user + cpu.system) / 1e6; // every thread of this process
if (!FROM)
  log(
    `trained ${history.length} steps in ${trainSeconds.toFixed(0)} s; tensors per step constant: ${new Set(memory.slice(2)).size === 1}`,
  );

// ─────────────────────────────── evaluation on the validation text ───────────────────────────────
/** Masked-token and NSP counts on `evalPairs` (batches of 64, masks from Generator(123): always the same). */
async function evaluate(evalPairs) {
  const eg = new Generator(123);
  const n = { correct: 0, unigram: 0, total: 0, nspCorrect: 0, pairs: evalPairs.length };
  // by what the input held at the selected position: [MASK], the token itself (kept), a random token
  const by = { mask: [0, 0], kept: [0, 0], random: [0, 0] };
  for (let i = 0; i < evalPairs.length; i += 64) {
    const c = collate(evalPairs.slice(i, i + 64), eg);
    const inputs = c.ids.flat();
    const b = tensors(c);
    const { mlmPred, nspPred } = tf.tidy(() => {
      const { mlm, nsp } = heads(b);
      return { mlmPred: tf.argMax(mlm, -1), nspPred: tf.argMax(nsp, -1) };
    });
    const [p, l, np, nl] = await Promise.all([mlmPred.data(), b.labels.data(), nspPred.data(), b.nsp.data()]);
    l.forEach((label, k) => {
      n.total++;
      if (p[k] === label) n.correct++;
      if (label === unigramTop) n.unigram++;
      const x = inputs[c.rows[k]];
      const kind = by[x === MASK ? 'mask' : x === label ? 'kept' : 'random'];
      kind[0] += p[k] === label ? 1 : 0;
      kind[1] += 1;
    });
    np.forEach((v, k) => {
      if (v === nl[k]) n.nspCorrect++;
    });
    tf.dispose([mlmPred, nspPred]);
    disposeBatch(b);
  }
  n.accuracyBy = Object.fromEntries(
    Object.entries(by).map(([k, [ok, all]]) => [k, { accuracy: +(ok / all).toFixed(4), positions: all }]),
  );
  return n;
}
model.eval();
const { correct, unigram, total, nspCorrect, accuracyBy } = await evaluate(validPairs);
const result = {
  settings: FROM ? { from: FROM, seq: S.seq, evalPairs: S.evalPairs } : S,
  minutes,
  parameters: model.numParameters(),
  steps: history.length,
  trainSeconds: Math.round(trainSeconds),
  secondsPerStep: history.length ? +(trainSeconds / history.length).toFixed(3) : null,
  trainCpuSeconds: Math.round(trainCpuSeconds),
  loadAverage: (await import('node:os')).loadavg().map((v) => +v.toFixed(1)),
  finalTrainLoss: history.at(-1)?.loss,
  validMaskedTokens: total,
  maskedTokenAccuracy: correct / total,
  unigramBaselineAccuracy: unigram / total,
  unigramToken: tok.idToToken?.(unigramTop) ?? unigramTop,
  accuracyBy,
  nspAccuracy: nspCorrect / validPairs.length,
  validPairs: validPairs.length,
};
log('RESULT', JSON.stringify(result));
if (!FROM) {
  mkdirSync(OUT, { recursive: true });
  await model.savePretrained(OUT, { vocab: wordPieceVocabText(tok) });
  writeAtomic(join(OUT, 'pretrain-result.json'), `${JSON.stringify(result, null, 2)}\n`);
  log('saved', OUT);
}
