#!/usr/bin/env node
// The reference Transformer LM step (core-lm-model.mjs, batch 16 × seq 128) on wasm in a
// cross-origin-isolated Chromium page against Node, made robust to a loaded, shared machine: the two
// run in alternation (Node first in even rounds, the page first in odd ones) for several rounds, and
// each figure is given per wall second and per CPU second — Node's from `process.cpuUsage` of its
// process (all threads), the page's from /proc: user + system time of the whole Chromium process tree
// (renderer main thread, its Web Workers — tfjs's pthreads and glossa's gemm helpers —, GPU and
// browser processes). CPU ms per step over wall ms per step is the number of cores a run kept busy.
// Usage: node bench/browser-vs-node.bench.mjs [--rounds N] [--quick]   (needs `pnpm build` first)
import { cpus, loadavg } from 'node:os';
import { nodeRun, openBrowser } from './browser/driver.mjs';

const quick = process.argv.includes('--quick');
const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : quick ? 2 : 4;
const WORK = { matMulReps: quick ? 3 : 5, lmSteps: quick ? 3 : 5 };
const PAIRS = [
  { label: '1 thread, SIMD', threads: 1, relaxedSimd: false },
  { label: '1 thread, relaxed SIMD', threads: 1, relaxedSimd: true },
  { label: '2 threads, relaxed SIMD', threads: 2, relaxedSimd: true },
  // The page's work in a dedicated Web Worker, where waiting threads may block (Atomics.wait).
  { label: '2 threads, relaxed SIMD, page work in a Worker', threads: 2, relaxedSimd: true, inWorker: true },
].filter((p) => !process.env.BENCH_PAIRS || p.label.includes(process.env.BENCH_PAIRS));

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return Number.NaN;
  const h = Math.floor(s.length / 2);
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const started = new Date().toISOString();
const loadBefore = load();
const browser = await openBrowser();
const runs = PAIRS.map(() => ({ node: [], page: [] }));
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, p] of PAIRS.entries()) {
      const config = { backend: 'wasm', threads: p.threads, relaxedSimd: p.relaxedSimd };
      const order = round % 2 === 0 ? ['node', 'page'] : ['page', 'node'];
      for (const side of order) {
        const r =
          side === 'node'
            ? nodeRun(config, WORK)
            : await browser.run({ ...config, inWorker: p.inWorker }, WORK);
        runs[i][side].push(r);
        const what = r.error
          ? `error ${r.error.slice(0, 160)}`
          : `step ${r.lmStepMs.toFixed(0)} ms, CPU ${r.lmCpuMs.toFixed(0)} ms, threads ${r.threads}, relaxed ${r.relaxedSimd}`;
        console.error(`round ${round + 1} ${p.label} ${side}: ${what} (load ${load()})`);
      }
    }
  }
} finally {
  await browser.close();
}

const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '–');
console.log(
  `# LM step (batch 16 × seq 128): isolated Chromium page vs Node, wasm — ${cpus().length} × ${cpus()[0]?.model}; ${started}; load ${loadBefore} → ${load()}`,
);
console.log(
  `(${ROUNDS} rounds, Node and page alternating; per run the median of ${WORK.lmSteps} steps after warm-up; below, medians over rounds)\n`,
);
console.log(
  '| config | Node step ms | page step ms | page speed ÷ Node (median of rounds) | Node CPU ms/step | page CPU ms/step | cores busy Node / page | Node tokens/CPU-s | page tokens/CPU-s | page ÷ Node per CPU-s | matMul 1024 GFLOP/s Node / page |',
);
console.log('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
for (const [i, p] of PAIRS.entries()) {
  const ok = (rs) => rs.filter((r) => !r.error);
  const n = ok(runs[i].node);
  const g = ok(runs[i].page);
  const ratios = runs[i].node.map((r, k) => {
    const q = runs[i].page[k];
    return r.error || q?.error ? Number.NaN : r.lmStepMs / q.lmStepMs;
  });
  const cpuRatios = runs[i].node.map((r, k) => {
    const q = runs[i].page[k];
    return r.error || q?.error ? Number.NaN : q.tokensPerCpuS / r.tokensPerCpuS;
  });
  const m = (rs, key) => median(rs.map((r) => r[key]));
  const busy = (rs) => median(rs.map((r) => r.lmCpuMs / r.lmStepMs));
  console.log(
    `| ${p.label} | ${fmt(m(n, 'lmStepMs'))} | ${fmt(m(g, 'lmStepMs'))} | ${fmt(median(ratios), 2)}× (${ratios.map((x) => fmt(x, 2)).join(', ')}) | ${fmt(m(n, 'lmCpuMs'))} | ${fmt(m(g, 'lmCpuMs'))} | ${fmt(busy(n), 2)} / ${fmt(busy(g), 2)} | ${fmt(m(n, 'tokensPerCpuS'))} | ${fmt(m(g, 'tokensPerCpuS'))} | ${fmt(median(cpuRatios), 2)}× | ${fmt(m(n, 'matMulGflops'), 1)} / ${fmt(m(g, 'matMulGflops'), 1)} |`,
  );
}
