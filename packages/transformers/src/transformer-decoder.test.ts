import { ArgumentError, useBackend } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensor, tolerance } from '../test/helpers';
import { buildModule, checkForward, checkGradients, layerCases } from '../test/layer-cases';
import { TransformerDecoder } from './transformer-decoder';

const cases = layerCases('decoder');

describe('TransformerDecoder (cpu, no fixtures)', () => {
  beforeAll(() => useBackend('cpu', { verbose: false }));

  it('names parameters layers.N.* and norm.*, and checks caches', () => {
    const dec = new TransformerDecoder({
      decoderLayer: { dModel: 8, nhead: 2, dimFeedforward: 16 },
      numLayers: 2,
      norm: true,
    });
    const names = Object.keys(dec.stateDict());
    expect(names.filter((n) => n.startsWith('layers.1.'))).toHaveLength(18);
    expect(names).toContain('layers.0.multihead_attn.in_proj_weight');
    expect(names).toContain('layers.1.norm3.bias');
    expect(names.slice(-2)).toEqual(['norm.weight', 'norm.bias']);
    const caches = dec.createCaches();
    expect(caches).toHaveLength(2);
    const [tgt, mem] = [tf.zeros([1, 1, 8]), tf.zeros([1, 2, 8])];
    expect(() => dec.forward(tgt, mem, { caches: caches.slice(1) })).toThrow(ArgumentError);
    tf.dispose([tgt, mem]);
    dec.dispose();
  });
});

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `TransformerDecoder on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      for (const c of cases.filter((x) => !x.grads)) {
        it(`matches PyTorch: ${c.name}`, () => withBackend(b.name, () => checkForward(b.name, c)));
      }
      for (const c of cases.filter((x) => x.grads)) {
        it(`gradients match PyTorch autograd: ${c.name}`, () =>
          withBackend(b.name, () => checkGradients(b.name, c)));
      }
      it('decodes incrementally with one KV cache per layer, matching the causal forward', () =>
        withBackend(b.name, async () => {
          const c = cases.find((x) => x.name === 'dec_stack_pre_gelu_norm')!;
          const dec = buildModule(c) as TransformerDecoder;
          const tgt = tensor(c.inputs.tgt!);
          const memory = tensor(c.inputs.memory!);
          const memoryKeyPaddingMask = tensor(c.inputs.memoryKeyPaddingMask!);
          const {
            output: full,
            selfAttnWeights,
            crossAttnWeights,
          } = dec.forward(tgt, memory, {
            tgtIsCausal: true,
            memoryKeyPaddingMask,
            needWeights: true,
          });
          expect(crossAttnWeights.map((w) => w.shape)).toEqual([
            [2, 2, 5, 7],
            [2, 2, 5, 7],
          ]);
          const caches = dec.createCaches();
          const steps: tf.Tensor[] = [];
          for (let t = 0; t < tgt.shape[1]!; t++) {
            const x = tf.slice(tgt, [0, t, 0], [-1, 1, -1]);
            steps.push(dec.forward(x, memory, { caches, memoryKeyPaddingMask }));
            x.dispose();
          }
          const stepped = tf.concat(steps, 1);
          expect(await maxAbsDiff(stepped, await full.data())).toBeLessThan(tolerance(b.name));
          for (const cache of caches) cache.dispose();
          tf.dispose([
            tgt,
            memory,
            memoryKeyPaddingMask,
            full,
            stepped,
            ...steps,
            ...selfAttnWeights,
            ...crossAttnWeights,
          ]);
          dec.dispose();
        }));
    },
  );
}
