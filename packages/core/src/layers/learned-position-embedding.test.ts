import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors';
import { Generator } from '../random';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { LearnedPositionEmbedding } from './learned-position-embedding';

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `LearnedPositionEmbedding on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('is an Embedding over positions: weight [maxLen, D], rows by length + offset or by per-row positions', () =>
        withBackend(b.name, async () => {
          const m = new LearnedPositionEmbedding({ maxLen: 5, embeddingDim: 2 });
          m.loadStateDict({ weight: { shape: [5, 2], data: [0, 1, 10, 11, 20, 21, 30, 31, 40, 41] } });
          expect(Object.keys(m.stateDict())).toEqual(['weight']);
          const a = m.forward(3);
          const c = m.forward(2, 3);
          const pos = tf.tensor2d(
            [
              [0, 0, 1],
              [2, 3, 4],
            ],
            [2, 3],
            'int32',
          );
          const rows = m.forward(pos);
          expect(Array.from(await a.data())).toEqual([0, 1, 10, 11, 20, 21]);
          expect(Array.from(await c.data())).toEqual([30, 31, 40, 41]);
          expect(rows.shape).toEqual([2, 3, 2]);
          expect(Array.from(await rows.data())).toEqual([0, 1, 0, 1, 10, 11, 20, 21, 30, 31, 40, 41]);
          tf.dispose([a, c, pos, rows]);
          m.dispose();
        }));

      it('trains: the gradient of the offset form reaches exactly the rows used', () =>
        withBackend(b.name, async () => {
          const m = new LearnedPositionEmbedding({ maxLen: 4, embeddingDim: 2, generator: new Generator(1) });
          const { value, grads } = tf.variableGrads(() => tf.sum(m.forward(2, 1)) as tf.Scalar);
          expect(await maxAbsDiff(grads[m.weight.name]!, [0, 0, 1, 1, 1, 1, 0, 0])).toBe(0);
          tf.dispose([value, ...Object.values(grads)]);
          m.dispose();
        }));

      it('rejects positions at or beyond maxLen with typed errors', () =>
        withBackend(b.name, async () => {
          const m = new LearnedPositionEmbedding({ maxLen: 4, embeddingDim: 2 });
          expect(() => m.forward(2, 3)).toThrow(
            /LearnedPositionEmbedding.forward\(offset \+ length\): expected at most maxLen = 4/,
          );
          const far = tf.tensor1d([4], 'int32');
          expect(() => m.forward(far)).toThrow(ArgumentError);
          far.dispose();
          m.dispose();
        }));
    },
  );
}

describe('LearnedPositionEmbedding init', () => {
  it('draws N(0, std²), seeded, and can be frozen', async () => {
    const { useBackend } = await import('../backend/backend');
    await useBackend('cpu', { verbose: false });
    const m = new LearnedPositionEmbedding({
      maxLen: 200,
      embeddingDim: 50,
      std: 0.02,
      generator: new Generator(4),
    });
    const w = Array.from(await m.weight.data());
    const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    expect(Math.abs(std - 0.02)).toBeLessThan(0.002);
    const frozen = new LearnedPositionEmbedding({ maxLen: 3, embeddingDim: 2, freeze: true });
    expect(frozen.trainableParameters()).toEqual({});
    expect(() => new LearnedPositionEmbedding({ maxLen: 0, embeddingDim: 2 })).toThrow(ArgumentError);
    expect(() => new LearnedPositionEmbedding({ maxLen: 2, embeddingDim: 2, std: -1 })).toThrow(/std/);
    m.dispose();
    frozen.dispose();
  });
});
