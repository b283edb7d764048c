// Measurement bodies for core.bench.mjs (one per child process). Not a *.bench.mjs entry.

import { useBackend } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { batchOf, buildLm } from './core-lm-model.mjs';

/**
 * Mean ms per call of `fn` after `warmup` calls. `readEach`: read every result back (a training step's
 * scalar loss, as PyTorch's `.item()`); otherwise only the last (large matMul outputs, whose read-back
 * would dominate).
 */
async function time(fn, reps, { warmup = 2, readEach = false } = {}) {
  for (let i = 0; i < warmup; i++) {
    const r = fn();
    await r.data(); // warm up (and sync webgpu)
    r.dispose();
  }
  const t0 = performance.now();
  let last;
  for (let i = 0; i < reps; i++) {
    if (last) last.dispose();
    last = fn();
    if (readEach) await last.data();
  }
  await last.data();
  last.dispose();
  return (performance.now() - t0) / reps;
}

/**
 * Median ms of one call of `fn` (after 2 warm-up calls). wasm and cpu compute synchronously inside the
 * call; webgpu is synchronised by reading the result back.
 */
async function medianMs(fn, reps, backend) {
  const times = [];
  for (let i = 0; i < reps + 2; i++) {
    const t0 = performance.now();
    const r = fn();
    if (backend === 'webgpu') await r.data();
    const dt = performance.now() - t0;
    r.dispose();
    if (i >= 2) times.push(dt);
  }
  times.sort((x, y) => x - y);
  return times[Math.floor(times.length / 2)];
}

async function matmulRates(backend, quick) {
  const n = backend === 'cpu' ? 256 : 1024;
  const reps = backend === 'wasm' ? (quick ? 3 : 8) : 2;
  const out = {};
  if (n !== 1024) out.note = `${backend}: 1024 variants measured at ${n}×${n} (too slow at 1024)`;
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  const f = 2 * n ** 3;
  const rate = async (fn, flops, r = reps) => flops / (await medianMs(fn, r, backend)) / 1e6;
  out['matMul 1024'] = await rate(() => tf.matMul(a, b), f);
  out['matMul 1024 transposeA'] = await rate(() => tf.matMul(a, b, true, false), f);
  out['matMul 1024 transposeB'] = await rate(() => tf.matMul(a, b, false, true), f);
  const q = tf.randomNormal([64, 128, 32]);
  const k = tf.randomNormal([64, 128, 32]);
  const p = tf.randomNormal([64, 128, 128]);
  const bf = 2 * 64 * 128 * 128 * 32;
  out['batched QKᵀ 64×128×32'] = await rate(() => tf.matMul(q, k, false, true), bf);
  out['batched PV 64×128×128·128×32'] = await rate(() => tf.matMul(p, q), bf);
  const x2 = tf.randomNormal([8192, 32]);
  const w2 = tf.randomNormal([32, 128]);
  out['2-D 8192×32·32×128'] = await rate(() => tf.matMul(x2, w2), 2 * 8192 * 32 * 128);
  tf.dispose([a, b, q, k, p, x2, w2]);
  // 2-layer MLP Adam step.
  const w1 = tf.variable(tf.randomNormal([784, 256], 0, 0.05));
  const b1 = tf.variable(tf.zeros([256]));
  const wo = tf.variable(tf.randomNormal([256, 10], 0, 0.05));
  const bo = tf.variable(tf.zeros([10]));
  const xb = tf.randomNormal([128, 784]);
  const yb = tf.oneHot(tf.randomUniform([128], 0, 10, 'int32'), 10);
  const opt = tf.train.adam(1e-3);
  const step = () =>
    opt.minimize(() => {
      const logits = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(xb, w1), b1)), wo), bo);
      return tf.neg(tf.mean(tf.sum(tf.mul(yb, tf.logSoftmax(logits)), -1)));
    }, true);
  out['mlp ms/step'] = await time(step, backend === 'wasm' ? 30 : 5, { readEach: true });
  return out;
}

async function lmRun(quick) {
  const model = buildLm(tf);
  const { ids, targets } = batchOf(tf);
  const steps = quick ? 3 : 10;
  const msPerStep = await time(() => model.step(ids, targets), steps, { readEach: true });
  const prof = await tf.profile(() => {
    const l = model.step(ids, targets);
    return l;
  });
  const byName = new Map();
  for (const k of prof.kernels) {
    const e = byName.get(k.name) ?? { name: k.name, calls: 0, ms: 0 };
    e.calls++;
    e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    byName.set(k.name, e);
  }
  const total = [...byName.values()].reduce((s, e) => s + e.ms, 0);
  const profile = [...byName.values()]
    .sort((x, y) => y.ms - x.ms)
    .slice(0, 10)
    .map((e) => ({ ...e, share: e.ms / total }));
  return {
    params: model.params,
    tokens_per_s: (16 * 128 * 1000) / msPerStep,
    ms_per_step: msPerStep,
    profile,
  };
}

/** Attention-shaped slices, splits and transposes (ms per call, best of 10). */
async function shapeOps() {
  const x5 = tf.randomNormal([16, 128, 3, 4, 32]);
  const x4 = tf.randomNormal([16, 128, 4, 32]);
  const x2 = tf.randomNormal([2048, 384]);
  const best = (fn) => {
    tf.dispose(fn());
    let m = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const r = fn();
      tf.dispose(r);
      m = Math.min(m, performance.now() - t0);
    }
    return m;
  };
  const out = {
    'split [16,128,3,4,32] axis 2 (rank 5)': best(() => tf.split(x5, 3, 2)),
    'slice rank 5 [16,128,1,4,32] of it': best(() => tf.slice(x5, [0, 0, 1, 0, 0], [16, 128, 1, 4, 32])),
    'slice rank 4 [16,64,4,32] of [16,128,4,32]': best(() => tf.slice(x4, [0, 32, 0, 0], [16, 64, 4, 32])),
    'split [2048,384] axis 1 (2-D q,k,v)': best(() => tf.split(x2, 3, 1)),
    'transpose [16,128,4,32] → [0,2,1,3]': best(() => tf.transpose(x4, [0, 2, 1, 3])),
  };
  tf.dispose([x5, x4, x2]);
  return out;
}

/** Runs one measurement on `backend`; `stock` keeps tfjs's own kernels where glossa has faster ones. */
export async function runWorker(task, backend, mode, quick) {
  const stock = mode === 'stock';
  // stock: tfjs's kernels, 1 thread (tfjs's Node default); 1thread / 2threads: glossa's kernels with that
  // many threads; fast: glossa's defaults.
  const threads = stock || mode === '1thread' ? 1 : mode === '2threads' ? 2 : undefined;
  let info;
  try {
    info = await useBackend(backend, { verbose: false, fastKernels: !stock, threads });
  } catch (e) {
    return { error: `${backend} unavailable: ${e.message}` };
  }
  const extra = { threads: info.threads ?? 1 };
  if (task === 'matmul') return { ...(await matmulRates(backend, quick)), ...extra };
  if (task === 'shapes') return { ...(await shapeOps()), ...extra };
  if (task === 'lm') return { ...(await lmRun(quick)), ...extra };
  return { error: `unknown task ${task}` };
}
