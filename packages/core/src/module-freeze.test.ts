// freeze()/unfreeze() on module trees: frozen parameters get no gradient and no optimizer update,
// through fit and through a manual tf.variableGrads + optimizer.step; unfreeze restores both.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ModuleDict } from './containers/module-dict';
import { Sequential } from './containers/sequential';
import { ReLU } from './layers/activations';
import { Embedding } from './layers/embedding';
import { Linear } from './layers/linear';
import { Module } from './module';
import { AdamW } from './optim/adamw';
import { Generator } from './random';
import { backendsUnderTest, withBackend } from './testing';
import { fit } from './train/fit';

class Tagger extends Module {
  readonly parts: ModuleDict;
  constructor(g: Generator) {
    super();
    this.parts = this.registerModule(
      'parts',
      new ModuleDict({
        embed: new Embedding({ numEmbeddings: 7, embeddingDim: 4, generator: g }),
        encoder: new Sequential(new Linear({ inFeatures: 4, outFeatures: 8, generator: g }), new ReLU()),
        head: new Linear({ inFeatures: 8, outFeatures: 3, generator: g }),
      }),
    );
  }
  forward(ids: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const h = this.parts.get('encoder').forward(this.parts.get('embed').forward(ids));
      return this.parts.get('head').forward(tf.mean(h, 1));
    });
  }
}

/** Parameter values by name (read asynchronously: webgpu in Node has no synchronous read). */
const snapshot = async (m: Module) =>
  Object.fromEntries(
    await Promise.all(m.namedParameters().map(async ([n, v]) => [n, Array.from(await v.data())])),
  );
const loss = (m: Tagger, ids: tf.Tensor, y: tf.Tensor) =>
  tf.tidy(() => tf.mean(tf.square(tf.sub(m.forward(ids), y))) as tf.Scalar);
const changed = (a: Record<string, number[]>, b: Record<string, number[]>) =>
  Object.keys(a).filter((k) => a[k]!.some((v, i) => v !== b[k]![i]));

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `freeze / unfreeze on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('a frozen sub-tree gets no gradient and no update from variableGrads + optimizer.step; unfreeze restores', () =>
        withBackend(b.name, async () => {
          const m = new Tagger(new Generator(1));
          const opt = new AdamW({ lr: 0.1, weightDecay: 0.5, params: m });
          const ids = tf.tensor2d(
            [
              [1, 2, 3],
              [4, 5, 6],
            ],
            [2, 3],
            'int32',
          );
          const y = tf.tensor2d([
            [1, 0, 0],
            [0, 1, 0],
          ]);
          m.parts.get('encoder').freeze();
          expect(Object.keys(m.trainableParameters())).toEqual([
            'parts.embed.weight',
            'parts.head.weight',
            'parts.head.bias',
          ]);
          const before = await snapshot(m);
          const r = tf.variableGrads(() => loss(m, ids, y));
          const frozenNames = new Set(
            m.parts
              .get('encoder')
              .parameters()
              .map((v) => v.name),
          );
          expect(Object.keys(r.grads).filter((k) => frozenNames.has(k))).toEqual([]);
          expect(Object.keys(r.grads)).toHaveLength(3);
          // An explicit gradient for a frozen parameter is ignored too (no update, no weight decay).
          const extra = tf.onesLike(m.parts.get('encoder').parameters()[0]!);
          opt.step({ ...r.grads, 'parts.encoder.0.weight': extra });
          tf.dispose([r.value, extra, ...Object.values(r.grads)]);
          expect(changed(before, await snapshot(m)).sort()).toEqual([
            'parts.embed.weight',
            'parts.head.bias',
            'parts.head.weight',
          ]);
          expect(Object.keys(opt.stateDict().tensors).some((k) => k.startsWith('parts.encoder'))).toBe(false);

          m.unfreeze();
          const mid = await snapshot(m);
          const r2 = tf.variableGrads(() => loss(m, ids, y));
          expect(Object.keys(r2.grads)).toHaveLength(5);
          opt.step(r2.grads);
          tf.dispose([r2.value, ...Object.values(r2.grads)]);
          expect(changed(mid, await snapshot(m))).toHaveLength(5);
          tf.dispose([ids, y]);
          opt.dispose();
          m.dispose();
        }));

      it('fit leaves frozen parameters bit-identical (AdamW weight decay included) and trains them after unfreeze', () =>
        withBackend(b.name, async () => {
          const m = new Tagger(new Generator(2));
          const opt = new AdamW({ lr: 0.05, weightDecay: 0.1, params: m });
          const ids = tf.tensor2d(
            [
              [1, 2, 3],
              [4, 5, 6],
            ],
            [2, 3],
            'int32',
          );
          const y = tf.tensor2d([
            [1, 0, 0],
            [0, 1, 0],
          ]);
          m.parts.get('embed').freeze();
          m.parts.get('head').freeze();
          const before = await snapshot(m);
          const data = () => [0, 1, 2];
          const r = await fit({ model: m, optimizer: opt, loss: () => loss(m, ids, y), data });
          expect(r.steps).toBe(3);
          expect(changed(before, await snapshot(m)).sort()).toEqual([
            'parts.encoder.0.bias',
            'parts.encoder.0.weight',
          ]);
          m.unfreeze();
          const mid = await snapshot(m);
          await fit({ model: m, optimizer: opt, loss: () => loss(m, ids, y), data });
          expect(changed(mid, await snapshot(m))).toHaveLength(5);
          tf.dispose([ids, y]);
          opt.dispose();
          m.dispose();
        }));
    },
  );
}
