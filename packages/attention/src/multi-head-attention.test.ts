import { ArgumentError, ShapeError, type StateDict, StateDictError, useBackend } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture, tensor, values } from '../test/helpers';
import { MultiHeadAttention } from './multi-head-attention';

interface MhaCase {
  name: string;
  config: {
    embedDim?: number;
    numHeads?: number;
    kdim?: number;
    vdim?: number;
    bias?: boolean;
    averageAttnWeights?: boolean;
  };
  params: Record<string, FixtureTensor>;
  inputs: Record<string, FixtureTensor>;
  outputs: Record<string, FixtureTensor>;
  lossWeights?: Record<string, FixtureTensor>;
  grads?: Record<string, FixtureTensor>;
}

const shared = loadFixture<{ cases: Array<MhaCase & { config: Record<string, unknown> }> }>(
  'modules.public.mha.json',
).cases;
const own = loadFixture<{ mha: MhaCase[] }>('attention.json').mha;

/** Builds the module and inputs of a fixture case (shared cases use PyTorch's snake_case config). */
function setup(c: MhaCase) {
  const cfg = c.config as Record<string, any>;
  const embedDim = cfg.embedDim ?? cfg.embed_dim;
  const attn = new MultiHeadAttention({
    embedDim,
    numHeads: cfg.numHeads ?? cfg.num_heads,
    kdim: cfg.kdim,
    vdim: cfg.vdim,
    bias: cfg.bias,
  });
  attn.loadStateDict(c.params as unknown as StateDict);
  const inputs = Object.fromEntries(
    Object.entries(c.inputs).map(([k, v]) => [k === 'attn_mask' ? 'attnMask' : k, tensor(v)]),
  );
  const average = cfg.averageAttnWeights ?? cfg.average_attn_weights ?? true;
  return { attn, inputs, average };
}

const selfAttentionCases = new Set(['mha_self_nomask', 'mha_self_causal_bool_mask']);

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `MultiHeadAttention on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      for (const c of [...shared, ...own.filter((x) => !x.grads)]) {
        it(`matches PyTorch: ${c.name}`, () =>
          withBackend(b.name, async () => {
            const { attn, inputs, average } = setup(c);
            const { query, key, value, attnMask, keyPaddingMask } = inputs as Record<string, tf.Tensor>;
            // Shared self-attention cases pass the same tensor three times (the packed projection path).
            const self = selfAttentionCases.has(c.name);
            const { output, weights } = attn.forward({
              query: query!,
              key: self ? query : key,
              value: self ? query : value,
              attnMask,
              keyPaddingMask,
              averageAttnWeights: average,
            });
            const expected = c.outputs.output!;
            const expectedW = (c.outputs.weights ?? c.outputs.attn_weights)!;
            expect(output.shape).toEqual(expected.shape);
            expect(weights!.shape).toEqual(expectedW.shape);
            expect(await maxAbsDiff(output, values(expected))).toBeLessThan(1e-5);
            expect(await maxAbsDiff(weights!, values(expectedW))).toBeLessThan(1e-5);
            tf.dispose([output, weights!, ...Object.values(inputs)]);
            attn.dispose();
          }));
      }

      for (const c of own.filter((x) => x.grads)) {
        it(`gradients match PyTorch autograd: ${c.name}`, () =>
          withBackend(b.name, async () => {
            const { attn, inputs, average } = setup(c);
            const { attnMask, keyPaddingMask } = inputs as Record<string, tf.Tensor>;
            const q = tf.variable(inputs.query!);
            const k = tf.variable(inputs.key!);
            const v = tf.variable(inputs.value!);
            const gOut = tensor(c.lossWeights!.output!);
            const gW = tensor(c.lossWeights!.weights!);
            const params = attn.trainableParameters();
            const byVar = new Map<string, string>([
              [q.name, 'query'],
              [k.name, 'key'],
              [v.name, 'value'],
              ...Object.entries(params).map(([n, p]) => [p.name, n] as [string, string]),
            ]);
            const { value: loss, grads } = tf.variableGrads(() => {
              const r = attn.forward({
                query: q,
                key: k,
                value: v,
                attnMask,
                keyPaddingMask,
                averageAttnWeights: average,
              });
              return tf.add(tf.sum(tf.mul(r.output, gOut)), tf.sum(tf.mul(r.weights!, gW))) as tf.Scalar;
            }, [q, k, v, ...Object.values(params)]);
            expect(Object.keys(grads).length).toBe(Object.keys(c.grads!).length);
            for (const [varName, g] of Object.entries(grads)) {
              const name = byVar.get(varName)!;
              expect(c.grads![name], name).toBeDefined();
              expect(await maxAbsDiff(g, values(c.grads![name]!)), name).toBeLessThan(1e-5);
            }
            tf.dispose([loss, ...Object.values(grads), q, k, v, gOut, gW, ...Object.values(inputs)]);
            attn.dispose();
          }));
      }
    },
  );
}

describe('MultiHeadAttention parameters and errors', () => {
  beforeAll(() => useBackend('cpu', { verbose: false }));

  it('uses PyTorch names and shapes, with separate projections when kdim/vdim differ', () => {
    const a = new MultiHeadAttention({ embedDim: 8, numHeads: 2 });
    expect(a.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([
      ['in_proj_weight', [24, 8]],
      ['in_proj_bias', [24]],
      ['out_proj.weight', [8, 8]],
      ['out_proj.bias', [8]],
    ]);
    const c = new MultiHeadAttention({ embedDim: 8, numHeads: 2, kdim: 6, vdim: 4, bias: false });
    expect(c.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([
      ['q_proj_weight', [8, 8]],
      ['k_proj_weight', [8, 6]],
      ['v_proj_weight', [8, 4]],
      ['out_proj.weight', [8, 8]],
    ]);
    expect(() => a.loadStateDict({ in_proj_weight: { shape: [8, 8], data: new Array(64).fill(0) } })).toThrow(
      StateDictError,
    );
    a.dispose();
    c.dispose();
  });

  it('raises ShapeError naming expected and received shapes', () => {
    const a = new MultiHeadAttention({ embedDim: 8, numHeads: 2 });
    const x = tf.zeros([2, 3, 8]);
    const bad = tf.zeros([2, 3, 6]);
    const kpm = tf.zeros([2, 4], 'bool');
    const mask = tf.zeros([3, 4], 'bool');
    expect(() => a.forward({ query: x, key: bad, value: bad })).toThrow(
      'MultiHeadAttention.forward(key): expected shape [2, *, 8], received [2, 3, 6]',
    );
    expect(() => a.forward({ query: x, keyPaddingMask: kpm })).toThrow(
      'MultiHeadAttention.forward(keyPaddingMask): expected shape [2, 3], received [2, 4]',
    );
    expect(() => a.forward({ query: x, attnMask: mask })).toThrow(ShapeError);
    expect(() => a.forward({ query: x, attnMask: mask })).toThrow('expected shape [3, 3], received [3, 4]');
    expect(() => new MultiHeadAttention({ embedDim: 8, numHeads: 3 })).toThrow(ArgumentError);
    tf.dispose([x, bad, kpm, mask]);
    a.dispose();
  });
});
