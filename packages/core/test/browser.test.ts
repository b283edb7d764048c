/**
 * Core's backend tests in real Chromium (tooling/browser: esbuild bundle, local server, headless
 * Chromium through playwright-core): the op × backend × gradient table, the module and optimizer
 * parity tests against PyTorch, and start-up checks, on
 * - wasm in a page that is not cross-origin isolated (one thread, the SIMD binary),
 * - wasm in a cross-origin-isolated page (COOP/COEP: the threaded binary, 2 threads),
 * - webgpu (`--enable-unsafe-webgpu`: Chromium's SwiftShader adapter without a GPU),
 * - and a page whose `.wasm` files are missing (the error names the URL and status).
 * Each page result becomes one test here. Skipped, with the reason, where there is no Chromium
 * (.ci/run installs Debian's); `GLOSSA_BACKENDS` narrows the pages as it narrows the Node table.
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerResults, runBrowserTests } from '@glossa/tooling/browser';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const wasmDist = join(
  dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')),
  'dist',
);

/** Backend-parametrised tests that run in every page (each loops over `backendsUnderTest()`). */
const TABLE = [
  'test/browser/start-up.ts',
  'src/backend/backend.test.ts',
  'test/ops-table.test.ts',
  'src/optim/optimizers.test.ts',
  'src/layers/linear.test.ts',
  'src/layers/layer-norm.test.ts',
  'src/layers/embedding.test.ts',
  'src/losses/cross-entropy.test.ts',
  'src/functional/softmax.test.ts',
];
const THREADED = ['test/browser/start-up.ts', 'test/ops-table.test.ts', 'src/optim/optimizers.test.ts'];

const wanted = process.env.GLOSSA_BACKENDS?.split(',').map((s) => s.trim());
const configs = [
  {
    name: 'wasm, 1 thread (page not isolated)',
    backend: 'wasm',
    isolate: false,
    files: TABLE,
    hardwareConcurrency: 2,
  },
  // tfjs alone gives wasm at most half the cores the page reports; glossa lifts that cap when
  // `threads` is asked for, so both pages report 2 cores (what the start-up test checks).
  {
    name: 'wasm, 2 threads (cross-origin isolated)',
    backend: 'wasm',
    isolate: true,
    files: THREADED,
    hardwareConcurrency: 2,
  },
  { name: 'webgpu (Chromium adapter)', backend: 'webgpu', isolate: true, files: TABLE },
  { name: 'wasm binaries missing', backend: 'wasm', isolate: false, files: ['test/browser/wasm-missing.ts'] },
]
  .filter((c) => !wanted || wanted.includes(c.backend))
  .map(({ backend, ...c }) => ({ ...c, env: { GLOSSA_BACKENDS: backend } }));

const outcome = await runBrowserTests({
  root,
  files: [...new Set(configs.flatMap((c) => c.files))],
  configs,
  // What a browser bundle of @glossa/core gets for its subpath imports (package.json `imports`).
  alias: {
    '#io-fs': join(root, 'src/io/fs-browser.ts'),
    '#platform': join(root, 'src/backend/platform-browser.ts'),
  },
  // Beside the bundle, as src/backend/wasm-files.ts names them (dist/ has the same copies).
  assets: readdirSync(wasmDist)
    .filter((f) => f.endsWith('.wasm'))
    .map((f) => join(wasmDist, f)),
});

for (const run of outcome.runs)
  console.log(
    `chromium page "${run.config.name}": ${run.results.length} results in ${run.seconds.toFixed(1)} s`,
  );

it.skipIf(!!outcome.skipped)('the page bundle builds without warnings', () => {
  expect(outcome.warnings).toEqual([]);
});

registerResults(outcome, { describe, it });
