import { useBackend } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture, tensor, values } from '../test/helpers';
import { alibiBias, alibiSlopes } from './alibi';
import { applyRotaryEmbedding } from './rotary';

const fx = loadFixture<{
  positions: {
    rope: { input: FixtureTensor; offset: number; output: FixtureTensor };
    alibi: { slopes: Record<string, number[]>; bias_h4_q3_k5_offset2: FixtureTensor };
  };
}>('attention.json').positions;

describe('alibiSlopes / alibiBias', () => {
  beforeAll(() => useBackend('cpu', { verbose: false }));

  it('match the paper formula (reference written in torch) for 4, 6 and 8 heads', async () => {
    for (const [h, slopes] of Object.entries(fx.alibi.slopes)) {
      expect(await maxAbsDiff(alibiSlopes(Number(h)), slopes)).toBeLessThan(1e-12);
    }
    expect(alibiSlopes(8)[0]).toBe(0.5);
    const bias = alibiBias(4, 3, 5, 2);
    expect(await maxAbsDiff(bias, values(fx.alibi.bias_h4_q3_k5_offset2))).toBeLessThan(1e-6);
    bias.dispose();
  });
});

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `applyRotaryEmbedding on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('matches the rotate-half reference with an offset', () =>
        withBackend(b.name, async () => {
          const x = tensor(fx.rope.input);
          const y = applyRotaryEmbedding(x, { offset: fx.rope.offset });
          expect(await maxAbsDiff(y, values(fx.rope.output))).toBeLessThan(1e-5);
          tf.dispose([x, y]);
        }));

      it('makes q·k depend only on the relative position', () =>
        withBackend(b.name, async () => {
          const q = tf.tensor([0.3, -1, 2, 0.5, 1, 0.2], [1, 1, 1, 6]);
          const k = tf.tensor([1, 0.4, -0.7, 2, -1, 0.1], [1, 1, 1, 6]);
          const dot = async (pq: number, pk: number) => {
            const s = tf.tidy(() =>
              tf.sum(
                tf.mul(applyRotaryEmbedding(q, { offset: pq }), applyRotaryEmbedding(k, { offset: pk })),
              ),
            );
            const v = (await s.data())[0]!;
            s.dispose();
            return v;
          };
          const plain = tf.tidy(() => tf.sum(tf.mul(q, k)));
          const d1 = await dot(3, 1);
          expect(Math.abs(d1 - (await dot(10, 8)))).toBeLessThan(1e-4);
          expect(Math.abs((await dot(0, 0)) - (await plain.data())[0]!)).toBeLessThan(1e-5);
          expect(Math.abs(d1 - (await dot(1, 1)))).toBeGreaterThan(1e-3);
          plain.dispose();
          tf.dispose([q, k]);
        }));
    },
  );
}
