import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { snapshot, tempDir } from '../../test/tiny-pretrained';
import { ArgumentError } from '../errors';
import { backendsUnderTest, withBackend } from '../testing';
import { loadPretrained, type PretrainedProgress } from './load-pretrained';
import { parseSafetensors } from './safetensors';
import { savePretrained } from './save-pretrained';

const CONFIG = { model_type: 'tiny', n_embd: 3, nested: { a: [1, 2] } };
const TOKENIZER = { version: '1.0', model: { type: 'WordLevel', vocab: { a: 0, b: 1 } } };

/** A state dict with every dtype a save writes: floats, ints, bools, an empty tensor. */
function makeState(): Record<string, tf.Tensor> {
  return {
    'wte.weight': tf.tensor2d([0.5, -1.25, 3, 1e-20, 7, -0], [2, 3]),
    'ln.bias': tf.tensor1d([0.1, 0.2, 0.3]),
    position_ids: tf.tensor2d([[0, 1, 2, 2147483647]], [1, 4], 'int32'),
    mask: tf.tensor1d([1, 0, 1], 'bool'),
    empty: tf.zeros([0, 3]),
  };
}

const weightFiles = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('model'));

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `savePretrained → loadPretrained on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('round-trips a folder: config, every dtype, tokenizer.json, metadata format "pt"', () =>
        withBackend(b.name, async () => {
          const dir = join(tempDir(), 'model');
          const state = makeState();
          const saved = await savePretrained(dir, {
            config: CONFIG,
            state,
            tokenizerJson: TOKENIZER,
            metadata: { note: 'hi' },
          });
          expect(saved.files).toEqual(['model.safetensors', 'tokenizer.json', 'config.json']);
          expect(readdirSync(dir).sort()).toEqual(['config.json', 'model.safetensors', 'tokenizer.json']);
          const loaded = await loadPretrained(dir);
          expect(loaded.config).toEqual(CONFIG);
          expect(loaded.tokenizerJson).toEqual(TOKENIZER);
          expect(loaded.metadata).toEqual({ format: 'pt', note: 'hi' });
          expect(loaded.files).toEqual(['model.safetensors']);
          expect(await snapshot(loaded.state)).toEqual(await snapshot(state));
          // The writer orders tensors by alignment, then name (as the reference implementation does).
          const file = parseSafetensors(readFileSync(join(dir, 'model.safetensors')));
          expect(Object.keys(file.tensors)).toEqual([
            'empty',
            'ln.bias',
            'position_ids',
            'wte.weight',
            'mask',
          ]);
          loaded.dispose();
          tf.dispose(Object.values(state));
        }));

      it('shards past maxShardSize, with the index written as Hugging Face does, and reports progress', () =>
        withBackend(b.name, async () => {
          const dir = tempDir();
          const state: Record<string, tf.Tensor> = {};
          for (let i = 0; i < 5; i++) state[`layers.${i}.weight`] = tf.fill([4, 4], i + 0.5); // 64 bytes each
          const progress: PretrainedProgress[] = [];
          const saved = await savePretrained(dir, {
            config: CONFIG,
            state,
            maxShardSize: 150,
            onProgress: (p) => progress.push(p),
          });
          expect(saved.files).toEqual([
            'model-00001-of-00003.safetensors',
            'model-00002-of-00003.safetensors',
            'model-00003-of-00003.safetensors',
            'config.json',
            'model.safetensors.index.json',
          ]);
          const index = JSON.parse(readFileSync(join(dir, 'model.safetensors.index.json'), 'utf8'));
          expect(index.metadata).toEqual({ total_size: 5 * 64 });
          expect(index.weight_map['layers.2.weight']).toBe('model-00002-of-00003.safetensors');
          expect(index.weight_map['layers.4.weight']).toBe('model-00003-of-00003.safetensors');
          const sizes = weightFiles(dir)
            .filter((f) => f.endsWith('.safetensors'))
            .map((f) => readFileSync(join(dir, f)).byteLength);
          const total = sizes.reduce((a, x) => a + x, 0);
          expect(progress.at(-1)).toEqual({
            loadedBytes: total,
            totalBytes: total,
            file: 'model-00003-of-00003.safetensors',
          });
          expect(progress.every((p, i) => i === 0 || p.loadedBytes > progress[i - 1]!.loadedBytes)).toBe(
            true,
          );

          const seen: PretrainedProgress[] = [];
          const loaded = await loadPretrained(dir, { onProgress: (p) => seen.push(p) });
          expect(loaded.files).toEqual(saved.files.slice(0, 3));
          expect(await snapshot(loaded.state)).toEqual(await snapshot(state));
          expect(seen.at(-1)).toEqual({
            loadedBytes: total,
            totalBytes: total,
            file: 'model-00003-of-00003.safetensors',
          });
          expect(loaded.tokenizerJson).toBeUndefined();
          expect('tokenizerJson' in loaded).toBe(false);
          loaded.dispose();
          tf.dispose(Object.values(state));
        }));

      it('writes float16 and bfloat16 (rounded to nearest even) and reads them back as float32', () =>
        withBackend(b.name, async () => {
          const values = [
            1,
            1 + 2 ** -11,
            1 + 3 * 2 ** -11,
            65520,
            2 ** -25,
            3 * 2 ** -26,
            0.1,
            -0.333,
            1e-8,
          ];
          // By hand: float16 keeps 10 mantissa bits (ties to even; 65520 rounds to ∞, 2^-25 to 0),
          // bfloat16 keeps 7 (and float32's exponent range).
          const f16 = [
            1,
            1,
            1 + 2 / 1024,
            Number.POSITIVE_INFINITY,
            0,
            2 ** -24,
            2 ** -4 * (1 + 614 / 1024),
            -(2 ** -2) * (1 + 340 / 1024),
            0,
          ];
          const bf16 = [
            1,
            1,
            1,
            65536,
            2 ** -25,
            3 * 2 ** -26,
            2 ** -4 * (1 + 77 / 128),
            -(2 ** -2) * (1 + 42 / 128),
            2 ** -27 * (1 + 44 / 128),
          ];
          for (const [dtype, expected, fileDtype] of [
            ['float16', f16, 'F16'],
            ['bfloat16', bf16, 'BF16'],
          ] as const) {
            const dir = tempDir();
            const state = { w: tf.tensor1d(values), ids: tf.tensor1d([3, -4], 'int32') };
            await savePretrained(dir, { config: {}, state, dtype });
            const file = parseSafetensors(readFileSync(join(dir, 'model.safetensors')));
            expect(file.tensors.w!.fileDtype).toBe(fileDtype);
            expect(file.tensors.ids!.fileDtype).toBe('I32');
            const loaded = await loadPretrained(dir);
            expect(loaded.state.w!.dtype).toBe('float32');
            expect(Array.from(await loaded.state.w!.data())).toEqual(expected);
            expect(Array.from(await loaded.state.ids!.data())).toEqual([3, -4]);
            loaded.dispose();
            tf.dispose(Object.values(state));
          }
        }));
    },
  );
}

describe('savePretrained is atomic', () => {
  it('an error or an abort part-way leaves the previous folder as it was, with no temporary files', () =>
    withBackend('cpu', async () => {
      const dir = tempDir();
      const state = makeState();
      await savePretrained(dir, { config: CONFIG, state, tokenizerJson: TOKENIZER });
      const before = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]));
      const other = { a: tf.ones([64]), b: tf.ones([64]), c: tf.ones([64]) };
      const diskFull = (p: PretrainedProgress) => {
        if (p.file.includes('00002')) throw new Error('disk full');
      };
      await expect(
        savePretrained(dir, { config: { v: 2 }, state: other, maxShardSize: 300, onProgress: diskFull }),
      ).rejects.toThrow('disk full');
      const ac = new AbortController();
      await expect(
        savePretrained(dir, {
          config: { v: 2 },
          state: other,
          maxShardSize: 300,
          signal: ac.signal,
          onProgress: () => ac.abort(),
        }),
      ).rejects.toMatchObject({ name: 'AbortError' });
      expect(readdirSync(dir).sort()).toEqual(Object.keys(before).sort());
      for (const [f, bytes] of Object.entries(before))
        expect(readFileSync(join(dir, f)).equals(bytes), f).toBe(true);
      const loaded = await loadPretrained(dir);
      expect(loaded.config).toEqual(CONFIG);
      expect(await snapshot(loaded.state)).toEqual(await snapshot(state));
      loaded.dispose();
      tf.dispose([...Object.values(state), ...Object.values(other)]);
    }));

  it('replaces the weight files of an earlier save (single ↔ sharded) and keeps other files', () =>
    withBackend('cpu', async () => {
      const dir = tempDir();
      const state = { a: tf.ones([64]), b: tf.zeros([64]) };
      writeFileSync(join(dir, 'README.md'), '# mine\n');
      await savePretrained(dir, { config: {}, state, maxShardSize: 300 });
      expect(weightFiles(dir).sort()).toEqual([
        'model-00001-of-00002.safetensors',
        'model-00002-of-00002.safetensors',
        'model.safetensors.index.json',
      ]);
      await savePretrained(dir, { config: {}, state });
      expect(readdirSync(dir).sort()).toEqual(['README.md', 'config.json', 'model.safetensors']);
      await savePretrained(dir, { config: {}, state, maxShardSize: 300 });
      expect(existsSync(join(dir, 'model.safetensors'))).toBe(false);
      const loaded = await loadPretrained(dir);
      expect(await snapshot(loaded.state)).toEqual(await snapshot(state));
      loaded.dispose();
      tf.dispose(Object.values(state));
    }));

  it('writes textFiles beside the weights (e.g. vocab.txt) and refuses names that are not plain or are reserved', () =>
    withBackend('cpu', async () => {
      const dir = tempDir();
      const state = { a: tf.ones([4]) };
      const saved = await savePretrained(dir, {
        config: {},
        state,
        textFiles: { 'vocab.txt': '[PAD]\n[UNK]\n' },
      });
      expect(saved.files).toContain('vocab.txt');
      expect(readFileSync(join(dir, 'vocab.txt'), 'utf8')).toBe('[PAD]\n[UNK]\n');
      for (const bad of ['../x.txt', 'config.json', 'model.safetensors', '.hidden']) {
        await expect(savePretrained(dir, { config: {}, state, textFiles: { [bad]: 'x' } })).rejects.toThrow(
          /savePretrained\(textFiles\)/,
        );
      }
      await expect(
        savePretrained(dir, { config: {}, state, textFiles: { 'a.txt': 1 as never } }),
      ).rejects.toThrow(/textFiles\['a\.txt'\]/);
      tf.dispose(Object.values(state));
    }));

  it('refuses bad arguments before writing anything, naming the argument', () =>
    withBackend('cpu', async () => {
      const dir = tempDir();
      const w = tf.ones([2]);
      const gone = tf.ones([2]);
      gone.dispose();
      const cases: Array<[unknown, RegExp]> = [
        [{ config: [1], state: { w } }, /savePretrained\(config\): expected a JSON object/],
        [{ config: {}, state: [w] }, /savePretrained\(state\): expected a record/],
        [
          { config: {}, state: { w }, dtype: 'float64' },
          /savePretrained\(dtype\): expected 'float32', 'float16' or 'bfloat16'/,
        ],
        [
          { config: {}, state: { w: gone } },
          /savePretrained\(state\['w'\]\): expected a tensor that is not disposed/,
        ],
        [{ config: {}, state: { w: [1, 2] } }, /savePretrained\(state\['w'\]\)/],
        [{ config: {}, state: { __metadata__: w } }, /no tensor named '__metadata__'/],
        [{ config: {}, state: { w }, maxShardSize: '2 parsecs' }, /savePretrained\(maxShardSize\)/],
        [
          { config: {}, state: { w }, metadata: { n: 1 } },
          /savePretrained\(metadata\['n'\]\): expected a string/,
        ],
      ];
      for (const [options, msg] of cases) {
        await expect(savePretrained(dir, options as never)).rejects.toThrow(ArgumentError);
        await expect(savePretrained(dir, options as never)).rejects.toThrow(msg);
      }
      const complex = tf.complex([1], [2]);
      await expect(savePretrained(dir, { config: {}, state: { c: complex } })).rejects.toThrow(
        /savePretrained\(state\)\['c'\]: expected a float32, int32 or bool tensor, received a complex64 tensor/,
      );
      await expect(savePretrained('https://example.com/m/', { config: {}, state: { w } })).rejects.toThrow(
        /savePretrained\(target\): expected a folder \(Node\) or indexeddb:\/\/<name>; URLs are read-only/,
      );
      expect(readdirSync(dir)).toEqual([]);
      tf.dispose([w, complex]);
    }));
});
