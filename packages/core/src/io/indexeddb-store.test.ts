import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../../test/tiny-pretrained';
import { ArgumentError, MissingFileError } from '../errors';
import { backendsUnderTest, withBackend } from '../testing';
import { IndexedDbStore } from './indexeddb-store';
import { loadPretrained, type PretrainedProgress } from './load-pretrained';
import { savePretrained } from './save-pretrained';

// IndexedDB as fake-indexeddb implements it in Node (structured clone of Blobs included).
const files = async (name: string) => {
  const store = new IndexedDbStore(name, 'test');
  const list = (await store.list()).sort();
  await store.close();
  return list;
};

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `indexeddb:// on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('saves and loads a model in IndexedDB, sharded, as Blobs read a range at a time', () =>
        withBackend(b.name, async () => {
          const name = `tiny-${b.name}`;
          const state = {
            'wte.weight': tf.randomNormal([16, 8], 0, 1, 'float32', 3),
            'ln.weight': tf.ones([8]),
            ids: tf.tensor1d([1, 2], 'int32'),
            mask: tf.tensor1d([1, 0], 'bool'),
          };
          await savePretrained(`indexeddb://${name}`, {
            config: { d: 8 },
            state,
            tokenizerJson: '{"x": 1}',
            maxShardSize: 256,
          });
          expect(await files(name)).toEqual([
            'config.json',
            'model-00001-of-00002.safetensors',
            'model-00002-of-00002.safetensors',
            'model.safetensors.index.json',
            'tokenizer.json',
          ]);
          const progress: PretrainedProgress[] = [];
          const loaded = await loadPretrained(`indexeddb://${name}`, { onProgress: (p) => progress.push(p) });
          expect(loaded.config).toEqual({ d: 8 });
          expect(loaded.tokenizerJson).toEqual({ x: 1 });
          expect(await snapshot(loaded.state)).toEqual(await snapshot(state));
          expect(progress.at(-1)!.loadedBytes).toBe(progress.at(-1)!.totalBytes);
          loaded.dispose();
          tf.dispose(Object.values(state));
        }));
    },
  );
}

describe('indexeddb:// saves', () => {
  it('replace the previous save in one transaction, or not at all', () =>
    withBackend('cpu', async () => {
      const a = { w: tf.ones([64]), v: tf.zeros([64]) };
      await savePretrained('indexeddb://bystander', { config: {}, state: a });
      await savePretrained('indexeddb://swap', { config: { v: 1 }, state: a, maxShardSize: 300 });
      expect(await files('swap')).toEqual([
        'config.json',
        'model-00001-of-00002.safetensors',
        'model-00002-of-00002.safetensors',
        'model.safetensors.index.json',
      ]);
      // A failure part-way (after the first tensor) changes nothing.
      const b = { w: tf.fill([64], 5) };
      const boom = () => {
        throw new Error('quota exceeded');
      };
      await expect(
        savePretrained('indexeddb://swap', { config: { v: 2 }, state: b, onProgress: boom }),
      ).rejects.toThrow('quota exceeded');
      let loaded = await loadPretrained('indexeddb://swap');
      expect(loaded.config).toEqual({ v: 1 });
      expect(await snapshot(loaded.state)).toEqual(await snapshot(a));
      loaded.dispose();
      // A save that succeeds replaces the shards and the index with a single file.
      await savePretrained('indexeddb://swap', { config: { v: 2 }, state: b });
      expect(await files('swap')).toEqual(['config.json', 'model.safetensors']);
      loaded = await loadPretrained('indexeddb://swap/');
      expect(loaded.config).toEqual({ v: 2 });
      expect(await snapshot(loaded.state)).toEqual(await snapshot(b));
      loaded.dispose();
      // Other models are untouched.
      expect(await files('bystander')).toEqual(['config.json', 'model.safetensors']);
      tf.dispose([...Object.values(a), ...Object.values(b)]);
    }));

  it('a model that is not there is a MissingFileError; no IndexedDB or no name is an ArgumentError', () =>
    withBackend('cpu', async () => {
      const e = await loadPretrained('indexeddb://nope').catch((x) => x);
      expect(e).toBeInstanceOf(MissingFileError);
      expect(e.path).toBe('indexeddb://nope/config.json');
      expect(e.message).toBe('loadPretrained(source): indexeddb://nope/config.json is not in IndexedDB');
      await expect(loadPretrained('indexeddb://')).rejects.toThrow(
        'loadPretrained(source): expected indexeddb://<name> with a non-empty name, received "indexeddb://" (string)',
      );
      const idb = globalThis.indexedDB;
      // @ts-expect-error: removed to play a runtime without IndexedDB
      delete globalThis.indexedDB;
      try {
        await expect(loadPretrained('indexeddb://bystander')).rejects.toThrow(ArgumentError);
        await expect(loadPretrained('indexeddb://bystander')).rejects.toThrow(/only where IndexedDB exists/);
      } finally {
        globalThis.indexedDB = idb;
      }
    }));
});
