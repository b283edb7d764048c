// A tiny BERT learns masked-LM on sequences whose masked tokens follow from a neighbour, with the
// collator's 80/10/10 masking (wasm only, to keep CI short); a training step leaves
// tf.memory().numTensors unchanged; fine-tuning with a frozen encoder changes only the classifier.
import { AdamW, cosineWithWarmup, fit, Generator } from '@glossa/core';
import { backendsUnderTest, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { maskTokens } from './bert-collator';
import { BertForMaskedLM, BertForSequenceClassification } from './bert-heads';

const [PAD, CLS, SEP, MASK] = [0, 2, 3, 4];
const FIRST = 5;
const K = 7; // symbols FIRST … FIRST + K − 1
const T = 10;
const small = {
  vocab_size: FIRST + K,
  hidden_size: 64,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  intermediate_size: 128,
  max_position_embeddings: T + 2,
  hidden_dropout_prob: 0,
  attention_probs_dropout_prob: 0,
  initializer_range: 0.1, // HF's 0.02 leaves a tiny model on a plateau for hundreds of steps
};

/**
 * `[CLS] a … a b … b [SEP]`: two random symbols, the first for a random-length prefix: a masked symbol
 * follows from the visible ones around it (context, not position, decides).
 */
function sequences(g: Generator, n: number): number[][] {
  return Array.from({ length: n }, () => {
    const [a, b] = [FIRST + g.int(K), FIRST + g.int(K)];
    const cut = 2 + g.int(T - 3);
    return [CLS, ...Array.from({ length: T }, (_, i) => (i < cut ? a : b)), SEP];
  });
}

const masked = (g: Generator, n: number) => {
  const m = maskTokens(sequences(g, n), {
    maskTokenId: MASK,
    vocabSize: FIRST + K,
    specialIds: [PAD, 1, CLS, SEP, MASK],
    generator: g,
  });
  return {
    inputIds: tf.tensor2d(m.inputIds, undefined, 'int32'),
    labels: tf.tensor2d(m.labels, undefined, 'int32'),
  };
};

const wasm = (await backendsUnderTest()).find((b) => b.name === 'wasm');

describe.skipIf(!wasm?.available)('BERT training on wasm', () => {
  it(
    'masked-LM: loss falls from ln V to < 0.5 and masked tokens are recovered (> 80 %), without leaking tensors',
    () =>
      withBackend('wasm', async () => {
        const g = new Generator(0);
        const model = new BertForMaskedLM(small, { generator: g });
        const optimizer = new AdamW({ lr: 3e-3, weightDecay: 0.01, params: model });
        const counts: number[] = [];
        const { history } = await fit({
          model,
          optimizer,
          loss: (b: ReturnType<typeof masked>) => model.forward(b).loss!,
          data: function* () {
            for (;;) {
              const b = masked(g, 32);
              try {
                yield b;
              } finally {
                tf.dispose([b.inputIds, b.labels]); // also when fit stops after the last step
              }
            }
          },
          maxSteps: 120,
          schedule: cosineWithWarmup({ lr: 3e-3, warmupSteps: 30, totalSteps: 120, minLr: 3e-4 }),
          clipNorm: 1,
          callbacks: [{ onStep: () => void counts.push(tf.memory().numTensors) }],
        });
        // Optimizer state appears at step 1; every later step leaves the tensor count unchanged.
        expect(new Set(counts.slice(1)).size).toBe(1);
        expect(history[0]!.loss).toBeGreaterThan(1.5);
        model.eval();
        const test = masked(new Generator(99), 128);
        const before = tf.memory().numTensors;
        const { predictionLogits, loss, lastHiddenState } = model.forward(test);
        const pred = tf.argMax(predictionLogits!, -1);
        const [p, l] = [await pred.data(), await test.labels.data()];
        let right = 0;
        let n = 0;
        l.forEach((label, i) => {
          if (label === -100) return;
          n++;
          if (p[i] === label) right++;
        });
        const lossValue = (await loss!.data())[0]!;
        console.log(`BERT MLM: eval loss ${lossValue.toFixed(3)}, ${right}/${n} masked tokens recovered`);
        expect(lossValue).toBeLessThan(0.5);
        expect(right / n).toBeGreaterThan(0.8);
        tf.dispose([predictionLogits!, loss!, lastHiddenState, pred, test.inputIds, test.labels]);
        expect(tf.memory().numTensors).toBe(before - 2);
        optimizer.dispose();
        model.dispose();
      }),
    60_000,
  );

  it('fine-tuning with a frozen encoder changes only the classifier', () =>
    withBackend('wasm', async () => {
      const model = new BertForSequenceClassification(
        { ...small, num_labels: 2 },
        { generator: new Generator(1) },
      );
      model.freezeFor('encoder');
      const snapshot = Object.fromEntries(Object.entries(model.stateDict()).map(([k, v]) => [k, v.clone()]));
      const optimizer = new AdamW({ lr: 1e-2, params: model });
      const g = new Generator(2);
      await fit({
        model,
        optimizer,
        loss: (b: { inputIds: tf.Tensor; labels: tf.Tensor }) => model.forward(b).loss!,
        data: function* () {
          for (let i = 0; i < 5; i++) {
            const seqs = sequences(g, 8);
            const b = {
              inputIds: tf.tensor2d(seqs, undefined, 'int32'),
              labels: tf.tensor1d(
                seqs.map((s) => s[1]! % 2),
                'int32',
              ),
            };
            yield b;
            tf.dispose([b.inputIds, b.labels]);
          }
        },
      });
      for (const [k, v] of Object.entries(model.stateDict())) {
        const same = tf.tidy(() => tf.all(tf.equal(v, snapshot[k]!)).dataSync()[0]);
        expect(Boolean(same), k).toBe(!k.startsWith('classifier.'));
      }
      tf.dispose(Object.values(snapshot));
      optimizer.dispose();
      model.dispose();
    }));
});
