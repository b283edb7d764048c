import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot, tempDir } from '../../test/tiny-pretrained';
import { MissingFileError } from '../errors';
import { backendsUnderTest, withBackend } from '../testing';
import { loadPretrained, type PretrainedProgress } from './load-pretrained';
import { savePretrained } from './save-pretrained';

// A model folder served from 127.0.0.1 under /<mode>/<file>:
//   plain    Content-Length, HEAD answered          chunked  no Content-Length, 7-byte writes
//   slow     64 bytes every 10 ms                    deny     403 for everything
//   auth     401 unless "Authorization: Bearer t"
const dir = tempDir();
let server: Server;
let base = '';
let expected: Awaited<ReturnType<typeof snapshot>>;
const closedEarly: string[] = [];

beforeAll(async () => {
  await withBackend('cpu', async () => {
    const state = {
      'wte.weight': tf.randomNormal([32, 32], 0, 1, 'float32', 1),
      ids: tf.range(0, 6, 1, 'int32'),
    };
    await savePretrained(dir, { config: { n: 1 }, state, tokenizerJson: { v: 1 }, maxShardSize: 2048 });
    expected = await snapshot(state);
    tf.dispose(Object.values(state));
  });
  server = createServer((req, res) => {
    const [, mode, file] = (req.url ?? '').split('/');
    const path = join(dir, file ?? '');
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    if (mode === 'deny') return void res.writeHead(403, 'Forbidden').end();
    if (mode === 'auth' && req.headers.authorization !== 'Bearer t') return void res.writeHead(401).end();
    const bytes = readFileSync(path);
    if (mode === 'chunked') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      for (let i = 0; i < bytes.byteLength; i += 7) res.write(bytes.subarray(i, i + 7));
      return void res.end();
    }
    res.writeHead(200, { 'content-length': String(size) });
    if (req.method === 'HEAD') return void res.end();
    if (mode === 'slow') {
      let i = 0;
      const timer = setInterval(() => {
        if (i >= bytes.byteLength) {
          clearInterval(timer);
          res.end();
        } else {
          res.write(bytes.subarray(i, i + 64));
          i += 64;
        }
      }, 10);
      res.on('close', () => {
        if (i < bytes.byteLength) closedEarly.push(file!);
        clearInterval(timer);
      });
      return;
    }
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

const shards = () =>
  readdirSync(dir)
    .filter((f) => /^model-\d{5}-of-\d{5}\.safetensors$/.test(f))
    .sort();
const weightBytes = () =>
  shards()
    .map((f) => statSync(join(dir, f)).size)
    .reduce((a, b) => a + b, 0);

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `loadPretrained over HTTP on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('streams a sharded model from a URL prefix, with progress from Content-Length', () =>
        withBackend(b.name, async () => {
          const progress: PretrainedProgress[] = [];
          const loaded = await loadPretrained(`${base}/plain`, { onProgress: (p) => progress.push(p) });
          expect(loaded.config).toEqual({ n: 1 });
          expect(loaded.tokenizerJson).toEqual({ v: 1 });
          expect(loaded.files).toEqual(shards());
          expect(shards()).toHaveLength(2);
          expect(await snapshot(loaded.state)).toEqual(expected);
          const total = weightBytes();
          expect(progress.every((p) => p.totalBytes === total)).toBe(true);
          expect(progress.at(-1)!.loadedBytes).toBe(total);
          loaded.dispose();
        }));
    },
  );
}

describe('loadPretrained over HTTP', () => {
  it('reads a response without Content-Length (totalBytes unknown) arriving in 7-byte chunks', () =>
    withBackend('cpu', async () => {
      const progress: PretrainedProgress[] = [];
      const loaded = await loadPretrained(new URL(`${base}/chunked/`), {
        onProgress: (p) => progress.push(p),
      });
      expect(await snapshot(loaded.state)).toEqual(expected);
      expect(progress.every((p) => p.totalBytes === undefined)).toBe(true);
      expect(progress.at(-1)!.loadedBytes).toBe(weightBytes());
      loaded.dispose();
    }));

  it('an HTTP error is a MissingFileError with the URL and status', () =>
    withBackend('cpu', async () => {
      let e = await loadPretrained(`${base}/plain/nothing-here/`).catch((x) => x);
      expect(e).toBeInstanceOf(MissingFileError);
      expect(e.status).toBe(404);
      expect(e.path).toBe(`${base}/plain/nothing-here/config.json`);
      expect(e.message).toBe(
        `loadPretrained(source): ${base}/plain/nothing-here/config.json answered HTTP 404 Not Found`,
      );
      e = await loadPretrained(`${base}/deny/`).catch((x) => x);
      expect(e).toBeInstanceOf(MissingFileError);
      expect(e.status).toBe(403);
      expect(e.message).toMatch(/answered HTTP 403 Forbidden$/);
      e = await loadPretrained('http://127.0.0.1:9/m/').catch((x) => x); // nothing listens on port 9
      expect(e).toBeInstanceOf(MissingFileError);
      expect(e.status).toBeUndefined();
      expect(e.message).toMatch(/could not fetch http:\/\/127\.0\.0\.1:9\/m\/config\.json/);
    }));

  it('sends the given headers and uses the given fetch', () =>
    withBackend('cpu', async () => {
      await expect(loadPretrained(`${base}/auth/`)).rejects.toMatchObject({ status: 401 });
      const urls: string[] = [];
      const spy: typeof fetch = (input, init) => {
        urls.push(`${init?.method} ${String(input).slice(base.length)}`);
        return fetch(input, init);
      };
      const loaded = await loadPretrained(`${base}/auth/`, {
        headers: { Authorization: 'Bearer t' },
        fetch: spy,
      });
      expect(await snapshot(loaded.state)).toEqual(expected);
      expect(urls).toEqual([
        'GET /auth/config.json',
        'GET /auth/tokenizer.json',
        'GET /auth/model.safetensors',
        'GET /auth/model.safetensors.index.json',
        ...shards().map((f) => `HEAD /auth/${f}`),
        ...shards().map((f) => `GET /auth/${f}`),
      ]);
      loaded.dispose();
    }));

  it('an abort mid-download cancels the request, rejects with AbortError and leaks no tensors', () =>
    withBackend('cpu', async () => {
      const ac = new AbortController();
      const started = Date.now();
      const e = await loadPretrained(`${base}/slow/`, {
        signal: ac.signal,
        onProgress: (p) => {
          if (p.loadedBytes > 200) ac.abort();
        },
      }).catch((x) => x);
      expect(e.name).toBe('AbortError');
      expect(Date.now() - started).toBeLessThan(2000);
      await new Promise((r) => setTimeout(r, 50));
      expect(closedEarly).toContain(shards()[0]);
    }));
});
