/**
 * SequenceClassifier and SequenceTagger: names, shapes, padding invariance of every pooling (a padded
 * row gives the logits of its sequence alone), feature inputs; learning tests on wasm: the classifier
 * learns "does token 1 occur" on padded variable-length batches, the tagger learns to tag each token
 * with its predecessor.
 */
import { Adam, crossEntropy, Generator } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { randomTensor, rng } from '../test/helpers';
import { SequenceClassifier, type SequencePooling } from './sequence-classifier';
import { SequenceTagger } from './sequence-tagger';

/** Random ids in [2, V) of `lengths`, right-padded with 0. */
function batch(lengths: number[], T: number, V: number, seed: number): number[][] {
  const r = rng(seed);
  return lengths.map((L) => Array.from({ length: T }, (_, t) => (t < L ? 2 + Math.floor(r() * (V - 2)) : 0)));
}

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `sequence heads on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it.each(['last', 'mean', 'max'] as SequencePooling[])(
        'classifier pooling %s ignores padding',
        (pooling) =>
          withBackend(b.name, async () => {
            const clf = new SequenceClassifier({
              vocabSize: 9,
              embeddingDim: 4,
              hiddenSize: 5,
              bidirectional: true,
              numClasses: 3,
              pooling,
              paddingIdx: 0,
              generator: new Generator(4),
            });
            const rows = batch([6, 3], 6, 9, 1);
            const x = tf.tensor2d(rows, [2, 6], 'int32');
            const logits = clf.forward(x, { lengths: [6, 3] });
            expect(logits.shape).toEqual([2, 3]);
            const alone = tf.tensor2d([(rows[1] as number[]).slice(0, 3)], [1, 3], 'int32');
            const want = clf.forward(alone);
            const got = tf.slice(logits, [1, 0], [1, -1]);
            expect(await maxAbsDiff(got, await want.data())).toBeLessThan(1e-5);
            tf.dispose([x, logits, alone, want, got]);
            clf.dispose();
          }),
      );

      it('classifier on features and tagger shapes and names', () =>
        withBackend(b.name, () => {
          const clf = new SequenceClassifier({ inputSize: 3, hiddenSize: 4, rnnType: 'gru', numClasses: 2 });
          const x = randomTensor([2, 5, 3], 2);
          const mask = tf.tensor2d([0, 0, 0, 0, 0, 0, 0, 0, 1, 1], [2, 5], 'bool');
          const y = clf.forward(x, { mask });
          expect(y.shape).toEqual([2, 2]);
          expect(Object.keys(clf.stateDict())).toEqual([
            'rnn.weight_ih_l0',
            'rnn.weight_hh_l0',
            'rnn.bias_ih_l0',
            'rnn.bias_hh_l0',
            'classifier.weight',
            'classifier.bias',
          ]);
          const tagger = new SequenceTagger({ vocabSize: 6, hiddenSize: 4, bidirectional: true, numTags: 3 });
          const ids = tf.tensor2d([[1, 2, 3]], [1, 3], 'int32');
          const tags = tagger.forward(ids);
          expect(tags.shape).toEqual([1, 3, 3]);
          expect(() => new SequenceClassifier({ hiddenSize: 4, numClasses: 2 })).toThrow(/inputSize/);
          tf.dispose([x, y, mask, ids, tags]);
          clf.dispose();
          tagger.dispose();
        }));

      it.runIf(b.name === 'wasm')(
        'classifier learns “does token 1 occur” on padded batches (learning, wasm)',
        () =>
          withBackend(b.name, async () => {
            const V = 8;
            const T = 10;
            const make = (n: number, seed: number) => {
              const r = rng(seed);
              const lengths = Array.from({ length: n }, () => 3 + Math.floor(r() * (T - 2)));
              const rows = batch(lengths, T, V, seed + 1);
              const labels = rows.map((row, i) => {
                if (r() < 0.5) row[Math.floor(r() * (lengths[i] as number))] = 1;
                return row.includes(1) ? 1 : 0;
              });
              return {
                x: tf.tensor2d(rows, [n, T], 'int32'),
                y: tf.tensor1d(labels, 'int32'),
                lengths,
                labels,
              };
            };
            const train = make(256, 10);
            const test = make(64, 99);
            const clf = new SequenceClassifier({
              vocabSize: V,
              embeddingDim: 8,
              hiddenSize: 16,
              numClasses: 2,
              pooling: 'max',
              paddingIdx: 0,
              generator: new Generator(1),
            });
            const opt = new Adam({ lr: 0.02, params: clf });
            for (let step = 0; step < 60; step++) {
              const { value, grads } = tf.variableGrads(
                () => crossEntropy(clf.forward(train.x, { lengths: train.lengths }), train.y) as tf.Scalar,
              );
              opt.step(grads);
              tf.dispose([value, ...Object.values(grads)]);
            }
            clf.eval();
            const pred = tf.tidy(() => tf.argMax(clf.forward(test.x, { lengths: test.lengths }), -1));
            const p = await pred.data();
            const acc = test.labels.filter((l, i) => p[i] === l).length / test.labels.length;
            expect(acc).toBeGreaterThanOrEqual(0.9);
            tf.dispose([train.x, train.y, test.x, test.y, pred]);
            opt.dispose();
            clf.dispose();
          }),
      );

      it.runIf(b.name === 'wasm')(
        'tagger learns to tag each token with its predecessor (learning, wasm)',
        () =>
          withBackend(b.name, async () => {
            const V = 6;
            const rows = batch(new Array(32).fill(8), 8, V, 5);
            const tags = rows.map((row) => row.map((_, t) => (t === 0 ? 0 : (row[t - 1] as number))));
            const x = tf.tensor2d(rows, [32, 8], 'int32');
            const y = tf.tensor2d(tags, [32, 8], 'int32');
            const tagger = new SequenceTagger({
              vocabSize: V,
              embeddingDim: 8,
              hiddenSize: 16,
              numTags: V,
              generator: new Generator(2),
            });
            const opt = new Adam({ lr: 0.03, params: tagger });
            for (let step = 0; step < 80; step++) {
              const { value, grads } = tf.variableGrads(
                () => crossEntropy(tagger.forward(x), y) as tf.Scalar,
              );
              opt.step(grads);
              tf.dispose([value, ...Object.values(grads)]);
            }
            const pred = tf.tidy(() => tf.argMax(tagger.forward(x), -1));
            const p = await pred.data();
            const flat = tags.flat();
            expect(flat.filter((t, i) => p[i] === t).length / flat.length).toBeGreaterThan(0.95);
            tf.dispose([x, y, pred]);
            opt.dispose();
            tagger.dispose();
          }),
      );
    },
  );
}
