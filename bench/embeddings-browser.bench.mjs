#!/usr/bin/env node
// @glossa/embeddings word2vec in headless Chromium beside Node, one run: training words/s of the same
// training — the tokenised Gutenberg English corpus of bench/embeddings.bench.mjs (shared/data), vector
// 100, window 5, negative 5, min count 5, sample 1e-3, seed 1 — skip-gram and CBOW, with 1 worker and 2
// workers (Web Workers on a SharedArrayBuffer in a cross-origin-isolated page, served with COOP/COEP;
// worker_threads in Node). The page is bundled with esbuild for the browser from the package's dist, as
// an app would (tooling/browser: static server, playwright-core over the system Chromium). Node and
// Chromium runs alternate so that both see the same machine load; each Node run is its own process.
// Usage: pnpm build && node bench/embeddings-browser.bench.mjs [--epochs N] [--limit sentences]   (default 1 epoch, all)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const data = join(here, '..', '..', 'shared', 'data');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const epochs = arg('--epochs', 1);
const settings = { vectorSize: 100, window: 5, minCount: 5, negative: 5, sample: 1e-3, epochs, seed: 1 };

if (process.argv[2] === '--worker') {
  const [, , , corpus, cfg] = process.argv;
  const { Word2Vec } = await import('@glossa/embeddings');
  const sentences = readFileSync(corpus, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split(' '));
  const m = await Word2Vec.train(sentences, JSON.parse(cfg));
  const s = m.stats;
  console.log(
    `@@${JSON.stringify({ vocab: m.wv.size, train_s: s.trainSeconds, words_per_s: s.wordsPerSecond, raw_words_per_s: s.rawWords / s.trainSeconds, engine: s.engine })}`,
  );
  process.exit(0);
}

const trainFile = join(data, 'gutenberg-en.train.txt');
if (!existsSync(trainFile)) {
  console.log(`skipped: ${trainFile} not found (the benchmark reads ../shared/data)`);
  process.exit(0);
}
const { chromiumMissingReason, launchChromium, startServer } = await import('../tooling/browser/index.mjs');
const { build } = createRequire(join(here, '..', 'tooling', 'package.json'))('esbuild');

// The corpus as bench/embeddings.bench.mjs tokenises it: lower-cased words, one sentence per line.
const work = mkdtempSync(join(tmpdir(), 'glossa-w2v-browser-'));
const sentences = readFileSync(trainFile, 'utf8')
  .split('\n')
  .map((l) => l.toLowerCase().match(/[a-z]+(?:'[a-z]+)?/g) ?? [])
  .filter((s) => s.length > 0)
  .slice(0, arg('--limit', Number.POSITIVE_INFINITY));
const corpus = join(work, 'corpus.txt');
writeFileSync(corpus, `${sentences.map((s) => s.join(' ')).join('\n')}\n`);
const words = sentences.reduce((n, s) => n + s.length, 0);

function node(cfg) {
  const r = spawnSync(
    process.execPath,
    [fileURLToPath(import.meta.url), '--worker', corpus, JSON.stringify(cfg)],
    {
      encoding: 'utf8',
      timeout: 900_000,
    },
  );
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('@@'));
  if (!line)
    return { error: (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(line.slice(2));
}

// The page: bundled for the browser (as an app's bundler would) and served cross-origin isolated.
const bundled = await build({
  entryPoints: [join(here, 'browser', 'word2vec-page.mjs')],
  bundle: true,
  platform: 'browser',
  format: 'esm',
  minify: true,
  outfile: join(work, 'page.js'),
  logLevel: 'silent',
});
writeFileSync(
  join(work, 'index.html'),
  '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>word2vec bench</title><script type="module" src="page.js"></script>\n',
);
const missing = chromiumMissingReason();
let browser = null;
let server = null;
if (!missing) {
  server = await startServer({ root: work, isolate: true });
  browser = await launchChromium({ webgpu: false });
}

async function chromium(cfg) {
  if (!browser) return { error: `no Chromium: ${missing}` };
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('requestfailed', (r) => errors.push(`${r.url()}: ${r.failure()?.errorText}`));
  try {
    await page.goto(`${new URL('index.html', server.url)}?cfg=${encodeURIComponent(JSON.stringify(cfg))}`);
    // The result, or the first page error (a page that failed to load never sets one).
    const deadline = Date.now() + 900_000;
    while (!errors.length && Date.now() < deadline && !(await page.evaluate(() => !!window.__result)))
      await new Promise((r) => setTimeout(r, 500));
    const r = (await page.evaluate(() => window.__result)) ?? { error: errors.join(' ') || 'timed out' };
    return errors.length && !r.error ? { ...r, error: errors.join(' ') } : r;
  } catch (e) {
    return { error: `${e}${errors.length ? ` (${errors.join(' ')})` : ''}` };
  } finally {
    await page.close();
  }
}

const fmt = (x, d = 0) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '–');
console.log(
  `# word2vec training words/s: headless Chromium vs Node (${sentences.length} sentences, ${words} words)`,
);
console.log(
  `settings: vector 100, window 5, negative 5, min count 5, sample 1e-3, ${epochs} epoch(s), seed 1; CPU: ${cpus()[0]?.model} × ${cpus().length}; load average at start ${loadavg()[0].toFixed(1)}`,
);
if (bundled.warnings.length)
  console.log(`(page bundle warnings: ${bundled.warnings.map((w) => w.text).join('; ')})`);
const rows = [];
for (const mode of ['skipgram', 'cbow']) {
  for (const workers of [1, 2]) {
    const cfg = { mode, workers, ...settings };
    const n = node(cfg);
    const c = await chromium(cfg);
    console.error(
      `  ${mode} ${workers} worker(s): node ${fmt(n.raw_words_per_s)}, chromium ${fmt(c.raw_words_per_s)}`,
    );
    rows.push({ mode, workers, n, c });
  }
}
if (browser) await browser.close();
if (server) await server.close();
rmSync(work, { recursive: true, force: true });

const info = rows.find((r) => r.c.userAgent)?.c;
if (info)
  console.log(
    `Chromium: ${info.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? info.userAgent}, crossOriginIsolated ${info.crossOriginIsolated}, hardwareConcurrency ${info.hardwareConcurrency}`,
  );
console.log(
  '\n| mode | workers | Node raw words/s | Chromium raw words/s | Chromium / Node | Node effective words/s | Chromium effective words/s | engine (Node / Chromium) |',
);
console.log('|---|--:|--:|--:|--:|--:|--:|---|');
for (const { mode, workers, n, c } of rows) {
  console.log(
    `| ${mode} | ${workers} | ${fmt(n.raw_words_per_s)} | ${fmt(c.raw_words_per_s)} | ${fmt(c.raw_words_per_s / n.raw_words_per_s, 2)}× | ${fmt(n.words_per_s)} | ${fmt(c.words_per_s)} | ${n.engine ?? '–'} / ${c.engine ?? '–'} |`,
  );
}
for (const { mode, workers, n, c } of rows) {
  if (n.error) console.log(`(node ${mode} ${workers}: ${n.error})`);
  if (c.error) console.log(`(chromium ${mode} ${workers}: ${c.error})`);
}
