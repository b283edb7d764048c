#!/usr/bin/env node
// @glossa/core in headless Chromium beside Node, in one run and one table: matMul 1024 (GFLOP/s) and
// one training step of the reference Transformer LM (core-lm-model.mjs; ms/step, tokens/s) on
//   - Node wasm: 1 and 2 threads, plain SIMD and relaxed SIMD (`--experimental-wasm-relaxed-simd`),
//   - Chromium wasm in a cross-origin-isolated page: the same four, and a page that is not isolated,
//   - Chromium webgpu (`--enable-unsafe-webgpu`: SwiftShader without a GPU — a CPU emulation, so its
//     absolute times say nothing about a GPU; dispatches per step and first-step time are the figures),
//   - Node webgpu (npm `webgpu`, Dawn on the Vulkan driver: lavapipe here, also a CPU emulation),
//   each webgpu one without glossa's WGSL layer norm/GELU, with them, and with `precompile()` run on
//   the step first: pipelines created by precompile / by the first step / in all, first-step time.
// CPU time: the Node process's own; for pages, the Chromium process tree's (driver.mjs, from /proc).
// Each Node run is a child process (backends and threads are fixed per process); each Chromium run a
// fresh page. Usage: node bench/browser.bench.mjs [--quick]   (needs `pnpm build` first)
//   BENCH_ONLY=node|chromium: one half; BENCH_PAGES=<text>: only rows whose label contains it.
import { cpus, loadavg } from 'node:os';
import { nodeRun, openBrowser } from './browser/driver.mjs';

const quick = process.argv.includes('--quick');
const WORK = quick ? { matMulReps: 3, lmSteps: 3 } : { matMulReps: 7, lmSteps: 7 };

async function browserRuns(configs) {
  const browser = await openBrowser();
  const out = [];
  try {
    for (const { workOverride, ...config } of configs)
      out.push(await browser.run(config, { ...WORK, ...workOverride }));
  } finally {
    await browser.close();
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
  // Dawn (npm `webgpu`) on the machine's Vulkan driver (lavapipe here: a CPU emulation).
  {
    label: 'Node webgpu, composite layerNorm/GELU (LM at batch 2 × seq 32)',
    backend: 'webgpu',
    withoutWgslFusion: true,
    workOverride: SMALL_GPU,
  },
  {
    label: 'Node webgpu, WGSL layerNorm/GELU (LM at batch 2 × seq 32)',
    backend: 'webgpu',
    workOverride: SMALL_GPU,
  },
  {
    label: 'Node webgpu, WGSL layerNorm/GELU, precompile() first (LM at batch 2 × seq 32)',
    backend: 'webgpu',
    precompile: true,
    workOverride: SMALL_GPU,
  },
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
  {
    label: 'Chromium webgpu, WGSL layerNorm/GELU, precompile() first (LM at batch 2 × seq 32)',
    backend: 'webgpu',
    precompile: true,
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
const nodeRows = NODE.filter((c) => !process.env.BENCH_PAGES || c.label.includes(process.env.BENCH_PAGES));
if (only !== 'chromium')
  for (const { label, workOverride, ...c } of nodeRows)
    rows.push([{ label }, nodeRun(c, { ...WORK, ...workOverride })]);
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
  '| run | matMul 1024 GFLOP/s | LM step ms | tokens/s | CPU ms/step | tokens/CPU-s | LM vs Node 1 thread SIMD | first step ms (CPU ms) | pipelines: precompile / first step / total | precompile ms (CPU ms) | dispatches/step | threads | relaxed |',
);
console.log('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|');
for (const [c, r] of rows) {
  if (r.error) {
    console.log(`| ${c.label} | error: ${r.error.slice(0, 200)} ||||||||||||`);
    continue;
  }
  const pipes = r.totalPipelines
    ? `${r.precompilePipelines ?? '–'} / ${r.firstStepPipelines} / ${r.totalPipelines}`
    : '–';
  console.log(
    `| ${c.label} | ${fmt(r.matMulGflops)} | ${fmt(r.lmStepMs, 0)} | ${fmt(r.tokensPerS, 0)} | ${fmt(r.lmCpuMs, 0)} | ${fmt(r.tokensPerCpuS, 0)} | ${c.label.includes('batch 2') ? '–' : `${fmt(nodeLm / r.lmStepMs, 2)}×`} | ${fmt(r.lmFirstMs, 0)} (${fmt(r.lmFirstCpuMs, 0)}) | ${pipes} | ${fmt(r.precompileMs, 0)} (${fmt(r.precompileCpuMs, 0)}) | ${r.dispatchesPerStep ?? '–'} | ${r.threads ?? '–'} | ${r.relaxedSimd ? 'yes' : 'no'} |`,
  );
}
