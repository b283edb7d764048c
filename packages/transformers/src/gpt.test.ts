import {
  ArgumentError,
  Generator,
  gelu,
  loadSafetensors,
  logSoftmax,
  ShapeError,
  useBackend,
} from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type FixtureTensor,
  loadFixture,
  loadFixtureBytes,
  tensor,
  tolerance,
  values,
} from '../test/helpers';
import { GPT, GPTConfig } from './gpt';

const config = loadFixture('gpt2-tiny/config.json');
const bytes = loadFixtureBytes('gpt2-tiny/model.safetensors');
const ref = loadFixture<{
  inputIds: FixtureTensor;
  logits: FixtureTensor;
  greedy: { prompt: FixtureTensor; tokens: FixtureTensor };
  geluNew: { x: FixtureTensor; y: FixtureTensor };
}>('gpt2.torch.json');
const tiny = { vocabSize: 11, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 8 };

describe('GPT (cpu, no fixtures)', () => {
  beforeAll(() => useBackend('cpu', { verbose: false }));

  it('GPTConfig has nanoGPT defaults and maps GPT2Config names both ways', () => {
    expect({ ...new GPTConfig() }).toEqual({
      vocabSize: 50304,
      blockSize: 1024,
      nLayer: 12,
      nHead: 12,
      nEmbd: 768,
      nInner: 3072,
      dropout: 0,
      bias: true,
      tieWeights: true,
      layerNormEpsilon: 1e-5,
      activation: 'gelu',
    });
    const c = GPTConfig.fromHF(config);
    expect({ ...c }).toMatchObject({
      vocabSize: 64,
      blockSize: 32,
      nLayer: 2,
      nHead: 4,
      nEmbd: 32,
      nInner: 128,
    });
    expect(c.activation).toBe('gelu_tanh');
    expect(c.dropout).toBe(0.1);
    expect(GPTConfig.fromHF(c.toHF())).toEqual(c);
    expect(c.toHF()).toMatchObject({
      n_embd: 32,
      n_positions: 32,
      activation_function: 'gelu_new',
      n_inner: null,
    });
    expect(GPTConfig.fromHF({ n_ctx: 7, n_embd: 8, n_head: 2 }).blockSize).toBe(7);
  });

  it('GPTConfig rejects what it cannot run, naming the field', () => {
    expect(() => new GPTConfig({ nEmbd: 10, nHead: 4 })).toThrow(/GPTConfig\(nHead\)/);
    expect(() => new GPTConfig({ nLayer: 0 })).toThrow(ArgumentError);
    expect(() => GPTConfig.fromHF({ model_type: 'llama' })).toThrow(/model_type/);
    expect(() => GPTConfig.fromHF({ activation_function: 'quick_gelu' })).toThrow(/activation_function/);
    expect(() => GPTConfig.fromHF({ scale_attn_by_inverse_layer_idx: true })).toThrow(
      /scale_attn_by_inverse_layer_idx/,
    );
  });

  it('has nanoGPT / HF GPT-2 parameter names; lm_head only when untied', () => {
    const gpt = new GPT(tiny);
    const names = Object.keys(gpt.stateDict());
    expect(names.slice(0, 2)).toEqual(['transformer.wte.weight', 'transformer.wpe.weight']);
    expect(names.filter((n) => n.startsWith('transformer.h.0.'))).toEqual(
      [
        'ln_1.weight',
        'ln_1.bias',
        'attn.c_attn.weight',
        'attn.c_attn.bias',
        'attn.c_proj.weight',
        'attn.c_proj.bias',
        'ln_2.weight',
        'ln_2.bias',
        'mlp.c_fc.weight',
        'mlp.c_fc.bias',
        'mlp.c_proj.weight',
        'mlp.c_proj.bias',
      ].map((n) => `transformer.h.0.${n}`),
    );
    expect(names.slice(-2)).toEqual(['transformer.ln_f.weight', 'transformer.ln_f.bias']);
    expect(gpt.transformer.h.at(0).attn.c_attn.weight.shape).toEqual([24, 8]); // Linear [out, in]
    // nanoGPT's state_dict carries the tied lm_head.weight too: accepted and skipped.
    const sd = { ...gpt.stateDict(), 'lm_head.weight': gpt.transformer.wte.weight };
    expect(gpt.loadStateDict(sd).unexpected).toEqual([]);
    gpt.dispose();
    const untied = new GPT({ ...tiny, tieWeights: false, bias: false });
    expect(Object.keys(untied.stateDict())).toContain('lm_head.weight');
    expect(Object.keys(untied.stateDict()).some((n) => n.endsWith('.bias'))).toBe(false);
    untied.dispose();
  });

  it('initialises as nanoGPT from a seeded generator', async () => {
    const cfg = { ...tiny, nEmbd: 64, nHead: 4, nLayer: 4, vocabSize: 200 };
    const [a, b] = [0, 0].map(() => new GPT(cfg, { generator: new Generator(7) }));
    expect(await maxAbsDiff(a!.transformer.wte.weight, await b!.transformer.wte.weight.data())).toBe(0);
    const std = async (t: tf.Tensor) => Math.sqrt((await tf.moments(t).variance.data())[0]!);
    const block = a!.transformer.h.at(0);
    expect(await std(a!.transformer.wte.weight)).toBeCloseTo(0.02, 2);
    expect(await std(block.attn.c_attn.weight)).toBeCloseTo(0.02, 2);
    expect(await std(block.mlp.c_proj.weight)).toBeCloseTo(0.02 / Math.sqrt(8), 3);
    expect(await maxAbsDiff(block.attn.c_attn.bias!, new Float32Array(3 * 64))).toBe(0);
    expect(await maxAbsDiff(block.ln_1.weight!, new Float32Array(64).fill(1))).toBe(0);
    a!.dispose();
    b!.dispose();
  });

  it('checks inputs with typed errors', () => {
    const gpt = new GPT(tiny);
    const long = tf.zeros([1, 9], 'int32');
    expect(() => gpt.forward(long)).toThrow(ShapeError);
    expect(() => gpt.forward(long)).toThrow(/blockSize = 8/);
    const flat = tf.zeros([3], 'int32');
    expect(() => gpt.forward(flat)).toThrow(/GPT\.forward\(inputIds\)/);
    const caches = gpt.createCaches();
    const one = tf.zeros([1, 1], 'int32');
    expect(() => gpt.forwardCached(one, caches.slice(1))).toThrow(/GPT\.forwardCached\(caches\)/);
    expect(() => gpt.forwardCached(one, caches, { positionOffset: 8 })).toThrow(/positionOffset/);
    tf.dispose([long, flat, one]);
    gpt.dispose();
  });
});

/** Greedy decoding by hand through the cached forward (GPT.generate runs core's loop over the same step). */
async function greedyCached(
  gpt: GPT,
  prompt: tf.Tensor,
  steps: number,
): Promise<{ tokens: number[][]; logits: tf.Tensor[] }> {
  const caches = gpt.createCaches();
  const tokens: number[][] = Array.from({ length: prompt.shape[0]! }, () => []);
  const logits: tf.Tensor[] = [];
  let input = prompt.clone();
  for (let s = 0; s < steps; s++) {
    const last = gpt.forwardCached(input, caches, { lastOnly: true }); // [B, 1, V]
    logits.push(last);
    const next = tf.tidy(() => tf.cast(tf.argMax(last, -1), 'int32')); // [B, 1]
    (await next.data()).forEach((t, b) => {
      tokens[b]!.push(t);
    });
    input.dispose();
    input = next;
  }
  input.dispose();
  for (const c of caches) c.dispose();
  return { tokens, logits };
}

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(`GPT on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`, () => {
    const tol = tolerance(b.name, 1e-4);

    it('reads a Hugging Face GPT-2 checkpoint: logits match PyTorch', () =>
      withBackend(b.name, async () => {
        const gpt = GPT.fromHFSafetensors(config, bytes);
        expect(gpt.training).toBe(false);
        const ids = tensor(ref.inputIds);
        const { logits, loss } = gpt.forward(ids);
        expect(loss).toBeUndefined();
        expect(logits.shape).toEqual(ref.logits.shape);
        expect(await maxAbsDiff(logits, values(ref.logits))).toBeLessThan(tol);
        tf.dispose([ids, logits]);
        gpt.dispose();
      }));

    it('accepts the transformer.-prefixed names and a tied lm_head.weight (GPT2LMHeadModel files)', () =>
      withBackend(b.name, async () => {
        const { tensors } = loadSafetensors(bytes);
        const prefixed: Record<string, tf.Tensor> = { 'lm_head.weight': tensors['wte.weight']! };
        for (const [k, v] of Object.entries(tensors)) prefixed[`transformer.${k}`] = v;
        const gpt = GPT.fromHFState(config, prefixed);
        const ids = tensor(ref.inputIds);
        const { logits } = gpt.forward(ids);
        expect(await maxAbsDiff(logits, values(ref.logits))).toBeLessThan(tol);
        tf.dispose([ids, logits, ...Object.values(tensors)]);
        gpt.dispose();
      }));

    it('greedy decoding with KV caches gives PyTorch tokens; cached and uncached logits agree', () =>
      withBackend(b.name, async () => {
        const gpt = GPT.fromHFSafetensors(config, bytes);
        const prompt = tensor(ref.greedy.prompt);
        const { tokens, logits } = await greedyCached(gpt, prompt, 8);
        expect(tokens.flat()).toEqual(values(ref.greedy.tokens));
        // Uncached: the whole sequence at once; the logits of the positions that produced each token.
        const generated = tf.tensor(tokens, undefined, 'int32');
        const all = tf.concat([prompt, generated], 1);
        const input = tf.slice(all, [0, 0], [-1, all.shape[1]! - 1]);
        const full = gpt.forward(input).logits;
        const P = prompt.shape[1]!;
        const wanted = tf.slice(full, [0, P - 1, 0], [-1, 8, -1]);
        const cached = tf.concat(logits, 1);
        expect(await maxAbsDiff(cached, await wanted.data())).toBeLessThan(tolerance(b.name));
        tf.dispose([prompt, generated, all, input, full, wanted, cached, ...logits]);
        gpt.dispose();
      }));

    it('left-padded rows with positionIds and a key padding mask give the unpadded logits', () =>
      withBackend(b.name, async () => {
        const gpt = GPT.fromHFSafetensors(config, bytes);
        const ids = tf.tensor2d([[0, 0, 5, 9, 3]], [1, 5], 'int32');
        const positionIds = tf.tensor2d([[0, 0, 0, 1, 2]], [1, 5], 'int32');
        const keyPaddingMask = tf.tensor2d([[1, 1, 0, 0, 0]], [1, 5], 'bool');
        const caches = gpt.createCaches();
        const padded = gpt.forwardCached(ids, caches, { positionIds, keyPaddingMask, lastOnly: true });
        for (const c of caches) c.dispose();
        const plainIds = tf.tensor2d([[5, 9, 3]], [1, 3], 'int32');
        const { logits } = gpt.forward(plainIds);
        const last = tf.slice(logits, [0, 2, 0], [-1, 1, -1]);
        expect(await maxAbsDiff(padded, await last.data())).toBeLessThan(tolerance(b.name));
        tf.dispose([ids, positionIds, keyPaddingMask, padded, plainIds, logits, last]);
        gpt.dispose();
      }));

    it('writes its weights back in HF layout (toHFState) and reads them again', () =>
      withBackend(b.name, async () => {
        const gpt = GPT.fromHFSafetensors(config, bytes);
        const hf = gpt.toHFState();
        const { tensors: file } = loadSafetensors(bytes);
        const expectedKeys = Object.keys(file)
          .filter((k) => !/\.attn\.(bias|masked_bias)$/.test(k))
          .map((k) => `transformer.${k}`);
        expect(Object.keys(hf).sort(), JSON.stringify(Object.keys(hf))).toEqual(expectedKeys.sort());
        for (const [k, v] of Object.entries(hf)) {
          const original = file[k.slice('transformer.'.length)]!;
          expect(v.shape, k).toEqual(original.shape); // Conv1D [in, out] again
          expect(await maxAbsDiff(v, await original.data()), k).toBe(0);
        }
        const again = GPT.fromHFState(gpt.config.toHF(), hf);
        const ids = tensor(ref.inputIds);
        const { logits } = again.forward(ids);
        expect(await maxAbsDiff(logits, values(ref.logits))).toBeLessThan(tol);
        tf.dispose([...Object.values(hf), ...Object.values(file), ids, logits]);
        gpt.dispose();
        again.dispose();
      }));

    it('loss: mean cross-entropy over targets that are not -1 (nanoGPT)', () =>
      withBackend(b.name, async () => {
        const gpt = new GPT(tiny, { generator: new Generator(1) });
        const ids = tf.tensor2d([[1, 2, 3, 4]], [1, 4], 'int32');
        const targets = tf.tensor2d([[2, 3, -1, 5]], [1, 4], 'int32');
        const { logits, loss } = gpt.forward(ids, { targets });
        const logSm = logSoftmax(logits);
        const logp = (await logSm.array()) as number[][][];
        const expected = -(logp[0]![0]![2]! + logp[0]![1]![3]! + logp[0]![3]![5]!) / 3;
        expect((await loss!.data())[0]).toBeCloseTo(expected, 5);
        tf.dispose([ids, targets, logits, loss!, logSm]);
        gpt.dispose();
      }));

    it("core's tanh GELU is HF's gelu_new", () =>
      withBackend(b.name, async () => {
        const x = tensor(ref.geluNew.x);
        const y = gelu(x, { approximate: 'tanh' });
        expect(await maxAbsDiff(y, values(ref.geluNew.y))).toBeLessThan(tolerance(b.name));
        tf.dispose([x, y]);
      }));
  });
}
