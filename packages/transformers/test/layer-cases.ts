// Runs the encoder/decoder fixture cases of tooling/fixtures/transformers/gen_layers.py (and the
// copied ../shared cases) against the modules. Not part of the published package.
import type { ConcreteBackend, Module, StateDict } from '@glossa/core';
import { maxAbsDiff } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { TransformerDecoder } from '../src/transformer-decoder';
import { TransformerDecoderLayer } from '../src/transformer-decoder-layer';
import { TransformerEncoder } from '../src/transformer-encoder';
import { TransformerEncoderLayer } from '../src/transformer-encoder-layer';
import type { TransformerLayerOptions } from '../src/transformer-layer-options';
import { type FixtureTensor, loadFixture, tensor, tolerance, values } from './helpers';

export type ModuleKind = 'encoderLayer' | 'decoderLayer' | 'encoder' | 'decoder';

export interface LayerCase {
  name: string;
  module: ModuleKind;
  config: Record<string, any>;
  notes?: string;
  params: Record<string, FixtureTensor>;
  inputs: Record<string, FixtureTensor>;
  outputs: Record<string, FixtureTensor>;
  lossWeights?: { output: FixtureTensor };
  grads?: Record<string, FixtureTensor>;
}

const PUBLIC_KIND: Record<string, ModuleKind> = {
  TransformerEncoderLayer: 'encoderLayer',
  TransformerDecoderLayer: 'decoderLayer',
};
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The cases of one module kind: the copied public ones (normalised to our names) and our own. */
export function layerCases(kind: ModuleKind): LayerCase[] {
  const shared = loadFixture<{ cases: any[] }>('modules.public.transformer.json').cases.map(
    (c): LayerCase => ({
      ...c,
      module: PUBLIC_KIND[c.module]!,
      config: Object.fromEntries(Object.entries(c.config).map(([k, v]) => [camel(k), v])),
      inputs: Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [camel(k), v as FixtureTensor])),
    }),
  );
  const own = loadFixture<{ cases: LayerCase[] }>('layers.torch.json').cases;
  return [...shared, ...own].filter((c) => c.module === kind);
}

type AnyModule = TransformerEncoderLayer | TransformerDecoderLayer | TransformerEncoder | TransformerDecoder;

/** Builds the module of a case with the case's parameters loaded. */
export function buildModule(c: LayerCase): AnyModule {
  const { dModel, nhead, dimFeedforward, dropout, activation, normFirst, layerNormEps } = c.config;
  const layer: TransformerLayerOptions = {
    dModel,
    nhead,
    dimFeedforward,
    dropout,
    activation,
    normFirst,
    layerNormEps,
  };
  const { numLayers, norm } = c.config;
  const m =
    c.module === 'encoderLayer'
      ? new TransformerEncoderLayer(layer)
      : c.module === 'decoderLayer'
        ? new TransformerDecoderLayer(layer)
        : c.module === 'encoder'
          ? new TransformerEncoder({ encoderLayer: layer, numLayers, norm })
          : new TransformerDecoder({ decoderLayer: layer, numLayers, norm });
  (m as Module).loadStateDict(c.params as unknown as StateDict);
  return m;
}

/** Runs a case's forward on the given inputs (tensors keyed by the fixture's names). */
export function runCase(
  m: AnyModule,
  inputs: Record<string, tf.Tensor>,
  extra: Record<string, unknown> = {},
): {
  output: tf.Tensor;
  selfAttnWeights?: tf.Tensor | tf.Tensor[];
  crossAttnWeights?: tf.Tensor | tf.Tensor[];
} {
  const { src, tgt, memory, ...masks } = inputs;
  const args = { ...masks, ...extra, needWeights: true as const };
  if (m instanceof TransformerEncoderLayer) return m.forward(src!, args);
  if (m instanceof TransformerEncoder) return m.forward(src!, args);
  if (m instanceof TransformerDecoderLayer) return m.forward(tgt!, memory!, args);
  return (m as TransformerDecoder).forward(tgt!, memory!, args);
}

/** Forward outputs (and per-head weights where the fixture has them) against PyTorch. */
export async function checkForward(b: ConcreteBackend, c: LayerCase, extra: Record<string, unknown> = {}) {
  const m = buildModule(c);
  const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, tensor(v)]));
  const r = runCase(m, inputs, extra);
  const tol = tolerance(b);
  const expected = c.outputs.output!;
  expect(r.output.shape).toEqual(expected.shape);
  const diff = await maxAbsDiff(r.output, values(expected));
  expect(diff, `${c.name} output`).toBeLessThan(tol);
  for (const key of ['selfAttnWeights', 'crossAttnWeights'] as const) {
    const w = r[key];
    if (c.outputs[key] && w && !Array.isArray(w)) {
      expect(w.shape).toEqual(c.outputs[key]!.shape);
      expect(await maxAbsDiff(w, values(c.outputs[key]!)), `${c.name} ${key}`).toBeLessThan(tol);
    }
  }
  tf.dispose([
    r.output,
    r.selfAttnWeights as tf.Tensor[],
    r.crossAttnWeights as tf.Tensor[],
    ...Object.values(inputs),
  ]);
  m.dispose();
  return diff;
}

/** Gradients of sum(output * G) w.r.t. the inputs and every parameter, against PyTorch autograd. */
export async function checkGradients(b: ConcreteBackend, c: LayerCase) {
  const m = buildModule(c);
  const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, tensor(v)]));
  const diffs = Object.keys(c.grads!).filter((k) => k in inputs);
  const vars = Object.fromEntries(diffs.map((k) => [k, tf.variable(inputs[k]!)]));
  const params = m.trainableParameters();
  const byVar = new Map<string, string>([
    ...Object.entries(vars).map(([n, v]) => [v.name, n] as [string, string]),
    ...Object.entries(params).map(([n, p]) => [p.name, n] as [string, string]),
  ]);
  const g = tensor(c.lossWeights!.output);
  const { value, grads } = tf.variableGrads(() => {
    const r = runCase(m, { ...inputs, ...vars });
    return tf.sum(tf.mul(r.output, g)) as tf.Scalar;
  }, [...Object.values(vars), ...Object.values(params)]);
  expect(Object.keys(grads).length).toBe(Object.keys(c.grads!).length);
  let worst = 0;
  for (const [varName, grad] of Object.entries(grads)) {
    const name = byVar.get(varName)!;
    expect(c.grads![name], name).toBeDefined();
    const d = await maxAbsDiff(grad, values(c.grads![name]!));
    expect(d, `${c.name} d/d${name}`).toBeLessThan(tolerance(b));
    worst = Math.max(worst, d);
  }
  tf.dispose([value, ...Object.values(grads), ...Object.values(vars), g, ...Object.values(inputs)]);
  m.dispose();
  return worst;
}
