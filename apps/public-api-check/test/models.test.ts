// The pieces every model package builds on, used together through published entry points only:
// a tiny GPT-like model trains (wasm), saves and reloads in the Hugging Face layout, and decodes with
// every strategy of core's generation loop on every backend, leaking no tensors.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdamW, fit, Generator, generate, generateDetailed, generateStream, useBackend } from '@glossa/core';
import { backendsUnderTest, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TinyGPT } from './tiny-gpt';

const V = 12;
const CONFIG = { vocab_size: V, n_positions: 32, n_embd: 32, n_head: 2, n_layer: 2 };
const dir = mkdtempSync(join(tmpdir(), 'glossa-public-api-'));
let finalLoss = Number.NaN;

/** Counting modulo V from a random start: the model must learn next = (last + 1) mod V. */
function batch(rng: Generator, B = 16, T = 13): tf.Tensor2D {
  const data = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    const start = Math.floor(rng.uniform() * V);
    for (let t = 0; t < T; t++) data[b * T + t] = (start + t) % V;
  }
  return tf.tensor2d(data, [B, T], 'int32');
}
const counting = (from: number, n: number) => Array.from({ length: n }, (_, i) => (from + i) % V);

beforeAll(async () => {
  // Learning runs on one backend (wasm); the saved folder is what every backend then loads.
  await useBackend('wasm', { verbose: false });
  const before = tf.memory().numTensors;
  const rng = new Generator(7);
  const model = new TinyGPT(CONFIG, new Generator(1));
  const optimizer = new AdamW({ lr: 1e-2, params: model, weightDecay: 0 });
  // biome-ignore lint/suspicious/noFocusedTests: `fit` is @glossa/core's training loop, not a focused test.
  const result = await fit({
    model,
    optimizer,
    maxSteps: 150,
    data: function* () {
      for (;;) {
        const ids = batch(rng);
        try {
          yield ids;
        } finally {
          ids.dispose(); // also when fit stops and returns the generator
        }
      }
    },
    loss: (ids: tf.Tensor2D) => model.loss(ids),
  });
  finalLoss = result.history.at(-1)!.loss;
  await model.savePretrained(dir);
  optimizer.dispose();
  model.dispose();
  expect(tf.memory().numTensors).toBe(before);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('trains to a low loss through fit (wasm) and saves config.json + model.safetensors', () => {
  expect(finalLoss).toBeLessThan(0.05);
  expect(readdirSync(dir).sort()).toEqual(['config.json', 'model.safetensors']);
});

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `tiny GPT on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      let model: TinyGPT;
      beforeAll(async () => {
        await useBackend(b.name, { verbose: false });
        model = await TinyGPT.fromPretrained(dir);
        model.eval();
      });
      afterAll(() => model?.dispose());

      const prompt = () => tf.tensor2d([[3, 4, 5]], [1, 3], 'int32');
      const rowsOf = async (t: tf.Tensor) => {
        const out = (await t.array()) as number[][];
        t.dispose();
        return out;
      };

      it('reloads with the weights it saved: the cached greedy chain equals the uncached argmax chain', () =>
        withBackend(b.name, async () => {
          const ids = prompt();
          const out = await rowsOf(await generate(model, ids, { maxNewTokens: 6 }));
          // Recompute without any cache: argmax of the full forward, one token at a time.
          const seq = [3, 4, 5];
          for (let i = 0; i < 6; i++) {
            const full = tf.tensor2d([seq], [1, seq.length], 'int32');
            const logits = model.forward(full);
            const last = tf.tidy(() =>
              tf.argMax(tf.squeeze(tf.slice(logits, [0, seq.length - 1, 0], [1, 1, V])), -1),
            );
            seq.push((await last.data())[0]!);
            tf.dispose([full, logits, last]);
          }
          expect(out[0]).toEqual(seq);
          expect(out[0]).toEqual(counting(3, 9)); // and it learned to count
          ids.dispose();
        }));

      it('samples reproducibly with a seed; top-k 1, a tiny top-p and min-p 1 all reduce to greedy', () =>
        withBackend(b.name, async () => {
          const ids = prompt();
          const greedy = await rowsOf(await generate(model, ids, { maxNewTokens: 5 }));
          const opts = { maxNewTokens: 5, doSample: true, temperature: 1.5 };
          const a = await rowsOf(await generate(model, ids, { ...opts, seed: 11 }));
          const c = await rowsOf(await generate(model, ids, { ...opts, seed: 11 }));
          expect(a).toEqual(c);
          for (const filter of [{ topK: 1 }, { topP: 1e-6 }, { minP: 1 }])
            expect(await rowsOf(await generate(model, ids, { ...opts, ...filter, seed: 3 }))).toEqual(greedy);
          ids.dispose();
        }));

      it('bans repeats: no-repeat 1-grams and a strong repetition penalty never reuse a token', () =>
        withBackend(b.name, async () => {
          // Counting from 3 would reach 3 again after 12 tokens; with 1-grams banned it cannot.
          const ids = prompt();
          for (const opts of [{ noRepeatNgramSize: 1 }, { repetitionPenalty: 1e6 }]) {
            const [row] = await rowsOf(await generate(model, ids, { maxNewTokens: 9, ...opts }));
            expect(new Set(row).size).toBe(row!.length);
          }
          ids.dispose();
        }));

      it('beam search: width 1 equals greedy; 3 beams return 2 sequences best first, scores sorted', () =>
        withBackend(b.name, async () => {
          const ids = prompt();
          const greedy = await rowsOf(await generate(model, ids, { maxNewTokens: 4 }));
          expect(await rowsOf(await generate(model, ids, { maxNewTokens: 4, numBeams: 1 }))).toEqual(greedy);
          const out = await generateDetailed(model, ids, {
            maxNewTokens: 4,
            numBeams: 3,
            numReturnSequences: 2,
            lengthPenalty: 1,
          });
          expect(out.sequences).toHaveLength(2);
          expect(out.sequences[0]).toEqual(greedy[0]); // a confident model: the best beam is the greedy path
          expect(out.scores![0]!).toBeGreaterThanOrEqual(out.scores![1]!);
          ids.dispose();
        }));

      it('stops at EOS and stop strings, streams the same tokens, and aborts within a step', () =>
        withBackend(b.name, async () => {
          const ids = prompt();
          const [eos] = await rowsOf(await generate(model, ids, { maxNewTokens: 8, eosTokenId: 7 }));
          expect(eos).toEqual([3, 4, 5, 6, 7]);
          const decode = (toks: number[]) => toks.map((t) => String.fromCharCode(97 + t)).join('');
          const [stop] = await rowsOf(
            await generate(model, ids, { maxNewTokens: 8, stopStrings: 'gh', decode }),
          );
          expect(decode(stop!)).toBe('defgh');
          const streamed: number[] = [];
          for await (const { tokens } of generateStream(model, ids, { maxNewTokens: 5 }))
            streamed.push(tokens[0]!);
          expect(streamed).toEqual(counting(6, 5));
          const controller = new AbortController();
          const [aborted] = await rowsOf(
            await generate(model, ids, {
              maxNewTokens: 8,
              signal: controller.signal,
              onToken: (_t, step) => {
                if (step === 1) controller.abort();
              },
            }),
          );
          expect(aborted!.length).toBeLessThan(3 + 8);
          expect(aborted).toEqual(counting(3, aborted!.length));
          ids.dispose();
        }));

      it('left-padded batches give each row what it gives alone', () =>
        withBackend(b.name, async () => {
          const batchIds = tf.tensor2d(
            [
              [0, 0, 8, 9],
              [2, 3, 4, 5],
            ],
            [2, 4],
            'int32',
          );
          const attentionMask = tf.tensor2d(
            [
              [0, 0, 1, 1],
              [1, 1, 1, 1],
            ],
            [2, 4],
            'int32',
          );
          const both = await rowsOf(await generate(model, batchIds, { maxNewTokens: 4, attentionMask }));
          const short = tf.tensor2d([[8, 9]], [1, 2], 'int32');
          const [alone] = await rowsOf(await generate(model, short, { maxNewTokens: 4 }));
          expect(both[0]!.slice(2)).toEqual(alone);
          expect(both[1]).toEqual(counting(2, 8));
          tf.dispose([batchIds, attentionMask, short]);
        }));
    },
  );
}
