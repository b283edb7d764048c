/**
 * Seq2Seq with Bahdanau and Luong attention: teacher-forced logits equal step-by-step decoding;
 * attention weights are distributions that give padded source positions nothing; greedy equals beam
 * search with one beam; beam search returns sorted hypotheses and reorders the state; names; and a
 * learning test (wasm only, < 60 s): reversing held-out strings with BLEU ≥ 90 (@glossa/metrics).
 */
import { Adam, crossEntropy, Generator } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import { corpusBleu } from '@glossa/metrics';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { rng } from '../test/helpers';
import { beamSearch } from './beam-search';
import { Seq2Seq, type Seq2SeqOptions } from './seq2seq';

const [PAD, BOS, EOS] = [0, 1, 2];
const ids = (rows: number[][]) => tf.tensor2d(rows, [rows.length, (rows[0] as number[]).length], 'int32');

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
            const r = m.step(y, state);
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
          const two = m.step(first2, s0);
          expect(await maxAbsDiff(two.logits, await (stepped[1] as tf.Tensor).data())).toBeLessThan(1e-5);
          tf.dispose([src, tgtIn, first2, logits, weights, all, ...stepped, two.logits]);
          for (const s of [state, s0, two.state]) m.disposeState(s);
          m.dispose();
        }),
    );

    it('greedy equals one-beam search; beams come sorted with their attention', () =>
      withBackend(b.name, async () => {
        const m = small('bahdanau');
        m.eval();
        const src = ids([
          [3, 4, 5],
          [6, 7, 0],
        ]);
        const greedy = await m.translate(src, { lengths: [3, 2], bos: BOS, eos: EOS, maxLength: 5 });
        const state = m.encode(src, { lengths: [3, 2] });
        const one = await beamSearch(m, state, 2, { bos: BOS, eos: EOS, maxLength: 5, beamSize: 1 });
        expect(greedy.map((g) => g.tokens)).toEqual(one.map((h) => (h[0] as { tokens: number[] }).tokens));
        const beams = await beamSearch(m, state, 2, { bos: BOS, eos: EOS, maxLength: 5, beamSize: 3 });
        for (const hs of beams) {
          expect(hs.length).toBeGreaterThan(0);
          for (let i = 1; i < hs.length; i++)
            expect((hs[i - 1] as { score: number }).score).toBeGreaterThanOrEqual(
              (hs[i] as { score: number }).score,
            );
          // Beam search finds a hypothesis at least as likely (length-normalised) as greedy's.
        }
        expect(((beams[0] as Array<{ score: number }>)[0] as { score: number }).score).toBeGreaterThanOrEqual(
          (greedy[0] as { score: number }).score - 1e-6,
        );
        const t = greedy[1] as { tokens: number[]; attention: number[][] };
        expect(t.attention.length).toBeGreaterThanOrEqual(t.tokens.length);
        for (const row of t.attention) expect(row[2]).toBe(0); // padded source position
        m.disposeState(state);
        src.dispose();
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
            Array.from({ length: 3 + Math.floor(r() * 6) }, () => letters[Math.floor(r() * 10)]).join('');
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
          const opt = new Adam({ lr: 0.015, params: model });
          const BATCH = 64;
          const started = performance.now();
          const STEPS = 110;
          for (let step = 0; step < STEPS; step++) {
            opt.lr = 0.015 * (1 - (0.9 * step) / STEPS);
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
            maxLength: 10,
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
