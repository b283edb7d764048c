import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/fixtures/load';
import { tempDir } from '../../test/tiny-pretrained';
import { FormatError, MissingFileError } from '../errors';
import { backendsUnderTest, withBackend } from '../testing';
import { loadPretrained, type PretrainedProgress } from './load-pretrained';
import { savePretrained } from './save-pretrained';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/pretrained-torch');
const fx = loadFixture('pretrained.torch.json');

/** A copy of the PyTorch folder to break. */
function copyOfFixture(): string {
  const dir = tempDir();
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** Rewrites a safetensors file's JSON header (same length, padded) with `edit` applied. */
function editHeader(path: string, edit: (h: Record<string, any>) => void): void {
  const bytes = readFileSync(path);
  const n = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8'));
  edit(header);
  const json = Buffer.from(JSON.stringify(header).padEnd(n, ' '));
  expect(json.byteLength).toBe(n);
  json.copy(bytes, 8);
  writeFileSync(path, bytes);
}

async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `loadPretrained on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('reads a sharded float16 folder written from PyTorch: values, int64 position ids, config, tokenizer.json', () =>
        withBackend(b.name, async () => {
          const progress: PretrainedProgress[] = [];
          const loaded = await loadPretrained(FIXTURE, { onProgress: (p) => progress.push(p) });
          expect(loaded.config).toEqual(fx.config);
          expect(loaded.tokenizerJson).toEqual(
            JSON.parse(readFileSync(join(FIXTURE, 'tokenizer.json'), 'utf8')),
          );
          expect(loaded.files).toEqual(Object.keys(fx.shards));
          expect(loaded.metadata).toEqual({ format: 'pt' });
          expect(Object.keys(loaded.state).sort()).toEqual(Object.keys(fx.tensors).sort());
          for (const [k, e] of Object.entries(
            fx.tensors as Record<string, { dtype: string; shape: number[]; data: number[] }>,
          )) {
            const t = loaded.state[k]!;
            expect(t.dtype, k).toBe(e.dtype === 'I64' ? 'int32' : 'float32');
            expect(t.shape, k).toEqual(e.shape);
            expect(Array.from(await t.data()), k).toEqual(e.data); // float16 values are exact in float32
          }
          const total = loaded.files.reduce((a, f) => a + statSync(join(FIXTURE, f)).size, 0);
          expect(progress.at(-1)).toEqual({
            loadedBytes: total,
            totalBytes: total,
            file: loaded.files.at(-1),
          });
          loaded.dispose();
        }));

      it('an abort mid-load rejects with the signal’s reason and disposes what was loaded', () =>
        withBackend(b.name, async () => {
          const ac = new AbortController();
          let calls = 0;
          const e = await rejection(
            loadPretrained(FIXTURE, {
              signal: ac.signal,
              onProgress: () => {
                if (++calls === 3) ac.abort();
              },
            }),
          );
          expect(e.name).toBe('AbortError');
          expect(calls).toBeGreaterThanOrEqual(3);
          const pre = new AbortController();
          pre.abort(new Error('stop'));
          await expect(loadPretrained(FIXTURE, { signal: pre.signal })).rejects.toThrow('stop');
        }));
    },
  );
}

describe('loadPretrained errors', () => {
  it('a missing file is a MissingFileError with its path', () =>
    withBackend('cpu', async () => {
      const empty = tempDir();
      let e = await rejection(loadPretrained(empty));
      expect(e).toBeInstanceOf(MissingFileError);
      expect(e.path).toBe(join(empty, 'config.json'));
      expect(e.status).toBeUndefined();
      expect(e.message).toBe(`loadPretrained(source): no such file: ${join(empty, 'config.json')}`);

      writeFileSync(join(empty, 'config.json'), '{}');
      e = await rejection(loadPretrained(empty));
      expect(e).toBeInstanceOf(MissingFileError);
      expect(e.message).toMatch(
        /no weights: neither .*model\.safetensors nor .*model\.safetensors\.index\.json exists/,
      );

      const dir = copyOfFixture();
      rmSync(join(dir, 'model-00003-of-00004.safetensors'));
      e = await rejection(loadPretrained(dir));
      expect(e).toBeInstanceOf(MissingFileError);
      expect(e.path).toBe(join(dir, 'model-00003-of-00004.safetensors'));
    }));

  it('a malformed config, tokenizer, index or header is a FormatError naming the file', () =>
    withBackend('cpu', async () => {
      const cases: Array<[string, (dir: string) => void, RegExp]> = [
        ['config', (d) => writeFileSync(join(d, 'config.json'), '{"a": '), /config\.json is not valid JSON/],
        [
          'config array',
          (d) => writeFileSync(join(d, 'config.json'), '[1]'),
          /config\.json must hold a JSON object/,
        ],
        [
          'tokenizer',
          (d) => writeFileSync(join(d, 'tokenizer.json'), 'nope'),
          /tokenizer\.json is not valid JSON/,
        ],
        [
          'index',
          (d) => writeFileSync(join(d, 'model.safetensors.index.json'), '{"weight_map": []}'),
          /model\.safetensors\.index\.json: expected "weight_map"/,
        ],
        [
          'index points outside',
          (d) =>
            writeFileSync(
              join(d, 'model.safetensors.index.json'),
              JSON.stringify({ weight_map: { a: '../x.safetensors' } }),
            ),
          /weight_map\['a'\] must name a \.safetensors file in the same folder/,
        ],
        [
          'index lists a tensor the shard lacks',
          (d) => {
            const index = JSON.parse(readFileSync(join(d, 'model.safetensors.index.json'), 'utf8'));
            index.weight_map['ghost.weight'] = 'model-00004-of-00004.safetensors';
            writeFileSync(join(d, 'model.safetensors.index.json'), JSON.stringify(index));
          },
          /model-00004-of-00004\.safetensors: .*index\.json puts 'ghost\.weight' in it but it lacks them/,
        ],
        [
          'shard holds a tensor the index puts elsewhere',
          (d) => {
            const index = JSON.parse(readFileSync(join(d, 'model.safetensors.index.json'), 'utf8'));
            index.weight_map['head.bias'] = 'model-00001-of-00004.safetensors';
            writeFileSync(join(d, 'model.safetensors.index.json'), JSON.stringify(index));
          },
          /model-00001-of-00004\.safetensors: .*puts 'head\.bias' in it but it lacks them/,
        ],
        [
          'truncated shard',
          (d) => {
            const p = join(d, 'model-00002-of-00004.safetensors');
            const bytes = readFileSync(p);
            writeFileSync(p, bytes.subarray(0, bytes.byteLength - 10));
          },
          /model-00002-of-00004\.safetensors\): tensor 'wte\.weight': data_offsets end 192 is past the data area \(182 bytes\)/,
        ],
        [
          'bad dtype in a header',
          (d) =>
            editHeader(join(d, 'model-00004-of-00004.safetensors'), (h) => (h['head.bias'].dtype = 'Q4')),
          /safetensors \(.*model-00004-of-00004\.safetensors\): tensor 'head\.bias': dtype 'Q4' is not supported/,
        ],
        [
          'int64 out of int32 range',
          (d) => {
            const p = join(d, 'model-00001-of-00004.safetensors');
            const bytes = readFileSync(p);
            bytes.writeBigInt64LE(2n ** 40n, bytes.byteLength - 8);
            writeFileSync(p, bytes);
          },
          /tensor 'position_ids': I64 value 1099511627776 at index 5 does not fit in int32/,
        ],
      ];
      for (const [what, breakIt, msg] of cases) {
        const dir = copyOfFixture();
        breakIt(dir);
        const e = await rejection(loadPretrained(dir));
        expect(e, what).toBeInstanceOf(FormatError);
        expect(e.message, what).toMatch(msg);
      }
    }));

  it('a tensor in two weight files is a FormatError; a folder with only model.safetensors ignores a stale index', () =>
    withBackend('cpu', async () => {
      const dir = tempDir();
      const [a, b] = [tf.ones([2]), tf.zeros([2])];
      await savePretrained(dir, { config: {}, state: { a, b }, maxShardSize: 8 });
      editHeader(join(dir, 'model-00002-of-00002.safetensors'), (h) => {
        h.a = h.b;
        delete h.b;
      });
      await expect(loadPretrained(dir)).rejects.toThrow(/tensor 'a' is in more than one weight file/);
      const single = tempDir();
      await savePretrained(single, { config: {}, state: { a } });
      writeFileSync(join(single, 'model.safetensors.index.json'), 'not json');
      const loaded = await loadPretrained(pathToFileURL(single));
      expect(Object.keys(loaded.state)).toEqual(['a']);
      loaded.dispose();
      expect(readdirSync(single).length).toBe(3);
      tf.dispose([a, b]);
    }));
});
