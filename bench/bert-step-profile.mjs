#!/usr/bin/env node
// Where a BERT pre-training step's time goes on wasm: tf.profile of one step (forward + backward of the
// MLM-at-masked-rows + NSP loss, as bench/bert-pretrain.bench.mjs computes it) on a random batch of the
// pre-training shape; kernels summed by name, largest first.
//
//   node bench/bert-step-profile.mjs [--width 128] [--layers 4] [--vocab 6000] [--seq 64] [--batch 32] [--threads 2]
import { crossEntropy, Generator, useBackend } from '@glossa/core';
import { BertForPreTraining } from '@glossa/transformers';
import * as tf from '@tensorflow/tfjs-core';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return Number(i < 0 ? dflt : process.argv[i + 1]);
};
const [H, L, V, T, B] = [
  arg('width', 128),
  arg('layers', 4),
  arg('vocab', 6000),
  arg('seq', 64),
  arg('batch', 32),
];
await useBackend('wasm', { verbose: false, threads: arg('threads', 2) });
const g = new Generator(0);
const model = new BertForPreTraining(
  {
    vocab_size: V,
    hidden_size: H,
    num_hidden_layers: L,
    num_attention_heads: H / 32,
    intermediate_size: 4 * H,
    max_position_embeddings: T,
    initializer_range: 0.02,
  },
  { generator: g },
);
model.train();
const ids = Array.from({ length: B * T }, () => 5 + g.int(V - 5));
const rows = ids.map((_, i) => i).filter(() => g.uniform() < 0.15);
const b = {
  inputIds: tf.tensor2d(ids, [B, T], 'int32'),
  tokenTypeIds: tf.zeros([B, T], 'int32'),
  attentionMask: tf.ones([B, T], 'int32'),
  rows: tf.tensor1d(rows, 'int32'),
  labels: tf.tensor1d(
    rows.map((r) => ids[r]),
    'int32',
  ),
  nsp: tf.tensor1d(
    Array.from({ length: B }, () => g.int(2)),
    'int32',
  ),
};
const step = () =>
  tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const { lastHiddenState, pooledOutput } = model.bert.forward(b);
      const hidden = tf.gather(tf.reshape(lastHiddenState, [B * T, H]), b.rows);
      return tf.add(
        crossEntropy(model.cls.predictions.forward(hidden), b.labels),
        crossEntropy(model.cls.seq_relationship.forward(pooledOutput), b.nsp),
      );
    });
    return [value, ...Object.values(grads)];
  });
for (let i = 0; i < 2; i++) tf.dispose(step());
const t = performance.now();
for (let i = 0; i < 3; i++) {
  const out = step();
  await out[0].data();
  tf.dispose(out);
}
console.log(
  `B ${B} T ${T} H ${H} L ${L} V ${V}: ${((performance.now() - t) / 3).toFixed(0)} ms/step (forward+backward), ${rows.length} masked rows`,
);
const prof = await tf.profile(() => tf.dispose(step()));
const by = new Map();
for (const k of prof.kernels) {
  const key = `${k.name} ${k.inputShapes.map((s) => `[${s}]`).join('')}`;
  const e = by.get(key) ?? { ms: 0, n: 0 };
  e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  e.n += 1;
  by.set(key, e);
}
const total = [...by.values()].reduce((a, e) => a + e.ms, 0);
console.log(`profiled kernels: ${prof.kernels.length}, ${total.toFixed(0)} ms`);
for (const [k, e] of [...by].sort((a, c) => c[1].ms - a[1].ms).slice(0, 25)) {
  console.log(`${e.ms.toFixed(1).padStart(8)} ms ${String(e.n).padStart(4)}× ${k}`);
}
