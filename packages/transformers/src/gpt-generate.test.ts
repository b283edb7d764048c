// GPT as a GenerationModel: core's generate over the KV caches gives PyTorch's greedy tokens, the
// uncached argmax chain, left-padded rows equal to single rows, and every strategy without leaks.
import { ArgumentError, Generator, generate, useBackend } from '@glossa/core';
import { backendsUnderTest, withBackend } from '@glossa/core/testing';
import { trainCharTokenizer } from '@glossa/tokenizers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture, loadFixtureBytes, tensor, values } from '../test/helpers';
import { GPT, type GPTConfigOptions } from './gpt';

const config = loadFixture('gpt2-tiny/config.json');
const bytes = loadFixtureBytes('gpt2-tiny/model.safetensors');
const ref = loadFixture<{ greedy: { prompt: FixtureTensor; tokens: FixtureTensor } }>('gpt2.torch.json');

/** A seeded GPT with weights far from nanoGPT's small init, so that greedy choices are not near-ties. */
function randomGPT(options: GPTConfigOptions, seed = 3): GPT {
  const gpt = new GPT(options, { generator: new Generator(seed) });
  const g = new Generator(seed + 1);
  for (const p of gpt.parameters()) {
    const v = tf.tidy(() => tf.add(p, tf.mul(tf.randomNormal(p.shape, 0, 1, 'float32', g.int(1e9)), 0.3)));
    p.assign(v);
    v.dispose();
  }
  return gpt.eval();
}

/** Greedy continuation recomputing the whole sequence each step (no cache): nanoGPT's generate. */
async function uncachedGreedy(gpt: GPT, prompt: number[], steps: number): Promise<number[]> {
  const seq = [...prompt];
  for (let s = 0; s < steps; s++) {
    const next = tf.tidy(() => {
      const ids = tf.tensor2d(seq, [1, seq.length], 'int32');
      const { logits } = gpt.forward(ids);
      return tf.argMax(tf.slice(logits, [0, seq.length - 1, 0], [1, 1, -1]), -1);
    });
    seq.push((await next.data())[0]!);
    next.dispose();
  }
  return seq.slice(prompt.length);
}

const rows = async (t: tf.Tensor) => (await t.array()) as number[][];

describe('GPT text generation (cpu)', () => {
  beforeAll(() => useBackend('cpu', { verbose: false }));
  const text = 'to be or not to be, that is the question. ';
  const tokenizer = trainCharTokenizer(text, { specialTokens: [], unkToken: null });

  it('streams text through a tokenizer: pieces, onText and generateText agree with generate', () =>
    withBackend('cpu', async () => {
      const gpt = randomGPT({
        vocabSize: tokenizer.vocabSize,
        blockSize: 24,
        nLayer: 2,
        nHead: 2,
        nEmbd: 16,
      });
      const seen: string[] = [];
      const pieces: string[] = [];
      for await (const p of gpt.streamText(tokenizer, 'to be', {
        maxNewTokens: 10,
        onText: (s) => seen.push(s),
      })) {
        pieces.push(p);
      }
      expect(pieces.length).toBe(10); // one character per token
      expect(seen).toEqual(pieces);
      const ids = tf.tensor2d([tokenizer.encode('to be').ids], undefined, 'int32');
      const out = await gpt.generate(ids, { maxNewTokens: 10 });
      expect(tokenizer.decode((await rows(out))[0]!.slice(5))).toBe(pieces.join(''));
      expect(await gpt.generateText(tokenizer, 'to be', { maxNewTokens: 10 })).toBe(pieces.join(''));
      // Beam search: not streamed, onText once.
      const beamed: string[] = [];
      const beam = await gpt.generateText(tokenizer, 'to be', {
        maxNewTokens: 6,
        numBeams: 3,
        onText: (s) => beamed.push(s),
      });
      expect(beamed).toEqual([beam]);
      expect(beam.length).toBe(6);
      tf.dispose([ids, out]);
      gpt.dispose();
    }));

  it('takes any encode/decode tokenizer, crops long prompts to the context, ends at EOS', () =>
    withBackend('cpu', async () => {
      const gpt = randomGPT({
        vocabSize: tokenizer.vocabSize,
        blockSize: 16,
        nLayer: 1,
        nHead: 2,
        nEmbd: 16,
      });
      const plain = {
        encode: (s: string) => tokenizer.encode(s).ids,
        decode: (ids: number[]) => tokenizer.decode(ids),
      };
      const long = text.repeat(3);
      const a = await gpt.generateText(plain, long, { maxNewTokens: 6 });
      // Only the last 16 − 6 = 10 characters of the prompt are seen.
      expect(a).toBe(await gpt.generateText(tokenizer, long.slice(-10), { maxNewTokens: 6 }));
      expect(a.length).toBe(6);
      const eos = tokenizer.encode(a[2]!).ids[0]!;
      const b = await gpt.generateText(plain, long, { maxNewTokens: 6, eosTokenId: eos });
      expect(a.startsWith(b) && !b.includes(a[2]!)).toBe(true);
      await expect(gpt.generateText(plain, '', {})).rejects.toThrow(
        /generateText\(prompt\)|streamText\(prompt\)/,
      );
      await expect(gpt.generateText(plain, 'to', { maxNewTokens: 16 })).rejects.toThrow(ArgumentError);
      const ids = tf.tensor2d([[1, 2, 3]], [1, 3], 'int32');
      await expect(gpt.generate(ids, { maxNewTokens: 14 })).rejects.toThrow(/GPT\.generate\(maxNewTokens\)/);
      const capped = await gpt.generate(ids); // default 20, capped by the 13 positions left
      expect(capped.shape).toEqual([1, 16]);
      tf.dispose([ids, capped]);
      gpt.dispose();
    }));
});

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `GPT.generate on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('greedy by default: the prompt and PyTorch greedy tokens, int32', () =>
        withBackend(b.name, async () => {
          const gpt = GPT.fromHFSafetensors(config, bytes);
          const prompt = tensor(ref.greedy.prompt) as tf.Tensor2D;
          const out = await gpt.generate(prompt, { maxNewTokens: 8 });
          expect(out.dtype).toBe('int32');
          const P = prompt.shape[1];
          expect(out.shape).toEqual([2, P + 8]);
          const got = await rows(out);
          expect(got.map((r) => r.slice(0, P))).toEqual(await rows(prompt));
          expect(got.flatMap((r) => r.slice(P))).toEqual(values(ref.greedy.tokens));
          // The same through the generic loop (GPT is a GenerationModel).
          const again = await generate(gpt, prompt, { maxNewTokens: 8 });
          expect(await rows(again)).toEqual(got);
          tf.dispose([prompt, out, again]);
          gpt.dispose();
        }));

      it('cached generation equals the uncached argmax chain up to the full context', () =>
        withBackend(b.name, async () => {
          const gpt = randomGPT({
            vocabSize: 40,
            blockSize: 20,
            nLayer: 3,
            nHead: 4,
            nEmbd: 32,
            bias: false,
          });
          const prompt = [7, 3, 21];
          const ids = tf.tensor2d([prompt], [1, 3], 'int32');
          const out = await gpt.generate(ids, { maxNewTokens: 17 });
          expect((await rows(out))[0]!.slice(3)).toEqual(await uncachedGreedy(gpt, prompt, 17));
          tf.dispose([ids, out]);
          gpt.dispose();
        }));

      it('left-padded batch rows equal the single-row results (greedy)', () =>
        withBackend(b.name, async () => {
          const gpt = randomGPT({ vocabSize: 40, blockSize: 24, nLayer: 2, nHead: 4, nEmbd: 32 });
          const prompts = [[5, 9, 3], [1, 2, 3, 4, 5, 6], [30]];
          const W = 6;
          const ids = tf.tensor2d(
            prompts.map((p) => [...Array(W - p.length).fill(0), ...p]),
            [3, W],
            'int32',
          );
          const mask = tf.tensor2d(
            prompts.map((p) => [...Array(W - p.length).fill(0), ...Array(p.length).fill(1)]),
            [3, W],
            'int32',
          );
          const out = await gpt.generate(ids, { maxNewTokens: 10, attentionMask: mask });
          const batch = await rows(out);
          for (const [i, p] of prompts.entries()) {
            const one = tf.tensor2d([p], [1, p.length], 'int32');
            const single = await gpt.generate(one, { maxNewTokens: 10 });
            expect(batch[i]!.slice(W), `row ${i}`).toEqual((await rows(single))[0]!.slice(p.length));
            tf.dispose([one, single]);
          }
          tf.dispose([ids, mask, out]);
          gpt.dispose();
        }));

      // The strategies are JavaScript in core's loop; what differs per backend is the model step and
      // KVCache.reorder (tested on every backend in @glossa/attention). On webgpu (lavapipe) every beam
      // step compiles shaders for new cache lengths (~40 s here), so this one runs on cpu and wasm.
      if (b.name !== 'webgpu')
        it('sampling (seeded), top-k/top-p, repetition penalty and beams run without leaks', () =>
          withBackend(b.name, async () => {
            const gpt = GPT.fromHFSafetensors(config, bytes);
            const prompt = tensor(ref.greedy.prompt) as tf.Tensor2D;
            const P = prompt.shape[1];
            const sample = {
              maxNewTokens: 8,
              doSample: true,
              temperature: 0.9,
              topK: 20,
              topP: 0.9,
              seed: 4,
            };
            const [s1, s2] = [await gpt.generate(prompt, sample), await gpt.generate(prompt, sample)];
            expect(await rows(s1)).toEqual(await rows(s2));
            const beams = await gpt.generateDetailed(prompt, {
              maxNewTokens: 6,
              numBeams: 4,
              numReturnSequences: 2,
              repetitionPenalty: 1.2,
              noRepeatNgramSize: 3,
            });
            expect(beams.sequences.map((r) => r.length)).toEqual([P + 6, P + 6, P + 6, P + 6]);
            expect(beams.scores).toHaveLength(4);
            const streamed: number[] = [];
            for await (const { tokens } of gpt.generateStream(prompt, {
              maxNewTokens: 8,
              doSample: true,
              seed: 4,
            })) {
              streamed.push(tokens[0]!);
              if (streamed.length === 3) break; // stops generation and frees the caches
            }
            expect(streamed).toHaveLength(3);
            tf.dispose([prompt, s1, s2]);
            gpt.dispose();
          }));
    },
  );
}
