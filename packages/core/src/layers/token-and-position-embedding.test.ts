import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture, lossWeights } from '../../test/fixtures/load';
import { ArgumentError, ShapeError } from '../errors';
import { Generator } from '../random';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { TokenAndPositionEmbedding } from './token-and-position-embedding';

interface PosCase {
  name: string;
  config: {
    vocab_size: number;
    embedding_dim: number;
    max_len: number;
    positions: 'learned' | 'sinusoidal';
    scale: boolean;
    padding_idx: number | null;
  };
  state_dict_keys: string[];
  params: Record<string, FixtureTensor>;
  ids: FixtureTensor;
  positions: FixtureTensor | null;
  offset: number;
  output: FixtureTensor;
  grads: Record<string, FixtureTensor>;
}
const cases = loadFixture('positions.torch.json').token_and_position as PosCase[];

const make = (c: PosCase, dropout = 0) =>
  new TokenAndPositionEmbedding({
    vocabSize: c.config.vocab_size,
    embeddingDim: c.config.embedding_dim,
    maxLen: c.config.max_len,
    positions: c.config.positions,
    scale: c.config.scale,
    paddingIdx: c.config.padding_idx ?? undefined,
    dropout,
    generator: new Generator(0),
  });

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `TokenAndPositionEmbedding on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      for (const c of cases) {
        it(`matches PyTorch: state-dict names, output and gradients (${c.name})`, () =>
          withBackend(b.name, async () => {
            const m = make(c);
            expect(Object.keys(m.stateDict())).toEqual(c.state_dict_keys);
            m.loadStateDict(c.params);
            const ids = tf.tensor(c.ids.data, c.ids.shape, 'int32');
            const positions = c.positions
              ? tf.tensor(c.positions.data, c.positions.shape, 'int32')
              : undefined;
            const opts = positions ? { positions } : { positionOffset: c.offset };
            const y = m.forward(ids, opts);
            expect(y.shape).toEqual(c.output.shape);
            expect(await maxAbsDiff(y, c.output.data)).toBeLessThan(1e-5);
            const w = tf.tensor(lossWeights(y.shape), y.shape);
            const { value, grads } = tf.variableGrads(
              () => tf.sum(tf.mul(m.forward(ids, opts), w)) as tf.Scalar,
            );
            const named = Object.fromEntries(m.namedParameters().map(([n, v]) => [n, grads[v.name]]));
            expect(Object.keys(named).sort()).toEqual(Object.keys(c.grads).sort());
            for (const [n, g] of Object.entries(c.grads)) {
              expect(await maxAbsDiff(named[n]!, g.data)).toBeLessThan(1e-5);
            }
            tf.dispose([ids, y, w, value, ...Object.values(grads), ...(positions ? [positions] : [])]);
            m.dispose();
          }));
      }

      it('decoding one token at a time with positionOffset equals the full forward', () =>
        withBackend(b.name, async () => {
          const c = cases.find((k) => k.name === 'sinusoidal_scaled_offset0')!;
          const m = make(c);
          m.loadStateDict(c.params);
          const ids = tf.tensor(c.ids.data, c.ids.shape, 'int32');
          const full = m.forward(ids);
          const t = c.ids.shape[1]!;
          const steps = Array.from({ length: t }, (_, i) => {
            const one = tf.slice(ids, [0, i], [-1, 1]);
            const y = m.forward(one, { positionOffset: i });
            one.dispose();
            return y;
          });
          const stitched = tf.concat(steps, 1);
          expect(await maxAbsDiff(stitched, await full.data())).toBeLessThan(1e-6);
          tf.dispose([ids, full, stitched, ...steps]);
          m.dispose();
        }));

      it('applies dropout in training mode only', () =>
        withBackend(b.name, async () => {
          const m = make(cases[0]!, 0.5);
          const ids = tf.tensor2d([[1, 2, 3]], [1, 3], 'int32');
          const train = m.forward(ids);
          const evalOut = m.eval().forward(ids);
          const zerosInTrain = Array.from(await train.data()).filter((v) => v === 0).length;
          const zerosInEval = Array.from(await evalOut.data()).filter((v) => v === 0).length;
          expect(zerosInTrain).toBeGreaterThan(0);
          expect(zerosInEval).toBe(0);
          tf.dispose([ids, train, evalOut]);
          m.dispose();
        }));

      it('rejects positions beyond maxLen and mismatched per-row positions, leaking nothing', () =>
        withBackend(b.name, async () => {
          const m = make(cases[0]!); // maxLen 8
          const ids = tf.tensor2d([[1, 2, 3]], [1, 3], 'int32');
          const wrong = tf.tensor2d([[0, 1]], [1, 2], 'int32');
          const far = tf.tensor2d([[0, 1, 8]], [1, 3], 'int32');
          expect(() => m.forward(ids, { positionOffset: 6 })).toThrow(
            /forward\(offset \+ length\): expected at most maxLen = 8 \(positions 6…8 were asked for\)/,
          );
          expect(() => m.forward(ids, { positions: wrong })).toThrow(ShapeError);
          expect(() => m.forward(ids, { positions: far })).toThrow(ArgumentError);
          tf.dispose([ids, wrong, far]);
          m.dispose();
        }));
    },
  );
}

describe('TokenAndPositionEmbedding options', () => {
  it('checks its options', async () => {
    const { useBackend } = await import('../backend/backend');
    await useBackend('cpu', { verbose: false });
    const base = { vocabSize: 5, embeddingDim: 4, maxLen: 6 };
    expect(() => new TokenAndPositionEmbedding({ ...base, positions: 'rotary' as 'learned' })).toThrow(
      /TokenAndPositionEmbedding\(positions\): expected 'learned' or 'sinusoidal', received "rotary" \(string\)/,
    );
    expect(() => new TokenAndPositionEmbedding({ ...base, maxLen: 0 })).toThrow(ArgumentError);
    expect(() => new TokenAndPositionEmbedding({ ...base, dropout: 2 })).toThrow(ArgumentError);
    const m = new TokenAndPositionEmbedding({ ...base, positions: 'sinusoidal' });
    expect(Object.keys(m.stateDict())).toEqual(['token.weight', 'position.pe']);
    expect(Object.keys(m.trainableParameters())).toEqual(['token.weight']);
    m.dispose();
  });
});
