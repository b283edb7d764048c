import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { logSoftmax, randomTable, TableModel, type TableState } from '../../test/generation-models';
import { backendsUnderTest, withBackend } from '../testing';
import { generate, generateDetailed, generateStream } from './generate';
import type { StepInput } from './generation-model';
import { applyRepetitionPenalty, banRepeatedNgrams } from './logits-processors';
import { argmax } from './select-token';

const V = 7;
const table = randomTable(V, 21, 2);
const ids = (rows: number[][]) => tf.tensor2d(rows, [rows.length, rows[0]!.length], 'int32');
const letters = (t: number[]) => t.map((i) => 'abcdefg'[i]).join('');

/** Greedy by hand: argmax over the table, with optional processors, stopping at EOS. */
function greedyChain(
  prompt: number[],
  n: number,
  eos: number[],
  process = (s: Float32Array, _h: number[]) => s,
) {
  const seq = [...prompt];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = argmax(process(Float32Array.from(table(seq)), seq));
    out.push(t);
    seq.push(t);
    if (eos.includes(t)) break;
  }
  return out;
}

async function run(model: TableModel, rows: number[][], options: Parameters<typeof generate>[2] = {}) {
  const x = ids(rows);
  const y = await generate(model, x, options);
  const out = (await y.array()) as number[][];
  expect(y.dtype).toBe('int32');
  tf.dispose([x, y]);
  return out;
}

let firstSample: number[][] | null = null;

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `generate on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('greedy is the argmax chain; finished rows are padded and dropped from the state', () =>
        withBackend(b.name, async () => {
          const prompts = [
            [1, 2, 3],
            [4, 4, 5],
            [6, 0, 2],
          ];
          const chains = prompts.map((p) => greedyChain(p, 8, [3]));
          const model = new TableModel(V, table);
          const out = await run(model, prompts, { maxNewTokens: 8, eosTokenId: 3, padTokenId: 6 });
          const width = 3 + Math.max(...chains.map((c) => c.length));
          for (const [r, c] of chains.entries()) {
            expect(out[r]).toEqual([...prompts[r]!, ...c, ...new Array(width - 3 - c.length).fill(6)]);
          }
          // Each step runs only the rows still generating.
          const running = (s: number) => chains.filter((c) => c.length > s).length;
          expect(model.batchSizes).toEqual([
            3,
            ...Array.from({ length: width - 4 }, (_, s) => running(s + 1)),
          ]);
          expect(model.disposed).toBe(1);
        }));

      it('greedy with repetitionPenalty and noRepeatNgramSize follows the processors', () =>
        withBackend(b.name, async () => {
          const prompt = [2, 2, 5];
          const want = greedyChain(prompt, 12, [], (s, h) =>
            banRepeatedNgrams(applyRepetitionPenalty(s, h, 1.7), h, 2),
          );
          const out = await run(new TableModel(V, table), [prompt], {
            maxNewTokens: 12,
            repetitionPenalty: 1.7,
            noRepeatNgramSize: 2,
          });
          expect(out[0]!.slice(3)).toEqual(want);
          const bigrams = out[0]!.slice(1).map((t, i) => `${out[0]![i]},${t}`);
          expect(new Set(bigrams).size).toBe(bigrams.length);
        }));

      it('sampling: the same seed gives the same tokens (on every backend); another seed differs', () =>
        withBackend(b.name, async () => {
          const opts = {
            doSample: true,
            seed: 42,
            maxNewTokens: 12,
            numReturnSequences: 2,
            temperature: 1.3,
            topP: 0.95,
          };
          const a = await run(new TableModel(V, table), [[1, 2]], opts);
          expect(await run(new TableModel(V, table), [[1, 2]], opts)).toEqual(a);
          expect(await run(new TableModel(V, table), [[1, 2]], { ...opts, seed: 43 })).not.toEqual(a);
          if (firstSample) expect(a).toEqual(firstSample);
          firstSample = a;
        }));

      it('sampling frequencies match the softmax of logits / temperature (topK 0)', () =>
        withBackend(b.name, async () => {
          const n = 4000;
          const model = new TableModel(V, table);
          const out = await run(model, [[3, 1]], {
            doSample: true,
            seed: 1,
            maxNewTokens: 1,
            numReturnSequences: n,
            topK: 0,
            temperature: 0.8,
          });
          expect(model.steps).toBe(1); // one prefill, expanded by reorderState
          const p = logSoftmax(Array.from(table([3, 1]), (l) => l / 0.8)).map(Math.exp);
          const counts = new Array(V).fill(0);
          for (const row of out) counts[row[2]!]++;
          for (let t = 0; t < V; t++) {
            expect(Math.abs(counts[t] / n - p[t]!)).toBeLessThan(
              4 * Math.sqrt((p[t]! * (1 - p[t]!)) / n) + 1e-3,
            );
          }
        }));

      it('a left-padded batch gives each row the tokens of its unpadded single run (greedy and beams)', () =>
        withBackend(b.name, async () => {
          const rows = [
            [5, 6, 2, 1],
            [0, 0, 4, 2],
            [0, 0, 0, 3],
          ];
          const real = [[5, 6, 2, 1], [4, 2], [3]];
          const mask = tf.tensor2d(
            [
              [1, 1, 1, 1],
              [0, 0, 1, 1],
              [0, 0, 0, 1],
            ],
            [3, 4],
            'int32',
          );
          for (const opts of [{ maxNewTokens: 6 }, { maxNewTokens: 4, numBeams: 3, eosTokenId: 0 }]) {
            const x = ids(rows);
            const batch = await generateDetailed(new TableModel(V, table), x, {
              ...opts,
              attentionMask: mask,
            });
            x.dispose();
            for (const [r, p] of real.entries()) {
              const x1 = ids([p]);
              const single = await generateDetailed(new TableModel(V, table), x1, opts);
              x1.dispose();
              expect(batch.newTokens[r]).toEqual(single.newTokens[0]);
              expect(batch.sequences[r]!.slice(0, 4)).toEqual(rows[r]);
            }
          }
          mask.dispose();
        }));

      it('numReturnSequences: [B·n, T + new] for sampling and for beams', () =>
        withBackend(b.name, async () => {
          const s = await run(
            new TableModel(V, table),
            [
              [1, 2],
              [3, 4],
            ],
            { doSample: true, seed: 0, numReturnSequences: 3, maxNewTokens: 5 },
          );
          expect([s.length, s[0]!.length]).toEqual([6, 7]);
          expect(s.map((r) => r.slice(0, 2))).toEqual([
            [1, 2],
            [1, 2],
            [1, 2],
            [3, 4],
            [3, 4],
            [3, 4],
          ]);
          const bm = await run(
            new TableModel(V, table),
            [
              [1, 2],
              [3, 4],
            ],
            { numBeams: 3, numReturnSequences: 2, maxNewTokens: 5 },
          );
          expect([bm.length, bm[0]!.length]).toEqual([4, 7]);
          expect(new Set(bm.slice(0, 2).map(String)).size).toBe(2);
        }));

      it('stop strings stop a row after the token that completes one (even across tokens)', () =>
        withBackend(b.name, async () => {
          const free = greedyChain([1], 12, []);
          const stop = letters(free).slice(4, 6); // the text of new tokens 4 and 5
          // One character per token: the first k whose text (prompt included) holds the stop string.
          const end = free.findIndex((_, k) => letters([1, ...free.slice(0, k + 1)]).includes(stop)) + 1;
          expect(end).toBeGreaterThan(0);
          const out = await run(new TableModel(V, table), [[1]], {
            maxNewTokens: 12,
            stopStrings: [stop, 'zz'],
            decode: letters,
          });
          expect(out[0]!.slice(1)).toEqual(free.slice(0, end));
        }));

      it('abort: resolves with the tokens so far, no step after the signal; streams stop too', () =>
        withBackend(b.name, async () => {
          const ac = new AbortController();
          const model = new TableModel(V, table);
          const seen: Array<Array<number | null>> = [];
          const out = await run(model, [[1, 2]], {
            maxNewTokens: 50,
            signal: ac.signal,
            onToken: (tokens, step) => {
              seen.push(tokens);
              if (step === 2) ac.abort();
            },
          });
          expect(out[0]!.slice(2)).toEqual(seen.map((t) => t[0]));
          expect(seen).toHaveLength(3);
          expect(model.steps).toBe(3);
          expect(model.disposed).toBe(1);
          // Aborted from outside (a timer): at most the step in flight runs after it, and is discarded.
          const slow = new TableModel(V, table);
          const timer = new AbortController();
          let stepsAtAbort = -1;
          timer.signal.addEventListener('abort', () => {
            stepsAtAbort = slow.steps;
          });
          setTimeout(() => timer.abort(), 20);
          const partial = await run(slow, [[1, 2]], {
            maxNewTokens: 100_000,
            signal: timer.signal,
            doSample: true,
            seed: 0,
          });
          expect(stepsAtAbort).toBeGreaterThan(0);
          expect(slow.steps - stepsAtAbort).toBeLessThanOrEqual(1);
          expect(partial[0]!.length - 2).toBeLessThanOrEqual(stepsAtAbort);
          // Already aborted: the prompt comes back, the model never runs.
          const none = new TableModel(V, table);
          expect(await run(none, [[1, 2]], { signal: AbortSignal.abort() })).toEqual([[1, 2]]);
          expect(none.steps).toBe(0);
          // Beam search returns its best hypotheses so far.
          const bm = new TableModel(V, table);
          const ab = new AbortController();
          bm.onStep = (s) => s === 3 && ab.abort();
          const beams = await run(bm, [[1, 2]], { numBeams: 2, maxNewTokens: 20, signal: ab.signal });
          expect(beams[0]!.length).toBe(2 + 3);
        }));

      it('positions and attentionMask are made on first read, survive the model’s tidy, never leak', () =>
        withBackend(b.name, async () => {
          const inner = new TableModel(V, table);
          const seen: string[] = [];
          const model: typeof inner = Object.assign(Object.create(inner), {
            step: async (input: StepInput, state: TableState) => {
              let mask: tf.Tensor | null = null;
              tf.tidy(() => {
                mask = input.attentionMask; // made inside the model's tidy, alive after it
                if (input.pastLength === 0) tf.add(input.positions, 1);
              });
              const m = mask as tf.Tensor | null;
              if (m) expect(m.isDisposed).toBe(false);
              seen.push(`${m ? m.shape.join('x') : 'none'} ${input.pastLength}`);
              return inner.step(input, state);
            },
          });
          const x = ids([
            [0, 2, 3],
            [1, 2, 3],
          ]);
          const mask = tf.tensor2d(
            [
              [0, 1, 1],
              [1, 1, 1],
            ],
            [2, 3],
            'int32',
          );
          const y = await generate(model, x, { attentionMask: mask, maxNewTokens: 3 });
          expect(seen).toEqual(['2x3 0', '2x4 3', '2x5 4']);
          const z = await generate(model, x, { maxNewTokens: 2 });
          expect(seen.slice(3)).toEqual(['none 0', 'none 3']);
          tf.dispose([x, mask, y, z]);
        }));

      it('generateStream yields what generate returns; breaking out disposes the state', () =>
        withBackend(b.name, async () => {
          const opts = { doSample: true, seed: 9, maxNewTokens: 10, numReturnSequences: 2, eosTokenId: 0 };
          const whole = await run(new TableModel(V, table), [[4, 1]], opts);
          const x = ids([[4, 1]]);
          const rows: number[][] = [[], []];
          let steps = 0;
          for await (const { tokens, step } of generateStream(new TableModel(V, table), x, opts)) {
            expect(step).toBe(steps++);
            for (const [r, t] of tokens.entries()) if (t !== null) rows[r]!.push(t);
          }
          expect(
            rows.map((r, i) => [4, 1, ...r, ...new Array(whole[i]!.length - 2 - r.length).fill(0)]),
          ).toEqual(whole);
          const model = new TableModel(V, table);
          for await (const { step } of generateStream(model, x, { maxNewTokens: 50 })) if (step === 3) break;
          expect(model.disposed).toBe(1);
          expect(model.steps).toBe(4);
          x.dispose();
        }));
    },
  );
}
