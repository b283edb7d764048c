import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { FormatError, StateDictError } from '../errors';
import { Linear } from '../layers/linear';
import { Adam } from '../optim/adam';
import { SGD } from '../optim/sgd';
import { Generator } from '../random';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { loadCheckpoint, restoreCheckpoint, saveCheckpoint, serializeCheckpoint } from './checkpoint';
import { serializeSafetensors } from './safetensors';

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `checkpoints on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('save → load restores parameters, optimizer state, step, RNG and extra; the file is replaced atomically', () =>
        withBackend(b.name, async () => {
          const dir = mkdtempSync(join(tmpdir(), 'glossa-ckpt-'));
          const path = join(dir, 'ckpt.safetensors');
          const g = new Generator(1);
          const model = new Linear({ inFeatures: 3, outFeatures: 2, generator: g });
          const opt = new Adam({ lr: 0.01, params: model });
          const x = tf.tensor2d([[1, 2, 3]]);
          const stepOnce = () => {
            const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(model.forward(x))) as tf.Scalar);
            opt.step(grads);
            tf.dispose([value, ...Object.values(grads)]);
          };
          stepOnce();
          g.normal(); // leaves a cached spare normal in the state
          await saveCheckpoint(path, {
            model,
            optimizer: opt,
            step: 1,
            generator: g,
            extra: { epoch: 0, note: 'hi' },
          });
          await saveCheckpoint(path, {
            model,
            optimizer: opt,
            step: 1,
            generator: g,
            extra: { epoch: 0, note: 'hi' },
          });
          expect(readdirSync(dir)).toEqual(['ckpt.safetensors']);
          stepOnce();
          const expectedW = await model.weight.data();
          const expectedDraws = [g.normal(), g.uniform()];

          const g2 = new Generator(99);
          const model2 = new Linear({ inFeatures: 3, outFeatures: 2, generator: g2 });
          const opt2 = new Adam({ lr: 0.5, params: model2 });
          const { step, extra } = await loadCheckpoint(path, {
            model: model2,
            optimizer: opt2,
            generator: g2,
          });
          expect(step).toBe(1);
          expect(extra).toEqual({ epoch: 0, note: 'hi' });
          expect(opt2.lr).toBe(0.01);
          const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(model2.forward(x))) as tf.Scalar);
          opt2.step(grads);
          tf.dispose([value, ...Object.values(grads)]);
          expect(await maxAbsDiff(model2.weight, expectedW)).toBe(0);
          expect([g2.normal(), g2.uniform()]).toEqual(expectedDraws);
          tf.dispose(x);
          for (const d of [model, model2, opt, opt2]) d.dispose();
        }));

      it('refuses a mismatched model, a foreign optimizer and a plain safetensors file', () =>
        withBackend(b.name, async () => {
          const model = new Linear({ inFeatures: 3, outFeatures: 2 });
          const bytes = await serializeCheckpoint({ model, optimizer: new SGD({ params: model }), step: 3 });
          const other = new Linear({ inFeatures: 4, outFeatures: 2 });
          expect(() => restoreCheckpoint(bytes, { model: other })).toThrow(StateDictError);
          expect(() => restoreCheckpoint(bytes, { model, optimizer: new Adam({ params: model }) })).toThrow(
            FormatError,
          );
          const plain = await serializeSafetensors(model.stateDict());
          expect(() => restoreCheckpoint(plain, { model })).toThrow(
            /expected __metadata__.format 'glossa-checkpoint'/,
          );
          model.dispose();
          other.dispose();
        }));
    },
  );
}
