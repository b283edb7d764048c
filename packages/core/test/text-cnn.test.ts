// A tiny Kim-2014 text CNN (embedding → parallel Conv1d → ReLU → max over time → dropout → linear),
// built from core's pieces, learns a trivially learnable task: does the sequence contain token 7?
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ModuleList } from '../src/containers/module-list';
import { globalMaxPool1d } from '../src/functional/global-pool1d';
import { Conv1d } from '../src/layers/conv1d';
import { Dropout } from '../src/layers/dropout';
import { Embedding } from '../src/layers/embedding';
import { Linear } from '../src/layers/linear';
import { crossEntropy } from '../src/losses/cross-entropy';
import { Module } from '../src/module';
import { AdamW } from '../src/optim/adamw';
import { Generator } from '../src/random';
import { backendsUnderTest, withBackend } from '../src/testing';
import { fit } from '../src/train/fit';

class TextCNN extends Module {
  readonly embed: Embedding;
  readonly convs: ModuleList<Conv1d>;
  readonly drop: Dropout;
  readonly fc: Linear;
  constructor(o: {
    vocab: number;
    dim: number;
    kernels: number[];
    filters: number;
    classes: number;
    g: Generator;
  }) {
    super();
    this.embed = this.registerModule(
      'embed',
      new Embedding({ numEmbeddings: o.vocab, embeddingDim: o.dim, paddingIdx: 0, generator: o.g }),
    );
    this.convs = this.registerModule(
      'convs',
      new ModuleList(
        o.kernels.map(
          (k) =>
            new Conv1d({
              inChannels: o.dim,
              outChannels: o.filters,
              kernelSize: k,
              channelsLast: true,
              generator: o.g,
            }),
        ),
      ),
    );
    this.drop = this.registerModule('drop', new Dropout({ p: 0.5, generator: o.g }));
    this.fc = this.registerModule(
      'fc',
      new Linear({ inFeatures: o.kernels.length * o.filters, outFeatures: o.classes, generator: o.g }),
    );
  }
  /** `[B, T]` ids → `[B, classes]` logits. */
  forward(ids: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const x = this.embed.forward(ids); // [B, T, D]
      const pooled = [...this.convs].map((conv) =>
        globalMaxPool1d(tf.relu(conv.forward(x)), { channelsLast: true }),
      );
      return this.fc.forward(this.drop.forward(tf.concat(pooled, 1)));
    });
  }
}

/** `n` sequences of length `t` over tokens 1…9; half contain a 7 (label 1), half do not (label 0). */
function task(n: number, t: number, g: Generator): { ids: number[][]; labels: number[] } {
  const ids: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const row = Array.from({ length: t }, () => {
      let tok = 1 + g.int(9);
      while (tok === 7) tok = 1 + g.int(9);
      return tok;
    });
    if (label) for (let k = 0, m = 1 + g.int(2); k < m; k++) row[g.int(t)] = 7;
    ids.push(row);
    labels.push(label);
  }
  return { ids, labels };
}

const backends = (await backendsUnderTest()).filter((b) => b.available && b.name !== 'webgpu');
const backend = backends.find((b) => b.name === 'wasm') ?? backends[0];

describe.skipIf(!backend)(`text CNN on ${backend?.name ?? 'cpu/wasm (none available)'}`, () => {
  it('learns "contains token 7" to ≥ 95 % held-out accuracy', () =>
    withBackend(backend!.name, async () => {
      const g = new Generator(7);
      const model = new TextCNN({ vocab: 10, dim: 16, kernels: [3, 4, 5], filters: 8, classes: 2, g });
      const train = task(512, 12, g);
      const test = task(200, 12, g);
      const opt = new AdamW({ lr: 0.01, weightDecay: 0, params: model });
      function* batches(epoch: number) {
        const order = new Generator(100 + epoch).shuffle([...train.ids.keys()]);
        for (let i = 0; i < order.length; i += 32) {
          const rows = order.slice(i, i + 32);
          const x = tf.tensor2d(
            rows.map((r) => train.ids[r]!),
            undefined,
            'int32',
          );
          const y = tf.tensor1d(
            rows.map((r) => train.labels[r]!),
            'int32',
          );
          try {
            yield { x, y };
          } finally {
            tf.dispose([x, y]);
          }
        }
      }
      const result = await fit({
        model,
        optimizer: opt,
        loss: ({ x, y }) => crossEntropy(model.forward(x), y),
        data: batches,
        epochs: 6,
      });
      expect(result.history.at(-1)!.loss).toBeLessThan(result.history[0]!.loss);
      model.eval();
      const x = tf.tensor2d(test.ids, undefined, 'int32');
      const predicted = tf.tidy(() => tf.argMax(model.forward(x), 1));
      const p = await predicted.data();
      const accuracy = test.labels.filter((l, i) => p[i] === l).length / test.labels.length;
      expect(accuracy).toBeGreaterThanOrEqual(0.95);
      tf.dispose([x, predicted]);
      opt.dispose();
      model.dispose();
    }));
});
