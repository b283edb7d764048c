#!/usr/bin/env node
// Multi-head attention: forward+backward time on wasm (and webgpu) versus PyTorch CPU on the same
// machine, KV-cached decode time per token versus prefix length, the O(T²) → O(T·w) / O(T·k) scaling
// of the sliding-window and Linformer options, and where the wasm time goes (tf.profile per kernel).
//
//   pnpm --filter @glossa/core --filter @glossa/attention build
//   node bench/attention.bench.mjs                      # B 8, H 8, d 256, T 128/512/1024
//   BENCH_SEQS=128,512 BENCH_WEBGPU_SEQS=128 node bench/attention.bench.mjs
//
// Env: BENCH_SEQS (wasm), BENCH_WEBGPU_SEQS (default 128: lavapipe is a CPU rasteriser),
// BENCH_SKIP=python,webgpu,decode,scaling,profile to leave parts out.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { causalMask, KVCache, MultiHeadAttention } from '@glossa/attention';
import { Generator, useBackend } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';

const here = dirname(fileURLToPath(import.meta.url));
const list = (v, d) => (v ? v.split(',').map(Number) : d);
const SEQS = list(process.env.BENCH_SEQS, [128, 512, 1024]);
const GPU_SEQS = list(process.env.BENCH_WEBGPU_SEQS, [128]);
const DECODE = [128, 512, 1024, 2048];
const skip = new Set((process.env.BENCH_SKIP ?? '').split(','));
const [B, H, E] = [8, 8, 256];
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

async function timeIt(fn, reps) {
  await fn(); // warm-up (kernel compilation, allocation)
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function randn(shape, seed) {
  const g = new Generator(seed);
  return tf.tensor(g.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1))), shape);
}

/** One training step's attention work: causal self-attention forward, sum, backward (input + params). */
async function fwdBwd(backend, T) {
  await useBackend(backend, { verbose: false });
  const attn = new MultiHeadAttention({ embedDim: E, numHeads: H, generator: new Generator(0) });
  const x = tf.variable(randn([B, T, E], 1));
  const mask = causalMask(T);
  const vars = [x, ...Object.values(attn.trainableParameters())];
  const step = async () => {
    const { value, grads } = tf.variableGrads(
      () => tf.sum(attn.forward({ query: x, attnMask: mask, needWeights: false }).output),
      vars,
    );
    await value.data();
    tf.dispose([value, ...Object.values(grads)]);
  };
  const ms = await timeIt(step, T >= 1024 ? 1 : 2);
  tf.dispose([x, mask]);
  attn.dispose();
  return ms;
}

function python(config) {
  const py = '/usr/bin/python3';
  if (!existsSync(py)) return { error: 'no /usr/bin/python3' };
  const r = spawnSync(py, [join(here, 'python', 'attention_mha.py'), JSON.stringify(config)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) return { error: r.stderr.trim().split('\n').pop() };
  return JSON.parse(r.stdout);
}

async function decode(backend) {
  await useBackend(backend, { verbose: false });
  const attn = new MultiHeadAttention({ embedDim: E, numHeads: H, generator: new Generator(0) });
  attn.eval();
  const rows = [];
  for (const L of DECODE) {
    const prefix = randn([1, L, E], 2);
    const x = randn([1, 1, E], 3);
    const cache = new KVCache();
    tf.dispose(attn.forward({ query: prefix, isCausal: true, cache, needWeights: false }).output);
    const n = 20;
    const cached = await timeIt(async () => {
      // Decode n tokens, then drop them again so every run sees prefix length L.
      const keep = { k: tf.clone(cache.keys), v: tf.clone(cache.values) };
      for (let i = 0; i < n; i++) {
        const { output } = attn.forward({ query: x, cache, needWeights: false });
        await output.data();
        output.dispose();
      }
      cache.dispose();
      cache.append(keep.k, keep.v);
      tf.dispose([keep.k, keep.v]);
    }, 2);
    const full = await timeIt(async () => {
      const { output } = attn.forward({ query: prefix, isCausal: true, needWeights: false });
      await output.data();
      output.dispose();
    }, 1);
    rows.push({ L, cachedMs: cached / n, fullMs: full });
    cache.dispose();
    tf.dispose([prefix, x]);
  }
  attn.dispose();
  return rows;
}

async function scaling(backend) {
  await useBackend(backend, { verbose: false });
  const variants = [
    ['dense causal', {}, { isCausal: true }],
    ['sliding window 128', { slidingWindow: { window: 128, causal: true } }, {}],
    ['linformer k=128', { linformer: { maxSeqLen: 4096, projectedLength: 128 } }, {}],
  ];
  const rows = [];
  for (const T of [512, 1024, 2048, 4096]) {
    const x = randn([1, T, E], 4);
    const row = { T };
    for (const [name, opts, args] of variants) {
      const attn = new MultiHeadAttention({ embedDim: E, numHeads: H, generator: new Generator(0), ...opts });
      attn.eval();
      const run = () => attn.forward({ query: x, needWeights: false, ...args }).output;
      const prof = await tf.profile(() => run());
      tf.dispose(prof.result);
      const ms = await timeIt(async () => {
        const y = run();
        await y.data();
        y.dispose();
      }, 1);
      row[name] = { ms, peakMB: prof.peakBytes / 2 ** 20 };
      attn.dispose();
    }
    rows.push(row);
    x.dispose();
  }
  return rows;
}

/** Where the wasm time goes: kernel time by kernel name for one forward+backward at T. */
async function profile(backend, T) {
  await useBackend(backend, { verbose: false });
  const attn = new MultiHeadAttention({ embedDim: E, numHeads: H, generator: new Generator(0) });
  const x = tf.variable(randn([B, T, E], 1));
  const mask = causalMask(T);
  const vars = [x, ...Object.values(attn.trainableParameters())];
  const f = () => {
    const { value, grads } = tf.variableGrads(
      () => tf.sum(attn.forward({ query: x, attnMask: mask, needWeights: false }).output),
      vars,
    );
    return [value, ...Object.values(grads)];
  };
  tf.dispose(f());
  const info = await tf.profile(f);
  tf.dispose(info.result);
  const by = new Map();
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const e = by.get(k.name) ?? { ms: 0, n: 0 };
    e.ms += ms;
    e.n += 1;
    by.set(k.name, e);
  }
  tf.dispose([x, mask]);
  attn.dispose();
  const total = [...by.values()].reduce((a, b) => a + b.ms, 0);
  return { total, kernels: info.kernels.length, top: [...by].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8) };
}

console.log(
  `Multi-head attention forward+backward, causal self-attention, B ${B}, H ${H}, d_model ${E} (best of runs, ms)`,
);
const py = skip.has('python')
  ? { error: 'skipped' }
  : python({ batch: B, heads: H, dModel: E, seqs: SEQS, threads: [1, 2], decodeLens: DECODE });
if (py.error) console.log(`PyTorch peer: ${py.error}`);
const header = ['T', 'wasm', 'webgpu', 'torch 1 thr', 'torch 2 thr', 'wasm / best torch'];
console.log(header.join('\t'));
for (const T of SEQS) {
  const wasm = await fwdBwd('wasm', T);
  let gpu = '-';
  if (!skip.has('webgpu') && GPU_SEQS.includes(T)) {
    gpu = await fwdBwd('webgpu', T).then(fmt, (e) => `n/a (${e.message.slice(0, 40)})`);
  }
  const t1 = py.fwdBwd?.['1']?.[T];
  const t2 = py.fwdBwd?.['2']?.[T];
  const bestTorch = Math.min(t1 ?? Number.POSITIVE_INFINITY, t2 ?? Number.POSITIVE_INFINITY);
  const ratio = Number.isFinite(bestTorch) ? `${(wasm / bestTorch).toFixed(1)}×` : '-';
  console.log([T, fmt(wasm), gpu, t1 ? fmt(t1) : '-', t2 ? fmt(t2) : '-', ratio].join('\t'));
}

if (!skip.has('decode')) {
  console.log(
    '\nKV-cached decoding, B 1, one token per step (ms per token) vs recomputing the whole prefix (wasm)',
  );
  console.log(['prefix L', 'cached', 'full recompute', 'torch cached (1 thr)'].join('\t'));
  for (const r of await decode('wasm')) {
    const t = py.decode?.[r.L];
    console.log([r.L, r.cachedMs.toFixed(2), fmt(r.fullMs), t ? t.toFixed(2) : '-'].join('\t'));
  }
}

if (!skip.has('scaling')) {
  console.log(
    '\nForward time (ms) and peak tensor memory (MB), B 1, H 8, d 256, wasm: dense vs sliding window vs Linformer',
  );
  const rows = await scaling('wasm');
  const names = Object.keys(rows[0]).filter((k) => k !== 'T');
  console.log(['T', ...names.flatMap((n) => [`${n} ms`, 'MB'])].join('\t'));
  for (const r of rows)
    console.log([r.T, ...names.flatMap((n) => [fmt(r[n].ms), r[n].peakMB.toFixed(0)])].join('\t'));
}

if (!skip.has('profile')) {
  const T = 512;
  const p = await profile('wasm', T);
  console.log(
    `\nwasm forward+backward at T ${T}: ${p.kernels} kernels, ${fmt(p.total)} ms kernel time; top kernels:`,
  );
  for (const [name, e] of p.top)
    console.log(
      `  ${name.padEnd(22)} ${fmt(e.ms).padStart(7)} ms  ${((100 * e.ms) / p.total).toFixed(0).padStart(3)}%  (${e.n} calls)`,
    );
}
