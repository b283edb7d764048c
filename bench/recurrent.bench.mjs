#!/usr/bin/env node
// @glossa/recurrent speed versus PyTorch (Debian python3-torch, CPU), side by side in one run:
//   LSTM forward+backward tokens/s — batch 32, input 256, hidden 256, seq 64, 1 and 2 layers — on wasm
//   (glossa's default threads and 1 thread) against nn.LSTM at its best thread setting (1 and 2 threads
//   measured, the faster counts); whether the fused cell kernel pays (the same run with the cell as
//   composite tfjs ops); the loop before its products were split by gate (the gate-major kernel
//   unregistered); webgpu-in-Node (lavapipe, a CPU rasteriser) as measured, no ratio; and where
//   the wasm time goes (tf.profile per kernel).
// On a shared machine the load drifts within minutes, so glossa and PyTorch (1 thread) run
// alternately, ROUNDS times each, and each side's best round counts (each round: median of REPS);
// a second table compares process CPU time on one thread, which other processes' load disturbs less.
// Each measurement runs in a child process (kernel registrations and wasm threads are process-wide).
// Usage: pnpm build && node bench/recurrent.bench.mjs [--quick]    (BENCH_SKIP=webgpu,python,profile)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const PY = '/usr/bin/python3';
const quick = process.argv.includes('--quick');
const skip = new Set((process.env.BENCH_SKIP ?? '').split(','));
const SHAPE = { B: 32, I: 256, H: 256, T: 64 };
const REPS = quick ? 3 : 5;
const ROUNDS = quick ? 1 : 2;

if (process.argv[2] === '--worker') {
  const { runWorker } = await import('./recurrent-worker.mjs');
  console.log(`@@${JSON.stringify(await runWorker(JSON.parse(process.argv[3])))}`);
  process.exit(0);
}

function worker(backend, layers, mode = 'fused', extra = {}) {
  const args = { backend, layers, mode, ...SHAPE, reps: backend === 'webgpu' ? 2 : REPS, ...extra };
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--worker', JSON.stringify(args)], {
    encoding: 'utf8',
    timeout: 900_000,
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('@@'));
  if (!line)
    return { error: (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(line.slice(2));
}

function python(threads, layers = [1, 2]) {
  if (skip.has('python')) return { error: 'skipped' };
  if (!existsSync(PY)) return { error: `${PY} not found` };
  const cfg = {
    threads,
    layers,
    batch: SHAPE.B,
    input: SHAPE.I,
    hidden: SHAPE.H,
    seq: SHAPE.T,
    reps: REPS,
  };
  const r = spawnSync(PY, [join(here, 'python', 'recurrent_lstm.py'), JSON.stringify(cfg)], {
    encoding: 'utf8',
    timeout: 900_000,
  });
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    return { error: (r.stderr || 'no output').trim().split('\n').pop() };
  }
}

// BENCH_ONLY=cpu: only the per-CPU-second comparison on one thread (glossa, glossa with the products
// not split by gate, PyTorch), alternating ROUNDS times (BENCH_ROUNDS overrides), each side's best round.
if (process.env.BENCH_ONLY === 'cpu') {
  const rounds = Number(process.env.BENCH_ROUNDS ?? ROUNDS);
  const cpu = (r) =>
    r?.fwdBwd?.cpuTokensPerS ?? r?.layers?.[Object.keys(r?.layers ?? {})[0]]?.fwdBwd?.cpuTokensPerS;
  console.log(
    `# LSTM fwd+bwd per CPU-second, 1 thread each (batch ${SHAPE.B}, input ${SHAPE.I}, hidden ${SHAPE.H}, seq ${SHAPE.T})`,
  );
  console.log(
    `(${cpus()[0]?.model ?? 'unknown CPU'}; best of ${rounds} alternating rounds, each the median of ${REPS})`,
  );
  console.log(
    '| layers | glossa wasm (gate-block products) | glossa wasm (one [·, 4H] product, the loop before) | PyTorch | ratio | ratio before |',
  );
  console.log('|--:|--:|--:|--:|--:|--:|');
  for (const L of [1, 2]) {
    const best = { gm: 0, row: 0, torch: 0 };
    for (let r = 0; r < rounds; r++) {
      best.torch = Math.max(best.torch, cpu(python(1, [L])) ?? 0);
      best.gm = Math.max(best.gm, cpu(worker('wasm', L, '1thread')) ?? 0);
      best.row = Math.max(best.row, cpu(worker('wasm', L, 'rowMajor1thread')) ?? 0);
    }
    const f = (x, d = 0) => (x > 0 ? x.toFixed(d) : '–');
    console.log(
      `| ${L} | ${f(best.gm)} | ${f(best.row)} | ${f(best.torch)} | ${f(best.gm / best.torch, 2)}× | ${f(best.row / best.torch, 2)}× |`,
    );
  }
  process.exit(0);
}

const fmt = (x, d = 0) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '–');
const tps = (r, what = 'fwdBwd') => r?.[what]?.tokensPerS;

console.log(
  `# LSTM forward+backward (batch ${SHAPE.B}, input ${SHAPE.I}, hidden ${SHAPE.H}, seq ${SHAPE.T}), tokens/s`,
);
console.log(
  `(${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores; best of ${ROUNDS} alternating rounds, each the median of ${REPS} after a warm-up)`,
);
/** The run with the higher fwd+bwd tokens/s (errors lose). */
const better = (a, b) => ((tps(b) ?? -1) > (tps(a) ?? -1) ? b : a);
const torch = [{ layers: {} }, { layers: {} }];
const rows = [];
for (const L of [1, 2]) {
  let fused = { error: 'not run' };
  let profile = null;
  for (let r = 0; r < ROUNDS; r++) {
    const t1 = python(1, [L]);
    if (t1.error) torch[0].error = t1.error;
    else torch[0].layers[L] = better(torch[0].layers[L], t1.layers[L]);
    const w = worker('wasm', L, 'fused', { profile: L === 1 && r === 0 && !skip.has('profile') });
    profile ??= w.profile ?? null;
    fused = better(fused, w);
  }
  const t2 = python(2, [L]);
  if (t2.error) torch[1].error = t2.error;
  else torch[1].layers[L] = t2.layers[L];
  const best = Math.max(tps(torch[0].layers[L]) ?? 0, tps(torch[1].layers[L]) ?? 0);
  const bestFwd = Math.max(tps(torch[0].layers[L], 'fwd') ?? 0, tps(torch[1].layers[L], 'fwd') ?? 0);
  rows.push({
    L,
    best,
    bestFwd,
    fused,
    profile,
    one: worker('wasm', L, '1thread'),
    rowOne: worker('wasm', L, 'rowMajor1thread'),
    composite: skip.has('composite') ? { error: 'skipped' } : worker('wasm', L, 'composite'),
    gpu: skip.has('webgpu') ? { error: 'skipped' } : worker('webgpu', L, 'fused'),
  });
}
console.log(
  '| layers | glossa wasm (default threads) | glossa wasm, 1 thread | wasm, cell as composite ops | PyTorch 1 thr | PyTorch 2 thr | wasm / PyTorch best | webgpu (lavapipe) |',
);
console.log('|--:|--:|--:|--:|--:|--:|--:|--:|');
for (const r of rows) {
  console.log(
    `| ${r.L} | ${fmt(tps(r.fused))} (${r.fused.threads ?? '?'} thr) | ${fmt(tps(r.one))} | ${fmt(tps(r.composite))} | ${fmt(tps(torch[0]?.layers?.[r.L]))} | ${fmt(tps(torch[1]?.layers?.[r.L]))} | ${fmt(tps(r.fused) / r.best, 2)}× (1 thr: ${fmt(tps(r.one) / r.best, 2)}×) | ${fmt(tps(r.gpu))} |`,
  );
}
console.log(
  '\n# The same per CPU-second, 1 thread each (process CPU time: robust to other processes on a shared machine)',
);
console.log(
  '| layers | glossa wasm, 1 thread | PyTorch, 1 thread | ratio | the same, products not split by gate (the loop before) | ratio |',
);
console.log('|--:|--:|--:|--:|--:|--:|');
const cpuTps = (r) => r?.fwdBwd?.cpuTokensPerS;
for (const r of rows) {
  const t = cpuTps(torch[0]?.layers?.[r.L]);
  console.log(
    `| ${r.L} | ${fmt(cpuTps(r.one))} | ${fmt(t)} | ${fmt(cpuTps(r.one) / t, 2)}× | ${fmt(cpuTps(r.rowOne))} | ${fmt(cpuTps(r.rowOne) / t, 2)}× |`,
  );
}
console.log('\n# Forward only (inference), tokens/s');
console.log('| layers | glossa wasm | PyTorch best (no_grad) | ratio | webgpu |');
console.log('|--:|--:|--:|--:|--:|');
for (const r of rows) {
  console.log(
    `| ${r.L} | ${fmt(tps(r.fused, 'fwd'))} | ${fmt(r.bestFwd)} | ${fmt(tps(r.fused, 'fwd') / r.bestFwd, 2)}× | ${fmt(tps(r.gpu, 'fwd'))} |`,
  );
}
console.log('\n# Does the fused LSTM cell kernel pay? (wasm, default threads, fwd+bwd ms per step)');
console.log('| layers | fused | composite ops | speed-up |');
console.log('|--:|--:|--:|--:|');
for (const r of rows) {
  console.log(
    `| ${r.L} | ${fmt(r.fused.fwdBwd?.ms)} | ${fmt(r.composite.fwdBwd?.ms)} | ${fmt(r.composite.fwdBwd?.ms / r.fused.fwdBwd?.ms, 2)}× |`,
  );
}
const prof = rows[0]?.profile;
if (prof) {
  console.log('\n# Where the time goes: one 1-layer fwd+bwd step on wasm (tf.profile, top kernels)');
  console.log('| kernel | calls | ms | share |');
  console.log('|---|--:|--:|--:|');
  for (const k of prof)
    console.log(`| ${k.name} | ${k.calls} | ${fmt(k.ms, 1)} | ${fmt(k.share * 100, 1)}% |`);
}
for (const [name, r] of [
  ['torch 1', torch[0]],
  ['torch 2', torch[1]],
  ...rows.flatMap((r) => [
    [`wasm L${r.L}`, r.fused],
    [`wasm 1thr L${r.L}`, r.one],
    [`wasm row-major 1thr L${r.L}`, r.rowOne],
    [`composite L${r.L}`, r.composite],
    [`webgpu L${r.L}`, r.gpu],
  ]),
]) {
  if (r?.error) console.log(`(${name}: ${r.error})`);
}
