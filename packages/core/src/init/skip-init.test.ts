import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend/backend';
import { Embedding } from '../layers/embedding';
import { Linear } from '../layers/linear';
import { Generator } from '../random';
import { normal, truncNormal, uniform } from './initializers';
import { initIsSkipped, withoutInit } from './skip-init';

describe('withoutInit', () => {
  beforeAll(() => useBackend('cpu', { verbose: false }));

  it('gives zeros from the initialisers and layers, draws nothing, and nests', async () => {
    const g = new Generator(5);
    const g2 = new Generator(5);
    const made = withoutInit(() => {
      expect(initIsSkipped()).toBe(true);
      const inner = withoutInit(() => normal([3], { generator: g2 }));
      expect(initIsSkipped()).toBe(true);
      return [
        inner,
        uniform([2, 2], { generator: g2 }),
        truncNormal([4], { generator: g2 }),
        new Linear({ inFeatures: 3, outFeatures: 2, generator: g2 }),
        new Embedding({ numEmbeddings: 4, embeddingDim: 2, generator: g2 }),
      ] as const;
    });
    expect(initIsSkipped()).toBe(false);
    const [a, b, c, lin, emb] = made;
    for (const t of [a, b, c, lin.weight, lin.bias!, emb.weight]) {
      expect(Array.from(await t.data()).every((v) => v === 0)).toBe(true);
    }
    expect(g2.uniform()).toBe(g.uniform()); // g2 drew nothing
    tf.dispose([a, b, c]);
    lin.dispose();
    emb.dispose();
    // Off again after a throw.
    expect(() =>
      withoutInit(() => {
        throw new Error('x');
      }),
    ).toThrow('x');
    expect(initIsSkipped()).toBe(false);
  });
});
