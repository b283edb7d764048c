import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { enumerateHypotheses, randomTable, TableModel, withOverrides } from '../../test/generation-models';
import { withBackend } from '../testing';
import { generateDetailed } from './generate';
import { applyRepetitionPenalty } from './logits-processors';

const ids = (rows: number[][]) => tf.tensor2d(rows, [rows.length, rows[0]!.length], 'int32');

async function beams(
  model: TableModel,
  prompts: number[][],
  options: Parameters<typeof generateDetailed>[2],
) {
  const x = ids(prompts);
  try {
    return await generateDetailed(model, x, options);
  } finally {
    x.dispose();
  }
}

describe('beam search equals brute-force enumeration when the beam is wide enough', () => {
  // With numBeams ≥ every step's candidate count, every candidate ranks among the first numBeams,
  // so beam search with earlyStopping 'never' (or false when lengthPenalty ≤ 0) is exhaustive:
  // its numBeams hypotheses must be the best numBeams of all sequences.
  const cases = [
    { vocab: 3, eos: [0], maxNew: 3, numBeams: 12 },
    { vocab: 4, eos: [0], maxNew: 3, numBeams: 36 },
    { vocab: 4, eos: [0, 3], maxNew: 4, numBeams: 32 },
  ];
  for (const c of cases) {
    for (const lengthPenalty of [1, 0, -0.5, 2]) {
      for (const earlyStopping of ['never', false] as const) {
        if (earlyStopping === false && lengthPenalty > 0) continue;
        it(`V ${c.vocab}, eos ${c.eos}, ${c.maxNew} new, lengthPenalty ${lengthPenalty}, earlyStopping ${earlyStopping}`, () =>
          withBackend('cpu', async () => {
            const table = randomTable(c.vocab, 17 + c.vocab, 1.5);
            const model = new TableModel(c.vocab, table);
            const prompts = [
              [1, 2],
              [2, 1],
            ];
            const out = await beams(model, prompts, {
              numBeams: c.numBeams,
              numReturnSequences: c.numBeams,
              maxNewTokens: c.maxNew,
              eosTokenId: c.eos,
              padTokenId: 9,
              lengthPenalty,
              earlyStopping,
            });
            expect(out.sequences).toHaveLength(2 * c.numBeams);
            for (const [b, prompt] of prompts.entries()) {
              const want = enumerateHypotheses(table, prompt, c.vocab, c.eos, c.maxNew, lengthPenalty).slice(
                0,
                c.numBeams,
              );
              const got = out.newTokens.slice(b * c.numBeams, (b + 1) * c.numBeams);
              expect(got).toEqual(want.map((h) => h.tokens));
              const scores = out.scores!.slice(b * c.numBeams, (b + 1) * c.numBeams);
              for (const [k, h] of want.entries()) expect(scores[k]).toBeCloseTo(h.score, 9);
              for (const [k, row] of out.sequences.slice(b * c.numBeams, (b + 1) * c.numBeams).entries()) {
                expect(row.slice(0, 2)).toEqual(prompt);
                expect(row.slice(2)).toEqual([...got[k]!, ...new Array(c.maxNew - got[k]!.length).fill(9)]);
              }
            }
            expect(model.disposed).toBe(1);
          }));
      }
    }
  }

  it('applies the repetition penalty to log-probabilities, as HF', () =>
    withBackend('cpu', async () => {
      const table = randomTable(4, 5, 1.5);
      const rep = (lp: number[], history: number[]) =>
        Array.from(applyRepetitionPenalty(Float32Array.from(lp), history, 1.8));
      const out = await beams(new TableModel(4, table), [[1, 3]], {
        numBeams: 36,
        numReturnSequences: 10,
        maxNewTokens: 3,
        eosTokenId: 0,
        repetitionPenalty: 1.8,
        earlyStopping: 'never',
      });
      const want = enumerateHypotheses(table, [1, 3], 4, [0], 3, 1, rep).slice(0, 10);
      expect(out.newTokens).toEqual(want.map((h) => h.tokens));
      for (const [k, h] of want.entries()) expect(out.scores![k]).toBeCloseTo(h.score, 5);
    }));
});

describe('beam search at a large vocabulary', () => {
  it('the two-pass path (each row’s own top K) equals the general one', () =>
    withBackend('cpu', async () => {
      const V = 5000;
      const table = randomTable(V, 12, 3);
      const options = { numBeams: 4, numReturnSequences: 4, maxNewTokens: 5, eosTokenId: [7, 11] };
      const fast = await beams(new TableModel(V, table), [[1, 2, 3]], options);
      // noRepeatNgramSize 50 bans nothing here but sends every row through the processors' path.
      const general = await beams(new TableModel(V, table), [[1, 2, 3]], {
        ...options,
        noRepeatNgramSize: 50,
      });
      expect(fast.newTokens).toEqual(general.newTokens);
      expect(fast.scores).toEqual(general.scores!.map((v) => expect.closeTo(v, 5)));
    }));
});

describe('beam search: HF rules on hand-made tables', () => {
  // V = 3: token 0 is EOS. Probabilities of the next token after each prefix (prompt [1]).
  const table = withOverrides(randomTable(3, 99), {
    '1': [0.5, 0.3, 0.2],
    '1,1': [0.6, 0.2, 0.2],
    '1,2': [0.7, 0.15, 0.15],
  });

  it('an EOS among the first numBeams candidates is finished, scored sum / newLength ** lengthPenalty', () =>
    withBackend('cpu', async () => {
      // Step 1: EOS (0.5) ranks first → hypothesis [0]; beams [1], [2] run on. Step 2: [1, 0] (0.18) and
      // [2, 0] (0.14) rank first and second → finished; the two best by penalised score are kept.
      const expected = {
        1: { tokens: [[0], [1, 0]], scores: [Math.log(0.5), Math.log(0.18) / 2] },
        2: {
          tokens: [
            [1, 0],
            [2, 0],
          ],
          scores: [Math.log(0.18) / 4, Math.log(0.14) / 4],
        },
      };
      for (const lengthPenalty of [1, 2] as const) {
        const model = new TableModel(3, table);
        const out = await beams(model, [[1]], {
          numBeams: 2,
          numReturnSequences: 2,
          eosTokenId: 0,
          maxNewTokens: 6,
          earlyStopping: true,
          lengthPenalty,
        });
        expect(out.newTokens).toEqual(expected[lengthPenalty].tokens);
        expect(out.scores).toEqual(expected[lengthPenalty].scores.map((v) => expect.closeTo(v, 6)));
        // earlyStopping true: the prompt stops once numBeams hypotheses are finished (prefill + 1 step)
        expect(model.steps).toBe(2);
      }
    }));

  it('earlyStopping false stops when the best running beam at its length cannot win; never goes on', () =>
    withBackend('cpu', async () => {
      const heuristic = new TableModel(3, table);
      await beams(heuristic, [[1]], { numBeams: 2, eosTokenId: 0, maxNewTokens: 6, earlyStopping: false });
      // After step 2 the best running beam scores log(0.06) / 2 ≈ −1.41 < the worst finished −0.86.
      expect(heuristic.steps).toBe(2);
      const never = new TableModel(3, table);
      await beams(never, [[1]], { numBeams: 2, eosTokenId: 0, maxNewTokens: 6, earlyStopping: 'never' });
      // 'never' bounds the running beams at maxNewTokens: log(0.06) / 6 ≈ −0.47 > −0.86, so it continues.
      expect(never.steps).toBeGreaterThan(2);
    }));

  it('an EOS ranked at or after numBeams is not finished', () =>
    withBackend('cpu', async () => {
      const t = withOverrides(randomTable(3, 1), { '1': [0.2, 0.5, 0.3] });
      const out = await beams(new TableModel(3, t), [[1]], {
        numBeams: 2,
        numReturnSequences: 2,
        eosTokenId: 0,
        maxNewTokens: 1,
      });
      expect(out.newTokens).toEqual([[1], [2]]);
      expect(out.scores).toEqual([Math.log(0.5), Math.log(0.3)].map((v) => expect.closeTo(v, 6)));
    }));

  it('beam sampling is seeded and returns genuine hypotheses, best first', () =>
    withBackend('cpu', async () => {
      const t = randomTable(5, 4, 1);
      const run = (seed: number) =>
        beams(new TableModel(5, t), [[1, 2]], {
          numBeams: 3,
          numReturnSequences: 3,
          doSample: true,
          seed,
          eosTokenId: 0,
          maxNewTokens: 4,
          temperature: 1.5,
        });
      const a = await run(3);
      expect(await run(3)).toEqual(a);
      const all = enumerateHypotheses(t, [1, 2], 5, [0], 4, 1, (lp) => lp.map((v) => v / 1.5));
      for (const [k, tokens] of a.newTokens.entries()) {
        const h = all.find((x) => x.tokens.join() === tokens.join())!;
        expect(a.scores![k]).toBeCloseTo(h.score, 5);
      }
      expect([...a.scores!].sort((x, y) => y - x)).toEqual(a.scores);
    }));
});
