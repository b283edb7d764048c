// What the end-to-end test files share: the built playground (dist/, built by turbo before the tests)
// served with COOP/COEP and opened in headless Chromium (tooling/browser); `open` a route (console
// errors collected, its workers' included), `finish` it (screenshot, no console error, the route's
// gzipped JavaScript under budget). Each file's figures go to test/artifacts/routes.<file>.json.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromiumMissingReason, launchChromium, startServer } from '@glossa/tooling/browser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
/** Why the browser tests cannot run here, or `undefined`. */
export const missing = chromiumMissingReason();
/** JavaScript budget of one route, gzipped, before lazy assets (rank files, corpus, wasm). */
const ROUTE_BUDGET_GZ = 300_000;
const LAZY = /(cl100k_base|o200k_base|r50k_base)-[\w-]+\.js$/;

/** Starts the server and Chromium for one test file (its hooks); `name` names its routes file. */
export function usePlayground(name: string) {
  const ctx = {} as {
    server: Awaited<ReturnType<typeof startServer>>;
    browser: Browser;
  };
  const report: Record<string, unknown> = {};

  beforeAll(async () => {
    if (missing) return;
    mkdirSync(artifacts, { recursive: true });
    ctx.server = await startServer({ root: dist });
    ctx.browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    if (missing) return;
    await ctx.browser?.close();
    await ctx.server?.close();
    const file = join(artifacts, `routes.${name}.json`);
    writeFileSync(`${file}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
  });

  /** Opens a route in a fresh page; returns the page, its console errors and its load figures. */
  async function open(route: string, query = '') {
    const page = await ctx.browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text()); // its workers' console included
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    const from = ctx.server.requests.length;
    await page.goto(`${ctx.server.url}${query}${route}`);
    await page.waitForFunction((r) => document.body.dataset.ready === r, route, { timeout: 60_000 });
    const readyMs = Number(await page.evaluate(() => document.body.dataset.readyMs));
    return { page, errors, readyMs, requestsFrom: from };
  }

  /** Gzipped sizes of the JavaScript a route fetched (after its work is done): route code and lazy assets. */
  function jsFetched(from: number) {
    const files = [...new Set(ctx.server.requests.slice(from).map((r) => r.path))].filter((p) =>
      p.endsWith('.js'),
    );
    const gz = (p: string) => gzipSync(readFileSync(join(dist, p))).length;
    const route = files.filter((f) => !LAZY.test(f));
    const lazy = files.filter((f) => LAZY.test(f));
    return {
      routeJsGz: route.reduce((a, f) => a + gz(f), 0),
      lazyJsGz: lazy.reduce((a, f) => a + gz(f), 0),
      files: files.map((f) => f.replace(/^\/assets\//, '')),
    };
  }

  async function finish(route: string, opened: Awaited<ReturnType<typeof open>>, page: Page) {
    await page.screenshot({ path: join(artifacts, `${route}.png`), fullPage: true });
    const sizes = jsFetched(opened.requestsFrom);
    const firstResult = await page.evaluate(() => document.body.dataset.firstResultMs);
    report[route] = {
      timeToInteractiveMs: opened.readyMs,
      firstResultMs: firstResult === undefined ? null : Number(firstResult),
      ...sizes,
    };
    expect(sizes.routeJsGz).toBeLessThan(ROUTE_BUDGET_GZ);
    expect(opened.errors).toEqual([]);
    await page.close();
  }

  return Object.assign(ctx, { open, finish });
}
