/**
 * Seq2Seq with Bahdanau and Luong attention: teacher-forced logits equal step-by-step decoding;
 * attention weights are distributions that give padded source positions nothing; translate (core's
 * generate) equals a step-by-step argmax reference — tokens, score and attention — greedy and with
 * one beam; beam scores are core's; no tensor leaks; names; and a learning test (wasm only, < 60 s):
 * reversing held-out strings with BLEU ≥ 90 (@glossa/metrics).
 */
import { Adam, crossEntropy, Generator, generateDetailed } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import { corpusBleu } from '@glossa/metrics';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { rng } from '../test/helpers';
import { Seq2Seq, type Seq2SeqOptions } from './seq2seq';

const [PAD, BOS, EOS] = [0, 1, 2];
const ids = (rows: number[][]) => tf.tensor2d(rows, [rows.length, (rows[0] as number[]).length], 'int32');

/** Reference greedy decoding of one source row with decode(): argmax tokens, Σ log p and attention. */
async function stepwiseGreedy(m: Seq2Seq, src: number[], length: number, maxLength: number) {
  const srcT = ids([src]);
  let state = m.encode(srcT, { lengths: [length] });
  const tokens: number[] = [];
  const attention: number[][] = [];
  let logProb = 0;
  let y = BOS;
  for (let t = 0; t < maxLength && y !== EOS; t++) {
    const yT = ids([[y]]);
    const r = m.decode(yT, state);
    m.disposeState(state);
    state = r.state;
    const lp = tf.tidy(() => tf.logSoftmax(r.logits));
    const p = await lp.data();
    y = p.indexOf(Math.max(...p));
    logProb += p[y] as number;
    tokens.push(y);
    attention.push([...(await (state.weights as tf.Tensor).data())].slice(0, src.length));
    tf.dispose([yT, r.logits, lp]);
  }
  m.disposeState(state);
  srcT.dispose();
  return {
    tokens: tokens.at(-1) === EOS ? tokens.slice(0, -1) : tokens,
    score: logProb / tokens.length,
    attention,
  };
}

function small(attention: Seq2SeqOptions['attention'], rnnType: Seq2SeqOptions['rnnType'] = 'lstm') {
  return new Seq2Seq({
    srcVocabSize: 9,
    tgtVocabSize: 8,
    hiddenSize: 6,
    embeddingDim: 5,
    numLayers: 2,
    rnnType,
    attention,
    generator: new Generator(attention === 'luong' ? 3 : 4),
  });
}

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(`Seq2Seq on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`, () => {
    it.each([
      ['bahdanau', 'lstm'],
      ['luong', 'gru'],
    ] as const)(
      '%s/%s: teacher forcing equals stepping; weights are masked distributions',
      (attention, rnnType) =>
        withBackend(b.name, async () => {
          const m = small(attention, rnnType);
          m.eval();
          const src = ids([
            [3, 4, 5, 6],
            [7, 8, 0, 0],
          ]);
          const tgtIn = ids([
            [BOS, 3, 4],
            [BOS, 5, 6],
          ]);
          const { logits, weights } = m.forward(src, tgtIn, { lengths: [4, 2] });
          expect(logits.shape).toEqual([2, 3, 8]);
          expect(weights.shape).toEqual([2, 3, 4]);
          const w = Array.from(await weights.data());
          for (let r = 0; r < 6; r++) {
            const row = w.slice(r * 4, r * 4 + 4);
            expect(row.reduce((a, c) => a + c, 0)).toBeCloseTo(1, 5);
            if (r >= 3) expect(row.slice(2)).toEqual([0, 0]); // batch row 1: source length 2
          }
          let state = m.encode(src, { lengths: [4, 2] });
          const stepped: tf.Tensor[] = [];
          for (let t = 0; t < 3; t++) {
            const y = tf.slice(tgtIn, [0, t], [-1, 1]);
            const r = m.decode(y, state);
            m.disposeState(state);
            y.dispose();
            stepped.push(r.logits);
            state = r.state;
          }
          const all = tf.stack(stepped, 1);
          expect(await maxAbsDiff(all, await logits.data())).toBeLessThan(1e-5);
          // Two tokens in one step call = the same as two calls.
          const s0 = m.encode(src, { lengths: [4, 2] });
          const first2 = tf.slice(tgtIn, [0, 0], [-1, 2]);
          const two = m.decode(first2, s0);
          expect(await maxAbsDiff(two.logits, await (stepped[1] as tf.Tensor).data())).toBeLessThan(1e-5);
          tf.dispose([src, tgtIn, first2, logits, weights, all, ...stepped, two.logits]);
          for (const s of [state, s0, two.state]) m.disposeState(s);
          m.dispose();
        }),
    );

    it('translate runs core’s generate: greedy and one beam equal step-by-step argmax; beam scores are core’s; no leaks', () =>
      withBackend(b.name, async () => {
        const m = small('bahdanau');
        m.eval();
        const rows = [
          [3, 4, 5],
          [6, 7, 0],
        ];
        const src = ids(rows);
        const opts = { lengths: [3, 2], bos: BOS, eos: EOS, maxLength: 5 };
        const want = await Promise.all(rows.map((r, i) => stepwiseGreedy(m, r, [3, 2][i] as number, 5)));
        const before = tf.memory().numTensors;
        const greedy = await m.translate(src, opts);
        const oneBeam = await m.translate(src, { ...opts, beamSize: 1 });
        const beams = await m.translate(src, { ...opts, beamSize: 3 });
        expect(tf.memory().numTensors).toBe(before);
        for (const got of [greedy, oneBeam]) {
          got.forEach((g, i) => {
            const w = want[i] as (typeof want)[number];
            expect(g.tokens).toEqual(w.tokens);
            expect(g.score).toBeCloseTo(w.score, 5);
            expect(g.attention.length).toBe(w.attention.length);
            g.attention.forEach((row, t) => {
              row.forEach((v, j) => {
                expect(v).toBeCloseTo((w.attention[t] as number[])[j] as number, 5);
              });
            });
          });
        }
        for (const row of (greedy[1] as { attention: number[][] }).attention) expect(row[2]).toBe(0); // padding
        // The scores translate computes (one teacher-forced pass) are the scores core's beam search kept.
        const start = tf.fill([2, 1], BOS, 'int32') as tf.Tensor2D;
        const detailed = await generateDetailed(m.generationModel(src, { lengths: [3, 2] }), start, {
          maxNewTokens: 5,
          eosTokenId: EOS,
          numBeams: 3,
        });
        beams.forEach((t, i) => {
          expect(t.score).toBeCloseTo((detailed.scores as number[])[i] as number, 5);
          // Beam search finds a hypothesis at least as likely (length-normalised) as greedy's.
          expect(t.score).toBeGreaterThanOrEqual((greedy[i] as { score: number }).score - 1e-6);
        });
        tf.dispose([src, start]);
        m.dispose();
      }));

    it('registers encoder, bridge, decoder cells, attention and output names', () =>
      withBackend(b.name, () => {
        const m = new Seq2Seq({
          srcVocabSize: 5,
          tgtVocabSize: 5,
          hiddenSize: 4,
          attention: 'luong',
          rnnType: 'gru',
        });
        expect(Object.keys(m.stateDict())).toEqual([
          'src_embedding.weight',
          'encoder.weight_ih_l0',
          'encoder.weight_hh_l0',
          'encoder.bias_ih_l0',
          'encoder.bias_hh_l0',
          'encoder.weight_ih_l0_reverse',
          'encoder.weight_hh_l0_reverse',
          'encoder.bias_ih_l0_reverse',
          'encoder.bias_hh_l0_reverse',
          'bridge.weight',
          'bridge.bias',
          'tgt_embedding.weight',
          'decoder.0.weight_ih',
          'decoder.0.weight_hh',
          'decoder.0.bias_ih',
          'decoder.0.bias_hh',
          'attention.W_a.weight',
          'combine.weight',
          'output.weight',
          'output.bias',
        ]);
        m.dispose();
      }));

    it.runIf(b.name === 'wasm')(
      'learns to reverse strings: BLEU ≥ 90 on held-out strings (learning, wasm)',
      () =>
        withBackend(b.name, async () => {
          const letters = 'abcdefghij';
          const tok = (ch: string) => 3 + letters.indexOf(ch);
          const r = rng(2024);
          const word = () =>
            Array.from({ length: 3 + Math.floor(r() * 4) }, () => letters[Math.floor(r() * 10)]).join('');
          const seen = new Set<string>();
          const draw = (n: number) => {
            const out: string[] = [];
            while (out.length < n) {
              const w = word();
              if (!seen.has(w)) {
                seen.add(w);
                out.push(w);
              }
            }
            return out;
          };
          const train = draw(1024);
          const test = draw(100); // disjoint from train
          const pad = (rows: number[][], T: number) =>
            rows.map((x) => [...x, ...new Array(T - x.length).fill(PAD)]);
          const batchOf = (words: string[]) => {
            const T = Math.max(...words.map((w) => w.length));
            const src = words.map((w) => [...w].map(tok));
            const tgt = words.map((w) => [...w].reverse().map(tok));
            return {
              src: ids(pad(src, T)),
              lengths: words.map((w) => w.length),
              tgtIn: ids(
                pad(
                  tgt.map((t) => [BOS, ...t]),
                  T + 1,
                ),
              ),
              tgtOut: ids(
                pad(
                  tgt.map((t) => [...t, EOS]),
                  T + 1,
                ),
              ),
            };
          };
          const model = new Seq2Seq({
            srcVocabSize: 13,
            tgtVocabSize: 13,
            hiddenSize: 48,
            embeddingDim: 24,
            rnnType: 'gru',
            attention: 'bahdanau',
            generator: new Generator(7),
          });
          const opt = new Adam({ lr: 0.02, params: model });
          const BATCH = 64;
          const started = performance.now();
          const STEPS = 60;
          for (let step = 0; step < STEPS; step++) {
            opt.lr = 0.02 * (1 - (0.9 * step) / STEPS);
            const s = (step * BATCH) % train.length;
            const bt = batchOf(train.slice(s, s + BATCH));
            const { value, grads } = tf.variableGrads(
              () =>
                crossEntropy(model.forward(bt.src, bt.tgtIn, { lengths: bt.lengths }).logits, bt.tgtOut, {
                  ignoreIndex: PAD,
                }) as tf.Scalar,
            );
            opt.step(grads);
            tf.dispose([value, ...Object.values(grads), bt.src, bt.tgtIn, bt.tgtOut]);
          }
          model.eval();
          const bt = batchOf(test);
          const out = await model.translate(bt.src, {
            lengths: bt.lengths,
            bos: BOS,
            eos: EOS,
            maxLength: 7,
          });
          const hyps = out.map((o) => o.tokens.map((i) => letters[i - 3] ?? '?').join(' '));
          const refs = test.map((w) => [...w].reverse().join(' '));
          const bleu = corpusBleu(hyps, [refs]).score;
          expect(
            bleu,
            `BLEU ${bleu.toFixed(1)} after ${((performance.now() - started) / 1000).toFixed(1)} s`,
          ).toBeGreaterThanOrEqual(90);
          // The attention of a correct reversal runs along the anti-diagonal.
          const first = out[0] as { attention: number[][] };
          const L = (test[0] as string).length;
          const argmax = first.attention.slice(0, L).map((row) => row.indexOf(Math.max(...row)));
          expect(argmax).toEqual(Array.from({ length: L }, (_, t) => L - 1 - t));
          tf.dispose([bt.src, bt.tgtIn, bt.tgtOut]);
          opt.dispose();
          model.dispose();
        }),
    );
  });
}
