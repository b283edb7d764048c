/**
 * glossa's WGSL layer norm and GELU (fused.ts) are shape-independent programs: sizes come in
 * uniforms, so tfjs compiles each once per rank and broadcast pattern, not once per shape — a model
 * whose batch or sequence length changes compiles nothing new. (Values are tested by the op table and
 * the LayerNorm PyTorch tests on webgpu.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { probeBackends } from '../../backend/backend';
import { gelu } from '../../functional/activations';
import { layerNorm } from '../../functional/layer-norm';
import { withBackend } from '../../testing';

const [webgpu] = await probeBackends(['webgpu']);

/** Keys of tfjs's pipeline cache made while `f` runs (its values read back). */
async function newPipelines(f: () => tf.Tensor[]): Promise<string[]> {
  const cache = (tf.backend() as unknown as { pipelineCache: Record<string, unknown> }).pipelineCache;
  const before = new Set(Object.keys(cache));
  const out = f();
  await Promise.all(out.map((t) => t.data()));
  tf.dispose(out);
  return Object.keys(cache).filter((k) => !before.has(k) && k.startsWith('glossa'));
}

/** Forward and backward of layerNorm then GELU on an input of `shape` (last axis normalised). */
function lnGelu(shape: number[]): tf.Tensor[] {
  const width = shape.at(-1)!;
  const x = tf.randomNormal(shape, 0, 1, 'float32', shape.length + width);
  const g = tf.randomNormal([width], 1, 0.1, 'float32', 2);
  const b = tf.randomNormal([width], 0, 0.1, 'float32', 3);
  const grads = tf.grads((x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
    tf.sum(gelu(layerNorm(x, width, g, b, 1e-5))),
  )([x, g, b]);
  tf.dispose([x, g, b]);
  return grads;
}

describe.skipIf(!webgpu?.available)(
  `glossa's WGSL programs on webgpu${webgpu?.available ? '' : ` (skipped: ${webgpu?.reason})`}`,
  () => {
    it('compile once per rank: a new batch or width compiles nothing', () =>
      withBackend('webgpu', async () => {
        const first = await newPipelines(() => lnGelu([6, 16]));
        // forward: GELU, 3 layer-norm programs; backward: GELU grad, 4 layer-norm programs
        expect(first.map((k) => k.split('_')[0]).sort()).toEqual(
          [
            'glossaGelu',
            'glossaGeluGrad',
            'glossaLnGradBeta',
            'glossaLnGradGamma',
            'glossaLnGradRows',
            'glossaLnGradX',
            'glossaLnMean',
            'glossaLnRstd',
            'glossaLnY',
          ].sort(),
        );
        expect(await newPipelines(() => lnGelu([10, 24]))).toEqual([]);
        expect(await newPipelines(() => lnGelu([3, 128]))).toEqual([]);
        // A rank-3 input is a new variant of the programs that index it as such.
        expect((await newPipelines(() => lnGelu([2, 5, 24]))).length).toBeGreaterThan(0);
        expect(await newPipelines(() => lnGelu([4, 7, 40]))).toEqual([]);
      }));
  },
);
