/**
 * Where browsers fetch tfjs-backend-wasm's binaries: core's shipped copies by default, `wasmPaths`
 * when given, nothing in Node; a failed start names the URL and the HTTP status.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import {
  applyWasmPaths,
  diagnoseWasmFetch,
  SHIPPED_WASM_VERSION,
  shippedWasmFiles,
  WASM_BINARIES,
  wasmBinaryUrl,
} from './wasm-files';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

function fakeWasmModule(version = SHIPPED_WASM_VERSION) {
  const calls: unknown[] = [];
  return { calls, version_wasm: version, setWasmPaths: (p: unknown) => void calls.push(p) };
}

describe('tfjs-backend-wasm binaries', () => {
  it('ships the binaries of the pinned peer version', () => {
    expect(SHIPPED_WASM_VERSION).toBe(pkg.peerDependencies['@tensorflow/tfjs-backend-wasm']);
  });

  it('names each shipped file with a URL beside this module', () => {
    // (Under Vite's dev server, whose pre-bundled deps live in node_modules/.vite/deps, the URLs point
    // at /node_modules/@glossa/core/dist/ instead: tooling/test/browser-bundles.test.ts checks it.)
    const files = shippedWasmFiles();
    for (const name of WASM_BINARIES) expect(files?.[name]).toMatch(new RegExp(`/${name}$`));
  });

  it('in a browser defaults to the shipped copies; in Node leaves tfjs alone', () => {
    const browser = fakeWasmModule();
    expect(applyWasmPaths(browser, undefined, false)).toBeUndefined();
    expect(browser.calls).toEqual([shippedWasmFiles()]);
    const node = fakeWasmModule();
    applyWasmPaths(node, undefined, true);
    expect(node.calls).toEqual([]);
  });

  it('passes wasmPaths on (a folder or one URL per file) and rejects an incomplete map', () => {
    const mod = fakeWasmModule();
    applyWasmPaths(mod, '/static/tfjs/', false);
    expect(mod.calls).toEqual(['/static/tfjs/']);
    expect(() => applyWasmPaths(mod, { 'tfjs-backend-wasm.wasm': '/a.wasm' } as never, false)).toThrow(
      /wasmPaths: expected a folder URL or a URL for each of tfjs-backend-wasm\.wasm/,
    );
  });

  it('does not point another tfjs-backend-wasm version at these binaries', () => {
    const mod = fakeWasmModule('4.21.0');
    expect(applyWasmPaths(mod, undefined, false)).toMatch(/4\.21\.0 is installed but .* ships .*4\.22\.0/);
    expect(mod.calls).toEqual([]);
  });

  it('a missing binary is diagnosed with its URL and HTTP status (or what came instead)', async () => {
    const server = createServer((req, res) => {
      if (req.url?.startsWith('/spa/')) {
        res.setHeader('content-type', 'text/html');
        res.end('<!doctype html><title>app</title>');
        return;
      }
      if (req.url?.startsWith('/ok/')) {
        res.end(Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
        return;
      }
      res.statusCode = 404;
      res.end('no such file');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/assets/`;
    try {
      applyWasmPaths(fakeWasmModule(), base, false);
      const url = await wasmBinaryUrl();
      expect(url.startsWith(base)).toBe(true);
      expect(WASM_BINARIES.some((n) => url.endsWith(n))).toBe(true);
      const why = await diagnoseWasmFetch();
      expect(why).toContain(`fetching ${url} failed with HTTP 404 Not Found`);
      expect(why).toMatch(/wasmPaths/);
      const root = base.replace('/assets/', '');
      applyWasmPaths(fakeWasmModule(), `${root}/spa/`, false);
      expect(await diagnoseWasmFetch()).toMatch(
        /answered HTTP 200 OK but not with WebAssembly \(text\/html: a page served/,
      );
      applyWasmPaths(fakeWasmModule(), `${root}/ok/`, false);
      expect(await diagnoseWasmFetch()).toBeUndefined();
    } finally {
      server.close();
    }
  });
});
