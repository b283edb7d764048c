// BERT against a PyTorch re-implementation of HF's BERT math (tooling/fixtures/transformers/gen_bert.py):
// hidden states, pooled output, MLM and NSP logits, losses and MLM-loss gradients, on every backend,
// from the HF folder bert-tiny (config.json + model.safetensors with `bert.` names + vocab.txt).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArgumentError, FormatError, loadSafetensors } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type FixtureTensor,
  loadFixture,
  loadFixtureBytes,
  tensor,
  tolerance,
  values,
} from '../test/helpers';
import { BertModel } from './bert';
import { BertConfig } from './bert-config';
import {
  BertForMaskedLM,
  BertForNextSentencePrediction,
  BertForPreTraining,
  BertForSequenceClassification,
  BertForTokenClassification,
} from './bert-heads';
import { bertFromHFState, loadBertVocab } from './bert-pretrained';

const FOLDER = fileURLToPath(new URL('../test/fixtures/bert-tiny', import.meta.url));
const config = loadFixture('bert-tiny/config.json');
type Head = { weight: FixtureTensor; bias: FixtureTensor; logits: FixtureTensor };
const ref = loadFixture<{
  inputIds: FixtureTensor;
  tokenTypeIds: FixtureTensor;
  attentionMask: FixtureTensor;
  lastHiddenState: FixtureTensor;
  pooledOutput: FixtureTensor;
  predictionLogits: FixtureTensor;
  seqRelationshipLogits: FixtureTensor;
  labels: FixtureTensor;
  nextSentenceLabel: FixtureTensor;
  mlmLoss: number;
  nspLoss: number;
  grads: Record<string, FixtureTensor>;
  sequenceClassifier: Head;
  tokenClassifier: Head;
}>('bert.torch.json');
const scratch = mkdtempSync(join(tmpdir(), 'glossa-bert-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const inputs = () => ({
  inputIds: tensor(ref.inputIds),
  tokenTypeIds: tensor(ref.tokenTypeIds),
  attentionMask: tensor(ref.attentionMask),
});
const diff = async (t: tf.Tensor | undefined, f: FixtureTensor) => maxAbsDiff(t!, values(f));

describe('BertConfig', () => {
  it('has HF defaults (bert-base-uncased), reads a hub config.json and writes BertConfig names', () => {
    const base = new BertConfig();
    expect(base).toMatchObject({
      vocab_size: 30522,
      hidden_size: 768,
      num_hidden_layers: 12,
      num_attention_heads: 12,
      intermediate_size: 3072,
      max_position_embeddings: 512,
      type_vocab_size: 2,
      layer_norm_eps: 1e-12,
      hidden_act: 'gelu',
    });
    const c = new BertConfig(config);
    expect(c).toMatchObject({ vocab_size: 40, hidden_size: 32, num_hidden_layers: 2 });
    expect(new BertConfig(c.toJSON('BertModel'))).toEqual(c);
    expect(c.toJSON('BertModel')).toMatchObject({ model_type: 'bert', architectures: ['BertModel'] });
    expect(new BertConfig({ id2label: { 0: 'O', 1: 'B-FR', 2: 'I-FR' } }).num_labels).toBe(3);
  });

  it('rejects what it cannot run, naming the field', () => {
    expect(() => new BertConfig({ hidden_size: 10, num_attention_heads: 4 })).toThrow(/num_attention_heads/);
    expect(() => new BertConfig({ position_embedding_type: 'relative_key' })).toThrow(
      /position_embedding_type/,
    );
    expect(() => new BertConfig({ hidden_act: 'quick_gelu' as never })).toThrow(/hidden_act/);
    expect(() => new BertConfig({ model_type: 'roberta' })).toThrow(ArgumentError);
    expect(() => new BertConfig({ num_hidden_layers: 0 })).toThrow(ArgumentError);
  });
});

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `BERT vs PyTorch on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      const tol = tolerance(b.name, 1e-4);

      it('BertForPreTraining.fromPretrained: hidden states, pooled, MLM and NSP logits, losses', () =>
        withBackend(b.name, async () => {
          const model = await BertForPreTraining.fromPretrained(FOLDER);
          expect(model.training).toBe(false);
          const x = inputs();
          const labels = tensor(ref.labels);
          const nextSentenceLabel = tensor(ref.nextSentenceLabel);
          const before = tf.memory().numTensors;
          const out = model.forward({ ...x, labels, nextSentenceLabel });
          expect(await diff(out.lastHiddenState, ref.lastHiddenState)).toBeLessThan(tol);
          expect(await diff(out.predictionLogits, ref.predictionLogits)).toBeLessThan(tol);
          expect(await diff(out.seqRelationshipLogits, ref.seqRelationshipLogits)).toBeLessThan(tol);
          expect(Math.abs((await out.loss!.data())[0]! - (ref.mlmLoss + ref.nspLoss))).toBeLessThan(tol);
          tf.dispose(out as never);
          expect(tf.memory().numTensors).toBe(before);
          tf.dispose([...Object.values(x), labels, nextSentenceLabel]);
          model.dispose();
        }));

      it('BertModel reads the same folder (bert. prefix dropped, cls.* ignored); tensors without the prefix load too', () =>
        withBackend(b.name, async () => {
          const bert = await BertModel.fromPretrained(FOLDER);
          const x = inputs();
          const out = bert.forward(x);
          expect(await diff(out.lastHiddenState, ref.lastHiddenState)).toBeLessThan(tol);
          expect(await diff(out.pooledOutput, ref.pooledOutput)).toBeLessThan(tol);
          tf.dispose([out.lastHiddenState, out.pooledOutput!]);
          bert.dispose();
          // HF files of BertModel carry no prefix: strip it and load into BertForNextSentencePrediction.
          const { tensors } = loadSafetensors(loadFixtureBytes('bert-tiny/model.safetensors'));
          const bare = Object.fromEntries(
            Object.entries(tensors).map(([k, v]) => [k.replace(/^bert\./, ''), v]),
          );
          const nsp = bertFromHFState((c) => new BertForNextSentencePrediction(c), config, bare);
          const o = nsp.forward(x);
          expect(await diff(o.seqRelationshipLogits, ref.seqRelationshipLogits)).toBeLessThan(tol);
          expect(o.predictionLogits).toBeUndefined();
          tf.dispose([
            o.lastHiddenState,
            o.seqRelationshipLogits!,
            ...Object.values(tensors),
            ...Object.values(x),
          ]);
          nsp.dispose();
        }));

      it('classification heads: absent from the checkpoint they are initialised; with weights they match', () =>
        withBackend(b.name, async () => {
          const x = inputs();
          for (const [Cls, head] of [
            [BertForSequenceClassification, ref.sequenceClassifier],
            [BertForTokenClassification, ref.tokenClassifier],
          ] as const) {
            const model = await Cls.fromPretrained(FOLDER);
            expect(model.config.num_labels).toBe(2); // HF default: the checkpoint has no id2label
            model.dispose();
            const c = new BertConfig({ ...config, num_labels: 3 });
            const { tensors } = loadSafetensors(loadFixtureBytes('bert-tiny/model.safetensors'));
            const m3 = bertFromHFState((cc) => new Cls(cc), c.toJSON(), tensors);
            tf.dispose(Object.values(tensors));
            const w = tensor(head.weight);
            const bias = tensor(head.bias);
            m3.classifier.loadStateDict({ weight: w, bias });
            const { logits } = m3.forward(x);
            expect(await diff(logits, head.logits)).toBeLessThan(tol);
            tf.dispose([w, bias, logits]);
            m3.dispose();
          }
          tf.dispose(Object.values(x));
        }));

      it('MLM-loss gradients match PyTorch autograd', () =>
        withBackend(b.name, async () => {
          const model = await BertForMaskedLM.fromPretrained(FOLDER);
          const x = inputs();
          const labels = tensor(ref.labels);
          const params = model.trainableParameters();
          const names = Object.keys(ref.grads);
          const { value, grads } = tf.variableGrads(
            () => model.forward({ ...x, labels }).loss!,
            names.map((n) => params[n]!),
          );
          expect(Math.abs((await value.data())[0]! - ref.mlmLoss)).toBeLessThan(tol);
          for (const n of names) {
            expect(await diff(grads[params[n]!.name], ref.grads[n]!), n).toBeLessThan(tol);
          }
          tf.dispose([value, ...Object.values(grads), ...Object.values(x), labels]);
          model.dispose();
        }));
    },
  );
}

describe('BERT checkpoints (cpu)', () => {
  it('savePretrained writes HF names and vocab.txt atomically; fromPretrained reads them back', () =>
    withBackend('cpu', async () => {
      const model = await BertForPreTraining.fromPretrained(FOLDER);
      const vocab = await loadBertVocab(FOLDER);
      expect(vocab.split('\n')[4]).toBe('[MASK]');
      const dir = join(scratch, 'saved');
      const saved = await model.savePretrained(dir, { vocab });
      expect(saved.files.sort()).toEqual(['config.json', 'model.safetensors', 'vocab.txt']);
      const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
      expect(cfg).toMatchObject({
        model_type: 'bert',
        architectures: ['BertForPreTraining'],
        hidden_size: 32,
      });
      const { tensors } = loadSafetensors(readFileSync(join(dir, 'model.safetensors')));
      expect(Object.keys(tensors)).toEqual(
        expect.arrayContaining([
          'bert.embeddings.word_embeddings.weight',
          'bert.encoder.layer.1.attention.self.query.weight',
          'bert.encoder.layer.0.attention.output.LayerNorm.bias',
          'cls.predictions.transform.dense.weight',
          'cls.predictions.bias',
          'cls.seq_relationship.weight',
        ]),
      );
      expect(Object.keys(tensors).some((k) => k.includes('decoder'))).toBe(false);
      tf.dispose(Object.values(tensors));
      expect(readFileSync(join(dir, 'vocab.txt'), 'utf8')).toBe(vocab);
      const again = await BertForPreTraining.fromPretrained(dir);
      const x = inputs();
      const a = model.forward(x);
      const c = again.forward(x);
      expect(await maxAbsDiff(a.predictionLogits!, await c.predictionLogits!.data())).toBe(0);
      tf.dispose([a, c, x] as never);
      model.dispose();
      again.dispose();
    }));

  it('errors: a missing encoder tensor or a foreign tensor is a FormatError; bad inputs an ArgumentError', () =>
    withBackend('cpu', async () => {
      const { tensors } = loadSafetensors(loadFixtureBytes('bert-tiny/model.safetensors'));
      const { 'bert.encoder.layer.1.output.dense.weight': _gone, ...partial } = tensors;
      expect(() => bertFromHFState((c) => new BertModel(c), config, partial)).toThrow(FormatError);
      expect(() =>
        bertFromHFState((c) => new BertModel(c), config, { ...tensors, 'lm_head.weight': _gone! }),
      ).toThrow(/lm_head\.weight/);
      tf.dispose(Object.values(tensors));
      const bert = new BertModel({
        vocab_size: 10,
        hidden_size: 8,
        num_hidden_layers: 1,
        num_attention_heads: 2,
        intermediate_size: 8,
        max_position_embeddings: 4,
      });
      const long = tf.zeros([1, 5], 'int32');
      expect(() => bert.forward({ inputIds: long })).toThrow(/max_position_embeddings/);
      const f = tf.zeros([1, 3]);
      expect(() => bert.forward({ inputIds: f })).toThrow(ArgumentError);
      const ids = tf.zeros([1, 3], 'int32');
      const short = tf.ones([1, 2]);
      expect(() => bert.forward({ inputIds: ids, attentionMask: short })).toThrow(/attentionMask/);
      tf.dispose([long, f, ids, short]);
      bert.dispose();
    }));

  it('freezeFor: encoder / lower half / none leaves the expected parameters trainable', () =>
    withBackend('cpu', () => {
      const m = new BertForSequenceClassification({
        vocab_size: 20,
        hidden_size: 8,
        num_hidden_layers: 4,
        num_attention_heads: 2,
        intermediate_size: 16,
        max_position_embeddings: 8,
      });
      const trainable = () => Object.keys(m.trainableParameters());
      m.freezeFor('encoder');
      expect(trainable().sort()).toEqual(['classifier.bias', 'classifier.weight']);
      m.freezeFor('lower-half');
      const t = trainable();
      expect(t.some((k) => k.startsWith('bert.embeddings.') || /layer\.[01]\./.test(k))).toBe(false);
      expect(t.filter((k) => /layer\.[23]\./.test(k)).length).toBe(32);
      expect(t).toContain('bert.pooler.dense.weight');
      m.freezeFor('none');
      expect(trainable().length).toBe(m.parameters().length);
      expect(() => m.freezeFor('half' as never)).toThrow(ArgumentError);
      m.dispose();
    }));
});
