#!/usr/bin/env node
// Screenshots for the README (not part of CI): serves dist/, opens every route in headless Chromium,
// on #/basics runs every experiment (over-fitting with no cure), and writes screenshots/<route>.png.
// Prints each experiment's summary line. Usage: pnpm --filter @glossa/playground build && node scripts/screenshots.mjs
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium, startServer } from '@glossa/tooling/browser';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const out = fileURLToPath(new URL('../screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });
const server = await startServer({ root: dist });
const browser = await launchChromium();
try {
  for (const [name, route] of [
    ['tokenizers', '#/tokenizers'],
    ['metrics', '#/metrics'],
    ['basics', '#/basics'],
  ]) {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('console', (m) => m.type() === 'error' && console.error(`${name}: console error: ${m.text()}`));
    await page.goto(`${server.url}${route}`);
    await page.waitForFunction((r) => document.body.dataset.ready === r, route, { timeout: 60_000 });
    if (name === 'tokenizers') {
      await page.check('[data-choose="o200k_base"]');
      await page.waitForSelector('[data-tokenizer="o200k_base"][data-count]', { timeout: 120_000 });
    }
    if (name === 'metrics') await page.waitForSelector('#bleu-line');
    if (name === 'basics') {
      for (const id of ['linear', 'mlp', 'overfit', 'race']) {
        const card = `[data-experiment="${id}"]`;
        if (id !== 'linear') {
          await page.waitForSelector(`${card} button:not([disabled])`);
          await page.click(`${card} button`);
        }
        const t0 = Date.now();
        await page.waitForSelector(`${card}[data-done="1"]`, { timeout: 300_000 });
        console.log(
          `${id} (${((Date.now() - t0) / 1000).toFixed(1)} s): ${await page.textContent(`${card} .result`)}`,
        );
      }
    }
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}${name}.png`, fullPage: true });
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
