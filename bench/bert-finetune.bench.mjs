#!/usr/bin/env node
// Fine-tuning the BERT of bert-pretrain.bench.mjs on two tasks made from Tatoeba English–French pairs
// (../shared/data/tatoeba-eng-fra.{train,dev}.tsv), comparing the lectures' three regimes — frozen
// encoder (only the head trains), frozen lower half (embeddings + the first ⌊L/2⌋ layers frozen), full
// fine-tuning — with the same steps, batch, schedule and seed; wasm. Prints accuracy / F1 and the
// training time of each.
//   language ID   BertForSequenceClassification on [CLS]: English (0) vs French (1) sentences;
//                 accuracy on the dev sentences (both sides of every dev pair).
//   French words  BertForTokenClassification, BIO tags (B-FR / I-FR / O) on the words of spliced
//                 sentences: an English sentence with a span of 1–4 consecutive words of a French
//                 sentence inserted at a random word boundary; the first WordPiece of each word carries
//                 the word's tag (the others −100); entity F1 with @glossa/metrics' seqeval (conlleval).
//
//   node bench/bert-pretrain.bench.mjs --out /tmp/glossa-bert/pretrained   # first
//   nice -n 5 node bench/bert-finetune.bench.mjs [--model /tmp/glossa-bert/pretrained] [--steps 120]
//        [--batch 32] [--lr 1e-3] [--train-pairs 3000] [--test-pairs 500] [--regimes encoder,lower-half,none]
//        [--tasks langid,tagging] [--threads 2] [--dropout p (default: the checkpoint's config)]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdamW, decayMatricesOnly, fit, Generator, loadPretrained, useBackend } from '@glossa/core';
import { entityScores } from '@glossa/metrics';
import { fromBertVocab } from '@glossa/tokenizers';
import {
  BertForSequenceClassification,
  BertForTokenClassification,
  bertFromHFState,
  loadBertVocab,
  padBatch,
} from '@glossa/transformers';
import * as tf from '@tensorflow/tfjs-core';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = process.env.GLOSSA_SHARED_DATA ?? join(here, '..', '..', 'shared', 'data');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? dflt : process.argv[i + 1];
};
const MODEL = arg('model', '/tmp/glossa-bert/pretrained');
const STEPS = Number(arg('steps', 120));
const DROPOUT = arg('dropout') === undefined ? undefined : Number(arg('dropout')); // default: the checkpoint's
const BATCH = Number(arg('batch', 32));
const LR = Number(arg('lr', 1e-3));
const MAXLEN = 48;
const REGIMES = arg('regimes', 'encoder,lower-half,none').split(',');
const TASKS = arg('tasks', 'langid,tagging').split(',');
const t0 = performance.now();
const log = (...a) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s]`, ...a);

await useBackend('wasm', { verbose: false, threads: Number(arg('threads', 2)) });
const tok = fromBertVocab(await loadBertVocab(MODEL));
const vocab = tok.getVocab();
const [PAD, CLS, SEP] = ['[PAD]', '[CLS]', '[SEP]'].map((t) => vocab.get(t));
const tsv = (f) =>
  readFileSync(join(DATA, f), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((p) => p.length >= 2);
const g = new Generator(16);
const shuffle = (xs) => {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = g.int(i + 1);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
};
const trainPairs = shuffle(tsv('tatoeba-eng-fra.train.tsv')).slice(0, Number(arg('train-pairs', 3000)));
const testPairs = tsv('tatoeba-eng-fra.dev.tsv').slice(0, Number(arg('test-pairs', 500)));

// ───────────────────────────────────────── examples ─────────────────────────────────────────
const langExamples = (pairs) =>
  pairs.flatMap(([en, fr]) => [
    { ids: tok.encode(en).ids.slice(0, MAXLEN), label: 0 },
    { ids: tok.encode(fr).ids.slice(0, MAXLEN), label: 1 },
  ]);

/** A spliced sentence: English words with 1–4 consecutive French words inserted; word tags BIO. */
function splice([en, fr], rng) {
  const e = en.split(/\s+/);
  const f = fr.split(/\s+/);
  const n = 1 + rng.int(Math.min(4, f.length));
  const from = rng.int(f.length - n + 1);
  const at = rng.int(e.length + 1);
  const words = [...e.slice(0, at), ...f.slice(from, from + n), ...e.slice(at)];
  const tags = [
    ...e.slice(0, at).map(() => 'O'),
    ...f.slice(from, from + n).map((_, i) => (i ? 'I-FR' : 'B-FR')),
    ...e.slice(at).map(() => 'O'),
  ];
  return { words, tags };
}
const TAGS = ['O', 'B-FR', 'I-FR'];
function tagExample({ words, tags }) {
  const ids = [CLS];
  const labels = [-100];
  const first = [];
  words.forEach((w, i) => {
    const pieces = tok.encode(w, { addSpecialTokens: false }).ids;
    if (ids.length + pieces.length >= MAXLEN) return;
    first.push(ids.length);
    pieces.forEach((id, k) => {
      ids.push(id);
      labels.push(k === 0 ? TAGS.indexOf(tags[i]) : -100);
    });
  });
  ids.push(SEP);
  labels.push(-100);
  return { ids, labels, first, tags: tags.slice(0, first.length) };
}

const tasks = {
  langid: {
    Model: BertForSequenceClassification,
    numLabels: 2,
    train: langExamples(trainPairs),
    test: langExamples(testPairs),
    labelsOf: (batch) =>
      tf.tensor1d(
        batch.map((x) => x.label),
        'int32',
      ),
    async score(model, test) {
      let correct = 0;
      for (let i = 0; i < test.length; i += 64) {
        const batch = test.slice(i, i + 64);
        const x = inputs(batch);
        const pred = tf.tidy(() => tf.argMax(model.forward(x).logits, -1));
        (await pred.data()).forEach((p, k) => {
          if (p === batch[k].label) correct++;
        });
        tf.dispose([pred, ...Object.values(x)]);
      }
      return { accuracy: correct / test.length };
    },
  },
  tagging: {
    Model: BertForTokenClassification,
    numLabels: 3,
    train: trainPairs.map((p) => tagExample(splice(p, g))),
    test: testPairs.map((p) => tagExample(splice(p, new Generator(7)))),
    labelsOf: (batch) =>
      tf.tensor2d(
        padBatch(
          batch.map((x) => x.labels),
          -100,
        ).ids,
        undefined,
        'int32',
      ),
    async score(model, test) {
      const yTrue = [];
      const yPred = [];
      for (let i = 0; i < test.length; i += 64) {
        const batch = test.slice(i, i + 64);
        const x = inputs(batch);
        const pred = tf.tidy(() => tf.argMax(model.forward(x).logits, -1));
        const p = await pred.array();
        batch.forEach((ex, k) => {
          yTrue.push(ex.tags);
          yPred.push(ex.first.map((pos) => TAGS[p[k][pos]]));
        });
        tf.dispose([pred, ...Object.values(x)]);
      }
      const r = entityScores(yTrue, yPred);
      return {
        entityF1: r.micro.f1,
        precision: r.micro.precision,
        recall: r.micro.recall,
        tokenAccuracy: r.tokenAccuracy,
      };
    },
  },
};

function inputs(batch) {
  const { ids, attentionMask } = padBatch(
    batch.map((x) => x.ids),
    PAD,
  );
  return {
    inputIds: tf.tensor2d(ids, undefined, 'int32'),
    attentionMask: tf.tensor2d(attentionMask, undefined, 'int32'),
  };
}

// ───────────────────────────────────────── runs ─────────────────────────────────────────
const results = [];
for (const name of TASKS) {
  const task = tasks[name];
  log(`${name}: ${task.train.length} training / ${task.test.length} test examples`);
  for (const regime of REGIMES) {
    // The checkpoint has no classifier: bertFromHFState initialises it (and, for tagging, skips the pooler).
    const loaded = await loadPretrained(MODEL, { tokenizer: false });
    const cfg = { ...loaded.config, num_labels: task.numLabels, id2label: undefined, label2id: undefined };
    if (DROPOUT !== undefined) cfg.hidden_dropout_prob = cfg.attention_probs_dropout_prob = DROPOUT;
    const m = bertFromHFState(
      (c) => new task.Model(c, { generator: new Generator(0) }),
      cfg,
      loaded.state,
      new Generator(0),
    );
    loaded.dispose();
    m.train();
    m.freezeFor(regime);
    const trainable = m.numParameters(true);
    const optimizer = new AdamW({ lr: LR, weightDecay: 0.01, decayMask: decayMatricesOnly, params: m });
    const rng = new Generator(1);
    const started = performance.now();
    let last = 0;
    await fit({
      model: m,
      optimizer,
      loss: (batch) =>
        tf.tidy(() => {
          const x = inputs(batch);
          const labels = task.labelsOf(batch);
          return m.forward({ ...x, labels }).loss;
        }),
      data: function* () {
        for (;;) yield Array.from({ length: BATCH }, () => task.train[rng.int(task.train.length)]);
      },
      maxSteps: STEPS,
      schedule: (step) => LR * Math.min(1, (step + 1) / 20) * (1 - step / STEPS),
      clipNorm: 1,
      callbacks: [
        {
          onStep: ({ loss }) => {
            last = loss;
          },
        },
      ],
    });
    const seconds = (performance.now() - started) / 1000;
    m.eval();
    const score = await task.score(m, task.test);
    const row = {
      task: name,
      regime,
      trainableParameters: trainable,
      steps: STEPS,
      trainSeconds: +seconds.toFixed(1),
      finalLoss: +last.toFixed(4),
      ...score,
    };
    results.push(row);
    log('RESULT', JSON.stringify(row));
    optimizer.dispose();
    m.dispose();
  }
}
console.table(results);
