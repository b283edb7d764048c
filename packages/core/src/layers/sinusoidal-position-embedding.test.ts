import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture } from '../../test/fixtures/load';
import { ArgumentError } from '../errors';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { SinusoidalPositionEmbedding, sinusoidalPositions } from './sinusoidal-position-embedding';

const pub = loadFixture('modules.public.json').positional_encoding as {
  d_model: number;
  max_len: number;
  values_float64: FixtureTensor;
};

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `sinusoidal positions on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('sinusoidalPositions equals the paper’s encoding (modules.public.json positional_encoding)', () =>
        withBackend(b.name, async () => {
          const pe = sinusoidalPositions(pub.max_len, pub.d_model);
          expect(pe.shape).toEqual(pub.values_float64.shape);
          expect(await maxAbsDiff(pe, pub.values_float64.data)).toBeLessThan(1e-6);
          pe.dispose();
        }));

      it('the module keeps the table in the persistent buffer pe and slices it by length and offset', () =>
        withBackend(b.name, async () => {
          const m = new SinusoidalPositionEmbedding({ maxLen: pub.max_len, embeddingDim: pub.d_model });
          expect(Object.keys(m.stateDict())).toEqual(['pe']);
          expect(m.parameters()).toEqual([]);
          const d = pub.d_model;
          const all = pub.values_float64.data;
          const first = m.forward(4);
          const next = m.forward(1, 17);
          expect(first.shape).toEqual([4, d]);
          expect(await maxAbsDiff(first, all.slice(0, 4 * d))).toBeLessThan(1e-6);
          expect(await maxAbsDiff(next, all.slice(17 * d, 18 * d))).toBeLessThan(1e-6);
          const pos = tf.tensor2d(
            [
              [0, 0, 1],
              [5, 6, 7],
            ],
            [2, 3],
            'int32',
          );
          const rows = m.forward(pos);
          expect(rows.shape).toEqual([2, 3, d]);
          const want = [0, 0, 1, 5, 6, 7].flatMap((p) => all.slice(p * d, (p + 1) * d));
          expect(await maxAbsDiff(rows, want)).toBeLessThan(1e-6);
          tf.dispose([first, next, pos, rows]);
          m.dispose();
        }));

      it('loads its buffer from a state dict (strict) and replaces the table', () =>
        withBackend(b.name, async () => {
          const m = new SinusoidalPositionEmbedding({ maxLen: 3, embeddingDim: 2 });
          m.loadStateDict({ pe: { shape: [3, 2], data: [1, 2, 3, 4, 5, 6] } });
          const y = m.forward(2, 1);
          expect(Array.from(await y.data())).toEqual([3, 4, 5, 6]);
          y.dispose();
          m.dispose();
        }));

      it('rejects positions at or beyond maxLen with typed errors, leaking nothing', () =>
        withBackend(b.name, async () => {
          const m = new SinusoidalPositionEmbedding({ maxLen: 8, embeddingDim: 4 });
          expect(() => m.forward(9)).toThrow(
            /SinusoidalPositionEmbedding.forward\(offset \+ length\): expected at most maxLen = 8 \(positions 0…8 were asked for\), received 9 \(number\)/,
          );
          expect(() => m.forward(2, 7)).toThrow(ArgumentError);
          expect(() => m.forward(2, -1)).toThrow(ArgumentError);
          const far = tf.tensor1d([3, 8], 'int32');
          const float = tf.tensor1d([3, 4]);
          expect(() => m.forward(far)).toThrow(
            /forward\(positions\): expected positions in \[0, 7\], received 8/,
          );
          expect(() => m.forward(float)).toThrow(/an int32 tensor of positions/);
          expect(() => m.forward(far, 2)).toThrow(/positions are absolute/);
          tf.dispose([far, float]);
          m.dispose();
        }));
    },
  );
}

describe('sinusoidalPositions arguments', () => {
  it('supports an odd width (last column a sine) and rejects bad sizes', async () => {
    const { useBackend } = await import('../backend/backend');
    await useBackend('cpu', { verbose: false });
    const pe = sinusoidalPositions(3, 5);
    const row2 = Array.from((await pe.data()).slice(10, 15));
    const want = [0, 0, 2, 2, 4].map((i, k) => (k % 2 ? Math.cos : Math.sin)(2 / 10000 ** (i / 5)));
    expect(await maxAbsDiff(row2, want)).toBeLessThan(1e-6);
    pe.dispose();
    expect(() => sinusoidalPositions(0, 4)).toThrow(ArgumentError);
    expect(() => sinusoidalPositions(4, 2, -1)).toThrow(/sinusoidalPositions\(base\)/);
  });
});
