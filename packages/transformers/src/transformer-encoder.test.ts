import { ArgumentError, LayerNorm, useBackend } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkForward, checkGradients, layerCases } from '../test/layer-cases';
import { TransformerEncoder } from './transformer-encoder';
import { TransformerEncoderLayer } from './transformer-encoder-layer';

const cases = layerCases('encoder');

describe('TransformerEncoder (cpu, no fixtures)', () => {
  beforeAll(() => useBackend('cpu', { verbose: false }));

  it('names parameters layers.N.* and norm.*', () => {
    const enc = new TransformerEncoder({
      encoderLayer: { dModel: 8, nhead: 2, dimFeedforward: 16 },
      numLayers: 2,
      norm: true,
    });
    const names = Object.keys(enc.stateDict());
    expect(names.filter((n) => n.startsWith('layers.0.'))).toHaveLength(12);
    expect(names).toContain('layers.1.self_attn.in_proj_weight');
    expect(names.slice(-2)).toEqual(['norm.weight', 'norm.bias']);
    expect(new Set(names).size).toBe(names.length);
    enc.dispose();
    const none = new TransformerEncoder({ encoderLayer: { dModel: 8, nhead: 2 }, numLayers: 1 });
    expect(none.norm).toBeNull();
    expect(Object.keys(none.stateDict()).some((n) => n.startsWith('norm.'))).toBe(false);
    none.dispose();
  });

  it('copies a given layer numLayers times with its weights (as PyTorch deep-copies it)', async () => {
    const layer = new TransformerEncoderLayer({ dModel: 8, nhead: 2, dimFeedforward: 16 });
    const norm = new LayerNorm({ normalizedShape: 8, eps: 1e-6 });
    const enc = new TransformerEncoder({ encoderLayer: layer, numLayers: 3, norm });
    expect(enc.norm).toBe(norm);
    for (const l of enc.layers) {
      expect(l).not.toBe(layer);
      expect(await maxAbsDiff(l.linear1.weight, await layer.linear1.weight.data())).toBe(0);
    }
    enc.dispose();
    layer.dispose();
  });

  it('rejects bad options', () => {
    expect(() => new TransformerEncoder({ encoderLayer: { dModel: 8, nhead: 2 }, numLayers: 0 })).toThrow(
      ArgumentError,
    );
    expect(() => new TransformerEncoder({ encoderLayer: undefined as never, numLayers: 1 })).toThrow(
      /TransformerEncoder\(encoderLayer\)/,
    );
    expect(
      () =>
        new TransformerEncoder({ encoderLayer: { dModel: 8, nhead: 2 }, numLayers: 1, norm: 'yes' as never }),
    ).toThrow(/TransformerEncoder\(norm\)/);
  });
});

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `TransformerEncoder on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      for (const c of cases.filter((x) => !x.grads)) {
        it(`matches PyTorch: ${c.name}`, () => withBackend(b.name, () => checkForward(b.name, c)));
      }
      for (const c of cases.filter((x) => x.grads)) {
        it(`gradients match PyTorch autograd: ${c.name}`, () =>
          withBackend(b.name, () => checkGradients(b.name, c)));
      }
      it('returns one [B, H, T, T] weight tensor per layer with needWeights', () =>
        withBackend(b.name, async () => {
          const enc = new TransformerEncoder({
            encoderLayer: { dModel: 8, nhead: 2, dropout: 0 },
            numLayers: 3,
          });
          const src = tf.ones([2, 5, 8]);
          const { output, selfAttnWeights } = enc.forward(src, { needWeights: true, isCausal: true });
          expect(output.shape).toEqual([2, 5, 8]);
          expect(selfAttnWeights.map((w) => w.shape)).toEqual(Array(3).fill([2, 2, 5, 5]));
          const w0 = (await selfAttnWeights[0]!.array()) as number[][][][];
          expect(w0[0]![0]![0]![1]).toBe(0); // causal
          tf.dispose([src, output, ...selfAttnWeights]);
          enc.dispose();
        }));
    },
  );
}
