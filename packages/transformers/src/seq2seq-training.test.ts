// A small Seq2SeqTransformer learns to reverse letter strings (wasm only, to keep CI short): trained
// with the paper's recipe (label smoothing 0.1, Adam β=(0.9, 0.98), core's inverse-√ warm-up
// schedule), then scored with sacreBLEU-identical BLEU (@glossa/metrics) on held-out strings, greedy
// through the cached decoder. On the same held-out set beam search (width 4) never scores worse than
// greedy by the model's own length-normalised log-probability. Training steps and decoding leak no tensor.
import { Adam, fit, Generator, inverseSqrtSchedule } from '@glossa/core';
import { backendsUnderTest, withBackend } from '@glossa/core/testing';
import { corpusBleu } from '@glossa/metrics';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Seq2SeqTransformer } from './seq2seq-transformer';
import { padBatch } from './translation';

const [PAD, BOS, EOS] = [0, 1, 2];
const LETTERS = 10; // ids 3 … 12
const STEPS = 220;

const randomString = (g: Generator) => Array.from({ length: 3 + g.int(6) }, () => 3 + g.int(LETTERS));
const text = (ids: number[]) => ids.map((i) => String.fromCharCode(94 + i)).join(' '); // 'a b c'

interface Batch {
  src: number[][];
  tgtIn: number[][];
  tgtOut: number[][];
}
function makeBatch(strings: number[][]): Batch {
  const pad = (rows: number[][]) => {
    const T = Math.max(...rows.map((r) => r.length));
    return rows.map((r) => [...r, ...new Array(T - r.length).fill(PAD)]);
  };
  return {
    src: pad(strings.map((s) => [...s, EOS])),
    tgtIn: pad(strings.map((s) => [BOS, ...[...s].reverse()])),
    tgtOut: pad(strings.map((s) => [...[...s].reverse(), EOS])),
  };
}

/** The model's length-normalised log-probability (mean over new tokens, eos included) of each output. */
async function normalisedLogProb(
  model: Seq2SeqTransformer,
  src: number[][],
  outputs: number[][],
): Promise<number[]> {
  const { ids: s, lengths } = padBatch(src, PAD);
  const { ids: tIn } = padBatch(
    outputs.map((o) => [BOS, ...o.slice(0, -1)]),
    PAD,
  );
  const logp = tf.tidy(() => tf.logSoftmax(model.forward(s, tIn, { srcLengths: lengths }).logits));
  const lp = (await logp.array()) as number[][][];
  tf.dispose([s, tIn, logp]);
  return outputs.map((o, b) => o.reduce((sum, tok, t) => sum + lp[b]![t]![tok]!, 0) / o.length);
}

const wasm = (await backendsUnderTest()).find((b) => b.name === 'wasm');

describe.skipIf(!wasm?.available)('Seq2SeqTransformer training on wasm', () => {
  it(
    'learns to reverse strings (held-out BLEU ≥ 90); beam 4 never scores below greedy; no leaked tensors',
    () =>
      withBackend('wasm', async () => {
        const started = performance.now();
        const generator = new Generator(0);
        const model = new Seq2SeqTransformer(
          {
            srcVocabSize: 3 + LETTERS,
            dModel: 32,
            nhead: 4,
            numEncoderLayers: 2,
            numDecoderLayers: 2,
            dimFeedforward: 64,
            dropout: 0,
            maxLen: 16,
            normFirst: true,
          },
          { generator },
        );
        const optimizer = new Adam({ lr: 0, betas: [0.9, 0.98], eps: 1e-9, params: model });
        const counts: number[] = [];
        const lossOf = (b: Batch) =>
          tf.tidy(() => {
            const t = (rows: number[][]) => tf.tensor2d(rows, undefined, 'int32');
            return model.forward(t(b.src), t(b.tgtIn), { targets: t(b.tgtOut), labelSmoothing: 0.1 }).loss!;
          });
        const { history } = await fit({
          model,
          optimizer,
          loss: lossOf,
          data: function* () {
            for (;;) yield makeBatch(Array.from({ length: 64 }, () => randomString(generator)));
          },
          maxSteps: STEPS,
          schedule: inverseSqrtSchedule({ dModel: 32, warmupSteps: 40, factor: 0.8 }),
          clipNorm: 1,
          callbacks: [{ onStep: () => void counts.push(tf.memory().numTensors) }],
        });
        // The optimizer's state appears at step 1; after that a training step adds no tensor.
        expect(new Set(counts.slice(1)).size).toBe(1);
        expect(history[0]!.loss).toBeGreaterThan(2);
        const trained = performance.now();

        model.eval();
        const g = new Generator(123);
        const held = Array.from({ length: 60 }, () => randomString(g));
        const src = held.map((s) => [...s, EOS]);
        const { ids, lengths } = padBatch(src, PAD);
        const before = tf.memory().numTensors;
        const greedy = await model.generateDetailed(ids, { srcLengths: lengths, maxNewTokens: 10 });
        const beam = await model.generateDetailed(ids, {
          srcLengths: lengths,
          maxNewTokens: 10,
          numBeams: 4,
        });
        expect(tf.memory().numTensors).toBe(before);
        ids.dispose();
        const strip = (o: number[]) => (o.at(-1) === EOS ? o.slice(0, -1) : o);
        const refs = held.map((s) => text([...s].reverse()));
        const bleu = corpusBleu(
          greedy.newTokens.map((o) => text(strip(o))),
          [refs],
        );
        const [pg, pb] = [
          await normalisedLogProb(model, src, greedy.newTokens),
          await normalisedLogProb(model, src, beam.newTokens),
        ];
        const worse = pb.filter((b, i) => b < pg[i]! - 1e-5).length;
        const secs = (t: number) => ((t - started) / 1000).toFixed(1);
        console.log(
          `reverse: final loss ${history.at(-1)!.loss.toFixed(3)}, held-out BLEU ${bleu.score.toFixed(1)} (${bleu.signature}); ` +
            `beam 4 ≥ greedy on ${60 - worse}/60; trained in ${secs(trained)} s, total ${secs(performance.now())} s`,
        );
        expect(bleu.score).toBeGreaterThanOrEqual(90);
        expect(worse).toBe(0);
        optimizer.dispose();
        model.dispose();
      }),
    60_000,
  );
});
