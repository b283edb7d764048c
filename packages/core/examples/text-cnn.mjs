#!/usr/bin/env node
// A sentence classifier after Kim (2014), "Convolutional Neural Networks for Sentence
// Classification": embedding → parallel Conv1d with kernel sizes 3, 4, 5 × 100 filters → ReLU →
// max-over-time pooling → dropout 0.5 → linear. Here over characters, on a toy task: is a Tatoeba
// sentence English or French? (200 sentence pairs in ./data, CC BY 2.0 — see ./data/SOURCES.md.)
//
//   pnpm --filter @glossa/core build
//   node packages/core/examples/text-cnn.mjs [--backend wasm|cpu|webgpu] [--epochs 20]
import { readFileSync } from 'node:fs';
import {
  AdamW,
  Conv1d,
  crossEntropy,
  Dropout,
  Embedding,
  fit,
  Generator,
  globalMaxPool1d,
  Linear,
  Module,
  ModuleList,
  useBackend,
} from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const info = await useBackend(arg('backend', 'wasm'), { verbose: false });
const epochs = Number(arg('epochs', 20));

// ---- data: 150 pairs for training, 50 held out; each pair gives an English and a French sentence
const pairs = readFileSync(new URL('./data/tatoeba-eng-fra.200.tsv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => line.split('\t'));
const examples = (rows) =>
  rows.flatMap(([en, fr]) => [
    { text: en, label: 0 },
    { text: fr, label: 1 },
  ]);
const train = examples(pairs.slice(0, 150));
const test = examples(pairs.slice(150));
const LANGS = ['English', 'French'];

// Characters seen in training, lower-cased; 0 = padding, 1 = unknown.
const chars = [...new Set(train.flatMap((e) => [...e.text.toLowerCase()]))].sort();
const vocab = new Map(chars.map((c, i) => [c, i + 2]));
const KERNELS = [3, 4, 5];
const encode = (text) => [...text.toLowerCase()].map((c) => vocab.get(c) ?? 1);

/** A batch: ids [B, T] right-padded with 0, labels [B], and each conv's padding mask [B, T − k + 1]. */
function toBatch(rows) {
  const seqs = rows.map((e) => encode(e.text));
  const t = Math.max(Math.max(...KERNELS), ...seqs.map((s) => s.length));
  const ids = tf.tensor2d(
    seqs.map((s) => [...s, ...new Array(t - s.length).fill(0)]),
    [rows.length, t],
    'int32',
  );
  const y = tf.tensor1d(
    rows.map((e) => e.label),
    'int32',
  );
  // A window is padding when it starts past the last k − 1 real characters (short sentences keep one).
  const masks = KERNELS.map((k) =>
    tf.tensor2d(
      seqs.map((s) => Array.from({ length: t - k + 1 }, (_, i) => i > Math.max(0, s.length - k))),
      [rows.length, t - k + 1],
      'bool',
    ),
  );
  return { ids, y, masks };
}
const disposeBatch = (b) => tf.dispose([b.ids, b.y, ...b.masks]);

// ---- the model
class TextCNN extends Module {
  constructor({ vocabSize, embeddingDim = 32, filters = 100, classes = 2, generator }) {
    super();
    this.embed = this.registerModule(
      'embed',
      new Embedding({ numEmbeddings: vocabSize, embeddingDim, paddingIdx: 0, generator }),
    );
    // [B, T, D] in, [B, T − k + 1, filters] out: channelsLast saves two transposes per conv.
    this.convs = this.registerModule(
      'convs',
      new ModuleList(
        KERNELS.map(
          (k) =>
            new Conv1d({
              inChannels: embeddingDim,
              outChannels: filters,
              kernelSize: k,
              channelsLast: true,
              generator,
            }),
        ),
      ),
    );
    this.dropout = this.registerModule('dropout', new Dropout({ p: 0.5, generator }));
    this.fc = this.registerModule(
      'fc',
      new Linear({ inFeatures: KERNELS.length * filters, outFeatures: classes, generator }),
    );
  }

  /** ids [B, T] → logits [B, classes]. */
  forward(ids, masks) {
    return tf.tidy(() => {
      const x = this.embed.forward(ids);
      const features = [...this.convs].map((conv, i) =>
        globalMaxPool1d(tf.relu(conv.forward(x)), { channelsLast: true, paddingMask: masks?.[i] }),
      );
      return this.fc.forward(this.dropout.forward(tf.concat(features, 1)));
    });
  }
}

const generator = new Generator(2014);
const model = new TextCNN({ vocabSize: chars.length + 2, generator });
console.log(
  `text CNN on ${info.name}: ${train.length} training / ${test.length} held-out sentences, ` +
    `${chars.length} characters, ${model.numParameters().toLocaleString('en-US')} parameters`,
);

function* batches() {
  const order = generator.shuffle([...train.keys()]);
  for (let i = 0; i < order.length; i += 30) {
    const b = toBatch(order.slice(i, i + 30).map((j) => train[j]));
    try {
      yield b;
    } finally {
      disposeBatch(b);
    }
  }
}

async function accuracy(rows) {
  model.eval();
  const b = toBatch(rows);
  const predicted = tf.tidy(() => tf.argMax(model.forward(b.ids, b.masks), 1));
  const p = await predicted.data();
  tf.dispose(predicted);
  disposeBatch(b);
  model.train();
  return { acc: rows.filter((e, i) => p[i] === e.label).length / rows.length, p };
}

const optimizer = new AdamW({ lr: 2e-3, weightDecay: 0, params: model });
const started = performance.now();
await fit({
  model,
  optimizer,
  loss: (b) => crossEntropy(model.forward(b.ids, b.masks), b.y),
  data: batches,
  epochs,
  callbacks: [
    {
      async onStep(i) {
        if (i.step % 10 === 0)
          console.log(`epoch ${i.epoch + 1} · step ${i.step} · loss ${i.loss.toFixed(4)}`);
      },
    },
  ],
});
const seconds = (performance.now() - started) / 1000;
const { acc: trainAcc } = await accuracy(train);
const { acc, p } = await accuracy(test);
console.log(`trained in ${seconds.toFixed(1)} s`);
console.log(
  `accuracy: train ${(100 * trainAcc).toFixed(1)} %, held out ${(100 * acc).toFixed(1)} % (${test.length} sentences)`,
);
for (const i of [0, 1, 2, 3]) console.log(`  ${LANGS[p[i]].padEnd(7)} ← ${test[i].text}`);
const mistakes = test.filter((e, i) => p[i] !== e.label);
for (const e of mistakes.slice(0, 5)) console.log(`  mistaken for ${LANGS[1 - e.label]}: ${e.text}`);
optimizer.dispose();
model.dispose();
