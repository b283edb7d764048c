import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/fixtures/load';
import { snapshot, Tiny, tempDir } from '../../test/tiny-pretrained';
import { ArgumentError, StateDictError } from '../errors';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { modelFromPretrained, saveModelPretrained } from './pretrained-model';
import { savePretrained } from './save-pretrained';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/pretrained-torch');
const fx = loadFixture('pretrained.torch.json');

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `modelFromPretrained on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('builds the model from config.json, loads the PyTorch weights and reproduces its forward', () =>
        withBackend(b.name, async () => {
          const model = await modelFromPretrained(FIXTURE, Tiny.fromConfig);
          expect(model.config.n_embd).toBe(8);
          const ids = tf.tensor2d(fx.ids.data, fx.ids.shape, 'int32');
          const y = model.forward(ids);
          expect(y.shape).toEqual(fx.output.shape);
          expect(await maxAbsDiff(y, fx.output.data)).toBeLessThan(b.name === 'webgpu' ? 1e-3 : 1e-5);
          tf.dispose([ids, y]);
          model.dispose();
        }));

      it('saveModelPretrained → modelFromPretrained gives the same parameters and buffers', () =>
        withBackend(b.name, async () => {
          const dir = tempDir();
          const a = new Tiny({ vocab_size: 7, n_embd: 4, n_out: 2, n_positions: 5 });
          await saveModelPretrained(dir, a, { config: { ...a.config }, dtype: 'float32' });
          const c = await modelFromPretrained(dir, Tiny.fromConfig);
          expect(await snapshot(c.stateDict())).toEqual(await snapshot(a.stateDict()));
          a.dispose();
          c.dispose();
        }));
    },
  );
}

describe('modelFromPretrained errors', () => {
  it('names mis-shaped, missing and unexpected keys, and a config that does not fit; nothing leaks', () =>
    withBackend('cpu', async () => {
      const wider = (c: Record<string, unknown>) => Tiny.fromConfig({ ...c, n_embd: 16 });
      const e = await modelFromPretrained(FIXTURE, wider).catch((x) => x);
      expect(e).toBeInstanceOf(StateDictError);
      expect(e.mismatched.map((m: { key: string }) => m.key).sort()).toEqual([
        'head.weight',
        'ln.bias',
        'ln.weight',
        'wpe.weight',
        'wte.weight',
      ]);
      await expect(modelFromPretrained(FIXTURE, Tiny.fromConfig, { prefix: 'model.' })).rejects.toThrow(
        /missing keys: model\.wte\.weight/,
      );
      await expect(
        modelFromPretrained(FIXTURE, (c) => Tiny.fromConfig({ ...c, n_out: undefined })),
      ).rejects.toThrow(new ArgumentError('config.n_out', 'an integer (required)', undefined).message);
      // strict: false loads what matches and skips the rest.
      const dir = tempDir();
      const small = new Tiny({ vocab_size: 3, n_embd: 2, n_out: 2, n_positions: 2 });
      const extra = tf.ones([1]);
      await saveModelPretrained(dir, small, { config: { ...small.config } });
      await savePretrained(dir, {
        config: { ...small.config },
        state: { ...small.stateDict(), 'lm_head.weight': extra },
      });
      await expect(modelFromPretrained(dir, Tiny.fromConfig)).rejects.toThrow(
        /unexpected keys: lm_head\.weight/,
      );
      const loose = await modelFromPretrained(dir, Tiny.fromConfig, { strict: false });
      expect(await snapshot(loose.stateDict())).toEqual(await snapshot(small.stateDict()));
      tf.dispose(extra);
      small.dispose();
      loose.dispose();
    }));
});
