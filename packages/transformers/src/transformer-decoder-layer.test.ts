import { KVCache } from '@glossa/attention';
import { ShapeError, useBackend } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensor, tolerance } from '../test/helpers';
import { buildModule, checkForward, checkGradients, layerCases } from '../test/layer-cases';
import { TransformerDecoderLayer } from './transformer-decoder-layer';

const cases = layerCases('decoderLayer');

describe('TransformerDecoderLayer (cpu, no fixtures)', () => {
  beforeAll(() => useBackend('cpu', { verbose: false }));

  it('has PyTorch names, and checks shapes', () => {
    const layer = new TransformerDecoderLayer({ dModel: 8, nhead: 2, dimFeedforward: 16, bias: false });
    expect(Object.keys(layer.stateDict())).toEqual([
      'self_attn.in_proj_weight',
      'self_attn.out_proj.weight',
      'multihead_attn.in_proj_weight',
      'multihead_attn.out_proj.weight',
      'linear1.weight',
      'linear2.weight',
      'norm1.weight',
      'norm2.weight',
      'norm3.weight',
    ]);
    const [tgt, mem] = [tf.zeros([2, 3, 8]), tf.zeros([1, 4, 8])];
    expect(() => layer.forward(tgt, mem)).toThrow(ShapeError);
    expect(() => layer.forward(tgt, mem)).toThrow(/forward\(memory\)/);
    tf.dispose([tgt, mem]);
    layer.dispose();
  });
});

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `TransformerDecoderLayer on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      for (const c of cases.filter((x) => !x.grads)) {
        it(`matches PyTorch: ${c.name}`, () => withBackend(b.name, () => checkForward(b.name, c)));
      }

      it('tgtIsCausal gives the same output as an explicit causal mask', () =>
        withBackend(b.name, async () => {
          const c = cases.find((x) => x.name === 'dec_pre_relu_memory_mask')!;
          const { tgtMask: _mask, ...inputs } = c.inputs;
          await checkForward(b.name, { ...c, inputs }, { tgtIsCausal: true });
        }));

      for (const c of cases.filter((x) => x.grads)) {
        it(`gradients match PyTorch autograd: ${c.name}`, () =>
          withBackend(b.name, () => checkGradients(b.name, c)));
      }

      it('incremental decoding with a KV cache equals the causal forward (prefill, then one step at a time)', () =>
        withBackend(b.name, async () => {
          for (const name of ['dec_post_gelu_padding', 'dec_pre_relu_memory_mask']) {
            const c = cases.find((x) => x.name === name)!;
            const layer = buildModule(c) as TransformerDecoderLayer;
            const tgt = tensor(c.inputs.tgt!);
            const memory = tensor(c.inputs.memory!);
            const memoryMask = c.inputs.memoryMask ? tensor(c.inputs.memoryMask) : undefined;
            const full = layer.forward(tgt, memory, { tgtIsCausal: true, memoryMask });
            const T = tgt.shape[1]!;
            const cache = new KVCache();
            const parts: tf.Tensor[] = [];
            // Prefill two positions, then one at a time.
            for (const [start, len] of [
              [0, 2],
              ...Array.from({ length: T - 2 }, (_, i) => [i + 2, 1]),
            ] as const) {
              const x = tf.slice(tgt, [0, start, 0], [-1, len, -1]);
              const mm = memoryMask ? tf.slice(memoryMask, [start, 0], [len, -1]) : undefined;
              parts.push(layer.forward(x, memory, { cache, tgtIsCausal: true, memoryMask: mm }));
              tf.dispose([x, mm!].filter(Boolean));
            }
            expect(cache.length).toBe(T);
            const stepped = tf.concat(parts, 1);
            expect(await maxAbsDiff(stepped, await full.data())).toBeLessThan(tolerance(b.name));
            tf.dispose([tgt, memory, memoryMask!, full, stepped, ...parts].filter(Boolean));
            cache.dispose();
            layer.dispose();
          }
        }));
    },
  );
}
