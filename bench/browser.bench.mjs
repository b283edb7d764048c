#!/usr/bin/env node
// @glossa/core in headless Chromium beside Node, in one run and one table: matMul 1024 (GFLOP/s) and
// one training step of the reference Transformer LM (core-lm-model.mjs; ms/step, tokens/s) on
//   - Node wasm: 1 and 2 threads, plain SIMD and relaxed SIMD (`--experimental-wasm-relaxed-simd`),
//   - Chromium wasm in a cross-origin-isolated page: the same four, and a page that is not isolated,
//   - Chromium webgpu (`--enable-unsafe-webgpu`: SwiftShader without a GPU — a CPU emulation, so its
//     absolute times say nothing about a GPU; dispatches per step and first-step time are the figures).
// Each Node run is a child process (backends and threads are fixed per process); each Chromium run a
// fresh page. Usage: node bench/browser.bench.mjs [--quick]   (needs `pnpm build` first)
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const WORK = quick ? { matMulReps: 3, lmSteps: 3 } : { matMulReps: 7, lmSteps: 7 };

if (process.argv[2] === '--node') {
  const config = JSON.parse(process.argv[3]);
  const tf = await import('@tensorflow/tfjs-core');
  const { useBackend } = await import('@glossa/core');
  const { measure } = await import('./browser/work.mjs');
  const info = await useBackend('wasm', { verbose: false, ...config });
  const r = await measure(tf, WORK);
  console.log(`@@${JSON.stringify({ ...r, threads: info.threads, relaxedSimd: info.relaxedSimd })}`);
  process.exit(0);
}

function nodeRun(config) {
  const flags = config.relaxedSimd ? ['--experimental-wasm-relaxed-simd'] : [];
  const r = spawnSync(
    process.execPath,
    [
      ...flags,
      fileURLToPath(import.meta.url),
      '--node',
      JSON.stringify(config),
      ...(quick ? ['--quick'] : []),
    ],
    { encoding: 'utf8', timeout: 600_000, cwd: here },
  );
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('@@'));
  if (!line)
    return { error: (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(line.slice(2));
}

// The browser harness and esbuild come from tooling/ (the workspace's test tooling).
const tooling = join(here, '..', 'tooling');
const { startServer, launchChromium, chromiumMissingReason } = await import(
  join(tooling, 'browser', 'index.mjs')
);
const esbuild = await import(join(tooling, 'node_modules', 'esbuild', 'lib', 'main.js'));

async function browserRuns(configs) {
  const missing = chromiumMissingReason();
  if (missing) return configs.map(() => ({ error: missing }));
  const outdir = mkdtempSync(join(tmpdir(), 'glossa-browser-bench-'));
  const out = [];
  try {
    await esbuild.build({
      entryPoints: [join(here, 'browser', 'page.mjs')],
      outfile: join(outdir, 'page.js'),
      bundle: true,
      format: 'esm',
      platform: 'browser',
      minify: true,
      logLevel: 'error',
      // A browser bundle of tfjs-core / backends references Node built-ins behind runtime checks.
      external: ['fs', 'path', 'os', 'crypto', 'worker_threads', 'perf_hooks', 'util'],
    });
    writeFileSync(
      join(outdir, 'index.html'),
      '<!doctype html><meta charset="utf-8"><title>glossa browser bench</title><script type="module" src="page.js"></script>',
    );
    const dist = join(here, '..', 'packages', 'core', 'dist');
    for (const f of readdirSync(dist).filter((f) => f.endsWith('.wasm')))
      copyFileSync(join(dist, f), join(outdir, f));
    const server = await startServer({ root: outdir });
    const browser = await launchChromium();
    try {
      for (const config of configs) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const errors = [];
        let done;
        const result = new Promise((r) => {
          done = r;
        });
        page.on('pageerror', (e) => {
          errors.push(String(e));
          done({ error: `page error: ${errors.join('; ')}` });
        });
        page.on('console', (m) => {
          if (process.env.BENCH_DEBUG) console.error(`[page] ${m.text()}`);
        });
        await page.exposeFunction('__benchDone', (r) => done(r));
        const q = new URLSearchParams({ config: JSON.stringify({ ...config, work: WORK }) });
        if (config.isolate === false) q.set('isolate', '0');
        await page.goto(`${server.url}?${q}`);
        const timeout = new Promise((r) =>
          setTimeout(() => r({ error: `timed out ${errors.join('; ')}` }), 600_000),
        );
        const r = await Promise.race([result, timeout]);
        if (errors.length && !r.error) r.pageErrors = errors;
        out.push(r);
        await context.close();
      }
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
  return out;
}

const SMALL_GPU = {
  matMulReps: 0,
  lmSteps: 2,
  lm: { vocab: 256, d: 128, heads: 4, layers: 2, ff: 512, seq: 32, batch: 2 },
};
const NODE = [
  { label: 'Node wasm, 1 thread, SIMD', threads: 1, relaxedSimd: false },
  { label: 'Node wasm, 1 thread, relaxed SIMD', threads: 1, relaxedSimd: true },
  { label: 'Node wasm, 2 threads, SIMD', threads: 2, relaxedSimd: false },
  { label: 'Node wasm, 2 threads, relaxed SIMD', threads: 2, relaxedSimd: true },
];
const CHROMIUM = [
  { label: 'Chromium wasm, 1 thread, SIMD (isolated)', backend: 'wasm', threads: 1, relaxedSimd: false },
  {
    label: 'Chromium wasm, 1 thread, relaxed SIMD (isolated)',
    backend: 'wasm',
    threads: 1,
    relaxedSimd: true,
  },
  { label: 'Chromium wasm, 2 threads, SIMD (isolated)', backend: 'wasm', threads: 2, relaxedSimd: false },
  {
    label: 'Chromium wasm, 2 threads, relaxed SIMD (isolated)',
    backend: 'wasm',
    threads: 2,
    relaxedSimd: true,
  },
  { label: 'Chromium wasm, page not isolated (1 thread)', backend: 'wasm', isolate: false },
  // SwiftShader runs WGSL on the CPU (~0.1 GFLOP/s for matMul 1024 on the loaded 2-core machine): the
  // webgpu rows run the reference LM's graph at batch 2 × seq 32 (same kernels, same dispatch count
  // structure), one timed step, without and with glossa's WGSL layer norm and GELU.
  {
    label: 'Chromium webgpu, composite layerNorm/GELU (LM at batch 2 × seq 32)',
    backend: 'webgpu',
    withoutWgslFusion: true,
    workOverride: SMALL_GPU,
  },
  {
    label: 'Chromium webgpu, WGSL layerNorm/GELU (LM at batch 2 × seq 32)',
    backend: 'webgpu',
    workOverride: SMALL_GPU,
  },
];

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const started = new Date().toISOString();
const loadBefore = load();
const rows = [];
const only = process.env.BENCH_ONLY; // `chromium` or `node`: one half only (debugging)
if (only !== 'chromium')
  for (const c of NODE) rows.push([c, nodeRun({ threads: c.threads, relaxedSimd: c.relaxedSimd })]);
const pages = CHROMIUM.filter((c) => !process.env.BENCH_PAGES || c.label.includes(process.env.BENCH_PAGES));
if (only !== 'node') {
  const browser = await browserRuns(pages.map(({ label, ...c }) => c));
  for (const [i, c] of pages.entries()) rows.push([c, browser[i]]);
}

const fmt = (x, d = 1) => (typeof x === 'number' ? x.toFixed(d) : '–');
const nodeLm = rows[0]?.[1].lmStepMs;
console.log(
  `# glossa in Chromium and Node — ${cpus().length} × ${cpu}; ${started}; load ${loadBefore} → ${load()}`,
);
console.log(
  `(${quick ? 'quick: ' : ''}medians of ${WORK.matMulReps} matMuls and ${WORK.lmSteps} LM steps after warm-up)\n`,
);
console.log(
  '| run | matMul 1024 GFLOP/s | LM step ms | tokens/s | LM vs Node 1 thread SIMD | first step ms | dispatches/step | threads | relaxed |',
);
console.log('|---|--:|--:|--:|--:|--:|--:|--:|:-:|');
for (const [c, r] of rows) {
  if (r.error) {
    console.log(`| ${c.label} | error: ${r.error.slice(0, 200)} ||||||||`);
    continue;
  }
  console.log(
    `| ${c.label} | ${fmt(r.matMulGflops)} | ${fmt(r.lmStepMs, 0)} | ${fmt(r.tokensPerS, 0)} | ${fmt(nodeLm / r.lmStepMs, 2)}× | ${fmt(r.lmFirstMs, 0)} | ${r.dispatchesPerStep ?? '–'} | ${r.threads ?? '–'} | ${r.relaxedSimd ? 'yes' : 'no'} |`,
  );
}
