import { ArgumentError, Generator, ShapeError } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { keyPaddingMaskFromLengths } from './masks';
import { MultiHeadAttention } from './multi-head-attention';

const randn = (shape: [number, number, number], seed: number) =>
  tf.tensor3d(new Generator(seed).fillNormal(new Float32Array(shape[0] * shape[1] * shape[2])), shape);

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `Linformer attention on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('with identity E and F projections equals full attention', () =>
        withBackend(b.name, async () => {
          const T = 5;
          const plain = new MultiHeadAttention({ embedDim: 8, numHeads: 2, generator: new Generator(1) });
          const lin = new MultiHeadAttention({
            embedDim: 8,
            numHeads: 2,
            generator: new Generator(2),
            linformer: { maxSeqLen: T, projectedLength: T },
          });
          const eye = tf.eye(T);
          const state = { ...plain.stateDict(), linformer_e: eye, linformer_f: eye };
          lin.loadStateDict(state);
          const x = randn([2, T, 8], 3);
          const a = plain.forward({ query: x });
          const c = lin.forward({ query: x });
          expect(c.weights!.shape).toEqual([2, T, T]);
          expect(await maxAbsDiff(c.output, await a.output.data())).toBeLessThan(1e-5);
          tf.dispose([eye, x, a.output, a.weights!, c.output, c.weights!]);
          plain.dispose();
          lin.dispose();
        }));

      it('projects T keys to k, and padded keys do not change the output', () =>
        withBackend(b.name, async () => {
          const lin = new MultiHeadAttention({
            embedDim: 8,
            numHeads: 2,
            generator: new Generator(4),
            linformer: { maxSeqLen: 16, projectedLength: 3 },
          });
          const x = randn([2, 6, 8], 5);
          const noise = randn([2, 6, 8], 6);
          const kpm = keyPaddingMaskFromLengths([6, 4], 6);
          // Change only the padded positions (sequence 1, steps 4 and 5) of the keys/values.
          const keep = tf.tidy(() => tf.reshape(tf.cast(tf.logicalNot(kpm), 'float32'), [2, 6, 1]));
          const other = tf.tidy(() => tf.add(tf.mul(x, keep), tf.mul(noise, tf.sub(1, keep))));
          const a = lin.forward({ query: x, key: x, value: x, keyPaddingMask: kpm });
          const c = lin.forward({ query: x, key: other, value: other, keyPaddingMask: kpm });
          expect(a.weights!.shape).toEqual([2, 6, 3]);
          expect(await maxAbsDiff(c.output, await a.output.data())).toBeLessThan(1e-5);
          const causal = tf.zeros([6, 6], 'bool');
          expect(() => lin.forward({ query: x, attnMask: causal })).toThrow(ArgumentError);
          const long = tf.zeros([1, 17, 8]);
          expect(() => lin.forward({ query: long })).toThrow(ShapeError);
          tf.dispose([x, noise, kpm, keep, other, a.output, a.weights!, c.output, c.weights!, causal, long]);
          lin.dispose();
        }));
    },
  );
}
