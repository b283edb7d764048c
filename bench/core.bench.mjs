#!/usr/bin/env node
// @glossa/core speed versus PyTorch (Debian python3-torch, OpenBLAS), side by side in one run:
//   matMul GFLOP/s (plain, transposed, batched) on cpu/wasm/webgpu, a 2-layer MLP Adam step, the
//   reference Transformer LM training step (tokens/s, glossa on wasm vs PyTorch 1 and 2 threads),
//   and a per-kernel profile of one LM step with glossa's kernels and with tfjs's stock ones.
// Each measurement runs in a child process (kernel registrations are process-wide).
// Usage: node bench/core.bench.mjs [--quick]      (needs `pnpm build` first)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const PY = '/usr/bin/python3';
const quick = process.argv.includes('--quick');

if (process.argv[2] === '--worker') {
  const { runWorker } = await import('./core-worker.mjs');
  console.log(
    `@@${JSON.stringify(await runWorker(process.argv[3], process.argv[4], process.argv[5], quick))}`,
  );
  process.exit(0);
}

function worker(task, backend, mode = 'fast') {
  const r = spawnSync(
    process.execPath,
    [fileURLToPath(import.meta.url), '--worker', task, backend, mode, ...(quick ? ['--quick'] : [])],
    {
      encoding: 'utf8',
      timeout: 600_000,
    },
  );
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('@@'));
  if (!line)
    return { error: (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(line.slice(2));
}

function python(script, ...args) {
  if (!existsSync(PY)) return { error: `${PY} not found` };
  const r = spawnSync(PY, [join(here, 'python', script), ...args.map(String)], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    return { error: (r.stderr || 'no output').trim().split('\n').pop() };
  }
}

const fmt = (x, d = 1) => (typeof x === 'number' ? x.toFixed(d) : String(x ?? '–'));

console.log('# matMul GFLOP/s (float32) and 2-layer MLP step (784→256→10, batch 128, Adam)');
const torchMm = [python('core_matmul.py', 1), python('core_matmul.py', 2)];
const gl = Object.fromEntries(['wasm', 'cpu', 'webgpu'].map((b) => [b, worker('matmul', b)]));
const glStock = worker('matmul', 'wasm', 'stock');
const gl1 = worker('matmul', 'wasm', '1thread');
const variants = Object.keys(gl.wasm).filter((k) => !['error', 'mlp ms/step', 'note', 'threads'].includes(k));
console.log(`(glossa wasm: default ${gl.wasm.threads} thread(s); stock tfjs wasm: 1 thread)`);
console.log(
  `| variant | wasm (glossa, ${gl.wasm.threads} thr) | wasm (glossa, 1 thr) | wasm (stock tfjs) | cpu | webgpu | PyTorch 1 thr | PyTorch 2 thr | wasm/PyTorch best |`,
);
console.log('|---|--:|--:|--:|--:|--:|--:|--:|--:|');
for (const v of [...variants, 'mlp ms/step']) {
  const best =
    v === 'mlp ms/step' ? Math.min(torchMm[0][v], torchMm[1][v]) : Math.max(torchMm[0][v], torchMm[1][v]);
  const ratio = v === 'mlp ms/step' ? best / gl.wasm[v] : gl.wasm[v] / best;
  console.log(
    `| ${v} | ${fmt(gl.wasm[v])} | ${fmt(gl1[v])} | ${fmt(glStock[v])} | ${fmt(gl.cpu[v])} | ${fmt(gl.webgpu[v])} | ${fmt(torchMm[0][v])} | ${fmt(torchMm[1][v])} | ${fmt(ratio, 2)}× |`,
  );
}
for (const [name, r] of Object.entries({
  ...gl,
  'wasm stock': glStock,
  'torch 1': torchMm[0],
  'torch 2': torchMm[1],
})) {
  if (r.error) console.log(`(${name}: ${r.error})`);
  if (r.note) console.log(`(${name}: ${r.note})`);
}

console.log(
  '\n# Transformer LM training step (vocab 256, d 128, 4 heads, 2 layers, FF 512, seq 128, batch 16, Adam)',
);
const steps = quick ? 3 : 10; // after 2 warm-up steps, as in core-worker.mjs
const torchLm = [python('core_lm.py', 1, steps), python('core_lm.py', 2, steps)];
const lm = worker('lm', 'wasm');
const lm1 = worker('lm', 'wasm', '1thread');
const lmStock = worker('lm', 'wasm', 'stock');
const bestTorch = Math.max(torchLm[0].tokens_per_s ?? 0, torchLm[1].tokens_per_s ?? 0);
console.log('| run | params | tokens/s | ms/step | ratio to PyTorch best |');
console.log('|---|--:|--:|--:|--:|');
for (const [name, r] of [
  [`glossa wasm, default (${lm.threads} thread${lm.threads === 1 ? '' : 's'})`, lm],
  ['glossa wasm, 1 thread', lm1],
  ['stock tfjs wasm, 1 thread (+ gradients, UnsortedSegmentSum)', lmStock],
  ['PyTorch 1 thread', torchLm[0]],
  ['PyTorch 2 threads', torchLm[1]],
]) {
  console.log(
    `| ${name} | ${r.params ?? '–'} | ${fmt(r.tokens_per_s, 0)} | ${fmt(r.ms_per_step, 0)} | ${r.tokens_per_s ? fmt(r.tokens_per_s / bestTorch, 3) : r.error}× |`,
  );
}

const w = gl.wasm;
const ratio = (x, y) => (typeof x === 'number' && typeof y === 'number' ? x / y : Number.NaN);
console.log('\n# Issue 8 targets (this run)');
console.log('| target | measured | goal |');
console.log('|---|--:|--:|');
console.log(
  `| LM tokens/s, glossa default / PyTorch best | ${fmt(ratio(lm.tokens_per_s, bestTorch), 2)}× | ≥ 0.5× |`,
);
console.log(
  `| LM tokens/s, glossa 1 thread / PyTorch best | ${fmt(ratio(lm1.tokens_per_s, bestTorch), 2)}× | |`,
);
console.log(`| matMul 1024 GFLOP/s, default threads | ${fmt(w['matMul 1024'])} | ≥ 40 |`);
for (const t of ['transposeA', 'transposeB'])
  console.log(
    `| matMul 1024 ${t} time / plain time | ${fmt(ratio(w['matMul 1024'], w[`matMul 1024 ${t}`]), 2)}× | ≤ 1.2× |`,
  );
for (const b of ['batched QKᵀ 64×128×32', 'batched PV 64×128×128·128×32'])
  console.log(
    `| ${b} rate / 2-D 8192×32·32×128 rate | ${fmt(ratio(w[b], w['2-D 8192×32·32×128']), 2)}× | ≥ 0.5× |`,
  );

for (const [name, r] of [
  ['glossa kernels', lm],
  ['stock tfjs kernels', lmStock],
]) {
  if (!r.profile) continue;
  console.log(`\n# Where the time goes: one LM step on wasm, ${name} (top kernels by total ms)`);
  console.log('| kernel | calls | total ms | share |');
  console.log('|---|--:|--:|--:|');
  for (const k of r.profile)
    console.log(`| ${k.name} | ${k.calls} | ${fmt(k.ms)} | ${fmt(k.share * 100)}% |`);
}

console.log(
  '\n# Attention-shaped slices, splits, transposes on wasm (ms per call, best of 10; 1.5 MB tensors)',
);
const sh = worker('shapes', 'wasm');
const shStock = worker('shapes', 'wasm', 'stock');
console.log('| op | glossa ms | stock tfjs ms | speed-up |');
console.log('|---|--:|--:|--:|');
for (const k of Object.keys(sh).filter((k) => k !== 'threads' && k !== 'error')) {
  console.log(`| ${k} | ${fmt(sh[k], 2)} | ${fmt(shStock[k], 2)} | ${fmt(shStock[k] / sh[k], 1)}× |`);
}
if (sh.error || shStock.error) console.log(`(${sh.error ?? shStock.error})`);
