/**
 * The tokenizer.json byte loader (its WebAssembly loops, compiled synchronously on the page's main
 * thread) in real Chromium (tooling/browser: esbuild bundle, local server, headless Chromium through
 * playwright-core): the loader's unit tests run in one page, each result one test here. Skipped, with
 * the reason, where there is no Chromium (.ci/run installs Debian's).
 */
import { fileURLToPath } from 'node:url';
import { registerResults, runBrowserTests } from '@glossa/tooling/browser';
import { describe, it } from 'vitest';

const outcome = await runBrowserTests({
  root: fileURLToPath(new URL('..', import.meta.url)),
  files: ['src/pipeline/json-bytes.test.ts'],
  configs: [{ name: 'tokenizer.json from bytes', isolate: false }],
});
registerResults(outcome, { describe, it });
