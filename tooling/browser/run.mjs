#!/usr/bin/env node
// Runs bundled test files (bundle.mjs) in headless Chromium (launch.mjs) from a local server
// (server.mjs), once per page configuration — e.g. wasm in a plain page (1 thread), wasm in a
// cross-origin-isolated page (threads), webgpu — and collects vitest-style results.
//
// From a package's vitest suite (packages/core/test/browser.test.ts): `runBrowserTests(…)`, then
// `registerResults(…)` turns each page result into a vitest test, so that they count in the
// workspace's "N passed, N failed" line like any other test.
// From a shell: node tooling/browser/run.mjs [--root DIR] [--env K=V …] [--isolate|--no-isolate]
//   [--asset FILE …] [--json FILE] FILE…   prints the results and "N passed, N failed, N skipped".
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleTests } from './bundle.mjs';
import { chromiumMissingReason, launchChromium } from './launch.mjs';
import { startServer } from './server.mjs';

/**
 * @typedef {{ file: string, title: string, ancestorTitles: string[], status: 'passed' | 'failed' | 'skipped',
 *   duration: number, failureMessages: string[], fileError?: boolean }} PageResult
 * @typedef {{ name: string, env?: Record<string, string>, isolate?: boolean, files?: string[],
 *   hardwareConcurrency?: number, timeoutMs?: number }} PageConfig
 *   `name`: shown before each test's title; `env`: the page's `process.env`; `isolate`: serve it
 *   cross-origin isolated (default `true`); `files`: which bundled test files (default all);
 *   `hardwareConcurrency`: what `navigator.hardwareConcurrency` says (tfjs gives wasm at most half of
 *   it as threads, so a 2-core machine needs 4 to test 2 threads); `timeoutMs`: the whole page
 *   (default 300 s)
 * @typedef {{ config: PageConfig, results: PageResult[], console: { type: string, text: string }[],
 *   pageErrors: string[], crossOriginIsolated?: boolean, seconds: number }} PageRun
 */

/**
 * Opens `url` with `config` in a fresh browser context and waits until the page's runner is done.
 * A page that times out, crashes or throws outside a test adds a failed result saying so.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url the bundle's index.html
 * @param {PageConfig} config
 * @returns {Promise<PageRun>}
 */
export async function runPage(browser, url, config) {
  const started = Date.now();
  const context = await browser.newContext();
  if (config.hardwareConcurrency) {
    await context.addInitScript((n) => {
      Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n, configurable: true });
    }, config.hardwareConcurrency);
  }
  const page = await context.newPage();
  const results = [];
  const messages = [];
  const pageErrors = [];
  let finish;
  const done = new Promise((r) => {
    finish = r;
  });
  page.on('console', (m) => messages.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => pageErrors.push(String(e?.stack ?? e)));
  page.on('crash', () => finish('crashed'));
  await page.exposeFunction('__harnessReport', (r) => void results.push(r));
  await page.exposeFunction('__harnessDone', () => finish('done'));
  const query = new URLSearchParams({
    config: JSON.stringify({ env: config.env ?? {}, files: config.files }),
  });
  if (config.isolate === false) query.set('isolate', '0');
  const timeoutMs = config.timeoutMs ?? 300_000;
  let timer;
  const timeout = new Promise((r) => {
    timer = setTimeout(() => r('timeout'), timeoutMs);
  });
  let how;
  try {
    await page.goto(`${url}?${query}`, { waitUntil: 'load', timeout: 60_000 });
    how = await Promise.race([done, timeout]);
  } catch (e) {
    how = `failed to load (${e.message})`;
  } finally {
    clearTimeout(timer);
  }
  const crossOriginIsolated = await page
    .evaluate(() => globalThis.crossOriginIsolated)
    .catch(() => undefined);
  await context.close().catch(() => {});
  const fail = (title, message) =>
    results.push({
      file: '(page)',
      title,
      ancestorTitles: [],
      status: 'failed',
      duration: 0,
      failureMessages: [message],
    });
  if (how !== 'done')
    fail(
      `page ${how}`,
      `${results.length} results were reported before the page ${how} (after ${Math.round((Date.now() - started) / 1000)} s)`,
    );
  for (const e of pageErrors) fail('uncaught error in the page', e);
  return {
    config,
    results,
    console: messages,
    pageErrors,
    crossOriginIsolated,
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * Bundles `files` once and runs them in Chromium once per configuration.
 * @param {{ files: string[], root: string, configs: PageConfig[], alias?: Record<string, string>,
 *   assets?: string[], plugins?: import('esbuild').Plugin[], keep?: boolean }} options
 *   see bundleTests (bundle.mjs); `keep`: leave the bundle folder in place (its path is returned)
 * @returns {Promise<{ skipped?: string, runs: PageRun[], warnings: string[], outdir?: string }>}
 *   `skipped`: why nothing ran (no Chromium)
 */
export async function runBrowserTests({ files, root, configs, alias, assets, plugins, keep = false }) {
  const missing = chromiumMissingReason();
  if (missing) return { skipped: missing, runs: [], warnings: [] };
  const outdir = mkdtempSync(join(tmpdir(), 'glossa-browser-'));
  const server = await startServer({ root: outdir });
  let browser;
  try {
    const bundle = await bundleTests({ files, root, outdir, alias, assets, plugins });
    browser = await launchChromium();
    const runs = [];
    for (const config of configs) runs.push(await runPage(browser, server.url, config));
    return { runs, warnings: bundle.warnings, outdir: keep ? outdir : undefined };
  } finally {
    await browser?.close().catch(() => {});
    await server.close();
    if (!keep) rmSync(outdir, { recursive: true, force: true });
  }
}

/** The full title of a page result, vitest style: `config > file > suite > test`. */
export const fullTitle = (run, r) => [run.config.name, r.file, ...r.ancestorTitles, r.title].join(' > ');

/**
 * Counts results the way tooling/summary.mjs does, and builds a vitest-shaped JSON report
 * (`numPassedTests`, `numFailedTests`, `numPendingTests`, `testResults`).
 * @param {PageRun[]} runs
 */
export function summarize(runs) {
  const all = runs.flatMap((run) => run.results.map((r) => ({ run, r })));
  const count = (s) => all.filter(({ r }) => r.status === s).length;
  const byFile = new Map();
  for (const { run, r } of all) {
    const key = `${run.config.name}: ${r.file}`;
    if (!byFile.has(key)) byFile.set(key, []);
    byFile.get(key).push({
      ancestorTitles: [run.config.name, ...r.ancestorTitles],
      fullName: fullTitle(run, r),
      title: r.title,
      status: r.status === 'skipped' ? 'pending' : r.status,
      duration: r.duration,
      failureMessages: r.failureMessages,
    });
  }
  return {
    numPassedTests: count('passed'),
    numFailedTests: count('failed'),
    numPendingTests: count('skipped'),
    numTodoTests: 0,
    success: count('failed') === 0,
    testResults: [...byFile].map(([name, assertionResults]) => ({
      name,
      status: assertionResults.some((a) => a.status === 'failed') ? 'failed' : 'passed',
      assertionResults,
    })),
  };
}

/**
 * Registers each page result as a vitest test (inside the caller's own vitest: pass its `describe`
 * and `it`), grouped by configuration; a failed result throws its messages. With nothing run
 * (`skipped`), one skipped test says why.
 * @param {{ skipped?: string, runs: PageRun[] }} outcome what runBrowserTests returned
 * @param {{ describe: any, it: any, title?: string }} vitest
 */
export function registerResults(outcome, { describe, it, title = 'in Chromium' }) {
  if (outcome.skipped) {
    it.skip(`${title} (skipped: ${outcome.skipped})`, () => {});
    return;
  }
  for (const run of outcome.runs) {
    describe(`${title}: ${run.config.name}`, () => {
      for (const r of run.results) {
        const name = [r.file, ...r.ancestorTitles, r.title].join(' > ');
        if (r.status === 'skipped') it.skip(name, () => {});
        else
          it(name, () => {
            if (r.status === 'failed') throw new Error(r.failureMessages.join('\n\n'));
          });
      }
    });
  }
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      root: { type: 'string', default: process.cwd() },
      env: { type: 'string', multiple: true, default: [] },
      asset: { type: 'string', multiple: true, default: [] },
      isolate: { type: 'boolean', default: true },
      'no-isolate': { type: 'boolean', default: false },
      json: { type: 'string' },
    },
  });
  const env = Object.fromEntries(
    values.env.map((kv) => [kv.split('=')[0], kv.split('=').slice(1).join('=')]),
  );
  const outcome = await runBrowserTests({
    files: positionals,
    root: resolve(values.root),
    assets: values.asset.map((a) => resolve(a)),
    configs: [{ name: 'chromium', env, isolate: values.isolate && !values['no-isolate'] }],
  });
  if (outcome.skipped) {
    console.log(`skipped: ${outcome.skipped}`);
    return 0;
  }
  for (const w of outcome.warnings) console.log(`bundle warning: ${w}`);
  for (const run of outcome.runs) {
    for (const r of run.results) {
      const mark = r.status === 'passed' ? '✓' : r.status === 'failed' ? '✗' : '-';
      console.log(`${mark} ${fullTitle(run, r)}${r.duration ? ` (${r.duration} ms)` : ''}`);
      for (const m of r.failureMessages) console.log(`    ${m.split('\n').join('\n    ')}`);
    }
  }
  const s = summarize(outcome.runs);
  if (values.json) writeFileSync(values.json, JSON.stringify(s, null, 2));
  console.log(`${s.numPassedTests} passed, ${s.numFailedTests} failed, ${s.numPendingTests} skipped`);
  return s.numFailedTests > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
