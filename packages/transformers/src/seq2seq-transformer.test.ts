// Seq2SeqTransformer: PyTorch parity of the teacher-forced forward, the label-smoothed loss and its
// gradients (tooling/fixtures/transformers/gen_seq2seq.py); decoding through core's loop (cached ==
// uncached, beam width 1 == greedy, no leaked tensors); pretrained folders with tokenizer.json.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArgumentError, Generator, useBackend } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import { trainBPE } from '@glossa/tokenizers';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture, tensor, tolerance, values } from '../test/helpers';
import { Seq2SeqConfig, type Seq2SeqConfigOptions } from './seq2seq-config';
import { paddingMaskFromLengths, Seq2SeqTransformer } from './seq2seq-transformer';
import { attentionMaps } from './translation';

interface Case {
  name: string;
  config: Seq2SeqConfigOptions;
  params: Record<string, FixtureTensor>;
  inputs: {
    srcIds: FixtureTensor;
    tgtIds: FixtureTensor;
    targets: FixtureTensor;
    srcLengths: number[];
    tgtLengths: number[];
  };
  logits: FixtureTensor;
  loss: number;
  grads: Record<string, FixtureTensor>;
}
const { cases } = loadFixture<{ cases: Case[] }>('seq2seq.torch.json');
const scratch = mkdtempSync(join(tmpdir(), 'glossa-seq2seq-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function fromCase(c: Case): Seq2SeqTransformer {
  const model = new Seq2SeqTransformer(c.config, { generator: new Generator(0) });
  const state = Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, tensor(v)]));
  model.loadStateDict(state);
  tf.dispose(Object.values(state));
  return model;
}

/** A seeded random model (weights N(0, 0.5²) so that decoding paths differ between tokens). */
function randomModel(options: Partial<Seq2SeqConfigOptions> = {}): Seq2SeqTransformer {
  const model = new Seq2SeqTransformer(
    {
      srcVocabSize: 17,
      dModel: 16,
      nhead: 4,
      numEncoderLayers: 2,
      numDecoderLayers: 2,
      dimFeedforward: 32,
      dropout: 0,
      maxLen: 24,
      ...options,
    },
    { generator: new Generator(5) },
  );
  for (const [i, p] of model.parameters().entries()) {
    const v = tf.randomNormal(p.shape, 0, 0.5, 'float32', 40 + i);
    p.assign(v);
    v.dispose();
  }
  return model.eval();
}

const sources = () =>
  tf.tensor2d(
    [
      [5, 6, 7, 8, 9, 2],
      [10, 11, 2, 0, 0, 0],
      [3, 4, 12, 2, 0, 0],
    ],
    [3, 6],
    'int32',
  );

describe('Seq2SeqTransformer (cpu, no fixtures)', () => {
  beforeAll(() => useBackend('cpu', { verbose: false }));

  it('checks its config and inputs with typed errors', async () => {
    expect(() => new Seq2SeqConfig({ srcVocabSize: 10, dModel: 10, nhead: 3 })).toThrow(ArgumentError);
    expect(() => new Seq2SeqConfig({ srcVocabSize: 10, tgtVocabSize: 12 })).toThrow(/shareEmbeddings/);
    expect(() => new Seq2SeqConfig({ srcVocabSize: 10, eosTokenId: 10 })).toThrow(ArgumentError);
    const model = randomModel();
    const src = sources();
    const bad = tf.tensor2d([[1.5, 2]], [1, 2]);
    expect(() => model.forward(bad, src)).toThrow(/int32 tensor/);
    expect(() => model.forward(src, tf.zeros([2, 3], 'int32'))).toThrow(/3 rows/);
    expect(() => model.encode(tf.zeros([1, 30], 'int32'))).toThrow(/maxLen = 24/);
    expect(() => paddingMaskFromLengths([0, 2], 3)).toThrow(ArgumentError);
    await expect(model.generate(src, { maxNewTokens: 24 })).rejects.toThrow(/maxLen − 1/);
    const mask = paddingMaskFromLengths([3, 1], 3);
    expect(mask.dtype).toBe('bool');
    expect(mask.arraySync()).toEqual([
      [0, 0, 0],
      [0, 1, 1],
    ]);
    mask.dispose();
    expect(Object.keys(model.stateDict())).toContain('shared.weight');
    expect(Object.keys(model.stateDict())).not.toContain('output_projection.weight');
    tf.dispose([src, bad]);
    model.dispose();
  });

  it('returns per-layer, per-head self- and cross-attention weights (rows sum to 1, causal decoder)', async () => {
    const model = randomModel();
    const src = sources();
    const tgt = tf.tensor2d(
      [
        [1, 4, 5, 6],
        [1, 7, 8, 9],
        [1, 3, 3, 3],
      ],
      [3, 4],
      'int32',
    );
    const w = model.attentionWeights(src, tgt);
    expect(w.encoderSelf.map((t) => t.shape)).toEqual([
      [3, 4, 6, 6],
      [3, 4, 6, 6],
    ]);
    expect(w.decoderSelf[1]!.shape).toEqual([3, 4, 4, 4]);
    expect(w.cross[0]!.shape).toEqual([3, 4, 4, 6]);
    const cross = (await w.cross[0]!.array()) as number[][][][];
    expect(cross[1]![2]![3]!.slice(3)).toEqual([0, 0, 0]); // source padding gets no attention
    expect(cross[1]![2]![3]!.reduce((a, b) => a + b)).toBeCloseTo(1, 5);
    const self = (await w.decoderSelf[0]!.array()) as number[][][][];
    expect(self[0]![1]![1]![2]).toBe(0); // causal
    tf.dispose([src, tgt, ...w.encoderSelf, ...w.decoderSelf, ...w.cross]);
    model.dispose();
  });
});

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `Seq2SeqTransformer on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      for (const c of cases) {
        it(`matches PyTorch logits, label-smoothed loss and gradients: ${c.name}`, () =>
          withBackend(b.name, async () => {
            const model = fromCase(c).train();
            const [src, tgt, targets] = [c.inputs.srcIds, c.inputs.tgtIds, c.inputs.targets].map(tensor);
            const before = tf.memory().numTensors;
            let logits: tf.Tensor | undefined;
            const { value, grads } = tf.variableGrads(() => {
              const out = model.forward(src!, tgt!, {
                targets,
                srcLengths: c.inputs.srcLengths,
                tgtLengths: c.inputs.tgtLengths,
              });
              logits = tf.keep(out.logits);
              return out.loss!;
            });
            expect(await maxAbsDiff(logits!, values(c.logits))).toBeLessThan(tolerance(b.name, 2e-5));
            expect(Math.abs((await value.data())[0]! - c.loss)).toBeLessThan(tolerance(b.name));
            const byName = new Map(model.namedParameters().map(([n, p]) => [p.name, n]));
            expect(Object.keys(grads)).toHaveLength(Object.keys(c.grads).length);
            for (const [varName, g] of Object.entries(grads)) {
              const name = byName.get(varName)!;
              expect(await maxAbsDiff(g, values(c.grads[name]!)), name).toBeLessThan(tolerance(b.name, 2e-5));
            }
            tf.dispose([logits!, value, ...Object.values(grads)]);
            expect(tf.memory().numTensors).toBe(before); // a training step's forward/backward leaks nothing
            tf.dispose([src!, tgt!, targets!]);
            model.dispose();
          }));
      }

      // Decoding is step-by-step small kernels: ~80 s on the software webgpu of CI machines, so cpu and wasm only.
      it.skipIf(b.name === 'webgpu')(
        'decodes the same tokens with and without caches, greedy and with beams; beam 1 == greedy; no leaks',
        () =>
          withBackend(b.name, async () => {
            const model = randomModel({ eosTokenId: 2 });
            const src = sources();
            const before = tf.memory().numTensors;
            const greedy = await model.generateDetailed(src, { maxNewTokens: 8 });
            const uncached = await model.generateDetailed(src, { maxNewTokens: 8, useCache: false });
            const beam1 = await model.generateDetailed(src, { maxNewTokens: 8, numBeams: 1 });
            const beams = await model.generateDetailed(src, {
              maxNewTokens: 8,
              numBeams: 3,
              numReturnSequences: 2,
            });
            const beamsUncached = await model.generateDetailed(src, {
              maxNewTokens: 8,
              numBeams: 3,
              numReturnSequences: 2,
              useCache: false,
            });
            expect(tf.memory().numTensors).toBe(before);
            expect(uncached.sequences).toEqual(greedy.sequences);
            expect(beam1.sequences).toEqual(greedy.sequences);
            expect(beamsUncached.sequences).toEqual(beams.sequences);
            for (const [i, s] of beamsUncached.scores!.entries()) expect(s).toBeCloseTo(beams.scores![i]!, 4);
            expect(greedy.sequences.every((r) => r[0] === 1)).toBe(true);
            // the batch decodes like each source alone (padding masked in the encoder and cross-attention)
            const alone = tf.tensor2d([[10, 11, 2]], [1, 3], 'int32');
            expect((await model.generateDetailed(alone, { maxNewTokens: 8 })).newTokens[0]).toEqual(
              greedy.newTokens[1],
            );
            tf.dispose([src, alone]);
            model.dispose();
          }),
      );

      it('saves and loads a pretrained folder with its tokenizer.json, translating text the same', () =>
        withBackend(b.name, async () => {
          const text = 'the cat sat on the mat . le chat est assis sur le tapis . '.repeat(3);
          const tokenizer = trainBPE(text, { vocabSize: 300, specialTokens: ['<pad>', '<s>', '</s>'] });
          const model = randomModel({
            srcVocabSize: tokenizer.vocabSize,
            tieOutput: false,
            shareEmbeddings: true,
          });
          model.tokenizer = tokenizer;
          const out = join(scratch, `m-${b.name}`);
          await model.savePretrained(out);
          const again = await Seq2SeqTransformer.fromPretrained(out);
          expect(again.config.toJSON()).toEqual(model.config.toJSON());
          expect(again.training).toBe(false);
          const sentences = ['the cat', 'on the mat .', 'le chat'];
          const before = tf.memory().numTensors;
          const a = await model.translate(sentences, { maxNewTokens: 6, batchSize: 2 });
          const c = await again.translate(sentences, { maxNewTokens: 6, numBeams: 1 });
          expect(tf.memory().numTensors).toBe(before);
          expect(c).toEqual(a);
          expect(a.every((s) => typeof s === 'string')).toBe(true);
          const maps = await attentionMaps(again, again.tokenizer!, 'the cat', 'le chat');
          expect(maps.sourceTokens.at(-1)).toBe('</s>');
          expect(maps.cross).toHaveLength(2);
          expect(maps.cross[0]).toHaveLength(4);
          expect(maps.cross[0]![0]).toHaveLength(maps.targetTokens.length);
          expect(maps.cross[0]![0]![0]).toHaveLength(maps.sourceTokens.length);
          expect(tf.memory().numTensors).toBe(before);
          model.dispose();
          again.dispose();
        }));
    },
  );
}
