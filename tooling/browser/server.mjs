// A static file server on 127.0.0.1 for browser tests: serves one folder with the right content types
// (application/wasm included), no caching, and — unless told otherwise — the two headers that make a
// page cross-origin isolated (Cross-Origin-Opener-Policy: same-origin, Cross-Origin-Embedder-Policy:
// require-corp), which SharedArrayBuffer and so wasm threads need. `?isolate=0` on a page's URL serves
// that document without them (a page that is not isolated); every response also carries
// Cross-Origin-Resource-Policy: same-origin.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.safetensors': 'application/octet-stream',
  '.bin': 'application/octet-stream',
};

/**
 * Starts the server.
 * @param {{ root: string, isolate?: boolean, port?: number, log?: (line: string) => void }} options
 *   `root`: the folder served at `/`; `isolate`: send COOP/COEP (default `true`); `port`: 0 = any free
 *   port; `log`: receives one line per request that is not answered 200.
 * @returns {Promise<{ url: string, requests: { path: string, status: number }[], close: () => Promise<void> }>}
 *   `url` ends in `/`; `requests` lists every request (path and status) for assertions.
 */
export async function startServer({ root, isolate = true, port = 0, log }) {
  const base = resolve(root);
  const requests = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let path = decodeURIComponent(url.pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(base, path));
    const isolated =
      url.searchParams.get('isolate') === null ? isolate : url.searchParams.get('isolate') !== '0';
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (isolated) {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    }
    const ok = (file === base || file.startsWith(base + sep)) && existsSync(file) && statSync(file).isFile();
    const status = req.method !== 'GET' && req.method !== 'HEAD' ? 405 : ok ? 200 : 404;
    requests.push({ path: url.pathname, status });
    if (status !== 200) {
      log?.(`${req.method} ${url.pathname} → ${status}`);
      res.statusCode = status;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(status === 404 ? 'Not Found' : 'Method Not Allowed');
      return;
    }
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', statSync(file).size);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  });
  await new Promise((ready, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ready);
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}/`,
    requests,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections?.();
        server.close(() => done());
      }),
  };
}
