#!/usr/bin/env node
// Peak memory of loadPretrained: a ~500 MB checkpoint (60 random float32 tensors) is saved with
// savePretrained as F32 and as F16, then loaded in a fresh child process per backend (cpu, wasm)
// and per file. Each child settles (imports, backend start, a warm-up load of a small file, GC),
// takes its baseline RSS, loads, and reports the peak RSS above that baseline — the larger of
// `process.memoryUsage().rss` sampled every 2 ms and `process.resourceUsage().maxRSS` — as a
// ratio of the file size. The target is ≤ 1.25 × the file for F32. An F16 file becomes float32
// tensors twice its size, so its peak is also given against the float32 result.
// Usage: node bench/pretrained-memory.bench.mjs [--quick]   (needs `pnpm build` first)
//        --quick: a 50 MB checkpoint instead of 500 MB.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const quick = process.argv.includes('--quick');
const TENSORS = 60;
const TARGET_BYTES = quick ? 50e6 : 500e6;
const MB = 1e6;

// ---------------------------------------------------------------- child: write the checkpoints
async function write(dir) {
  const core = await import('@glossa/core');
  const tf = await import('@tensorflow/tfjs-core');
  await core.useBackend('cpu', { verbose: false });
  const cols = 1024;
  const rows = Math.round(TARGET_BYTES / 4 / TENSORS / cols);
  const state = {};
  for (let i = 0; i < TENSORS; i++)
    state[`layers.${i}.weight`] = tf.randomNormal([rows, cols], 0, 0.02, 'float32', i);
  const out = {};
  for (const dtype of ['float32', 'float16']) {
    const t0 = performance.now();
    await core.savePretrained(join(dir, dtype), { config: { rows, cols, tensors: TENSORS }, state, dtype });
    out[dtype] = { seconds: (performance.now() - t0) / 1000 };
  }
  tf.dispose(Object.values(state));
  return out;
}

// ---------------------------------------------------------------- child: load one file, measure
async function load(dir, backend) {
  const core = await import('@glossa/core');
  const tf = await import('@tensorflow/tfjs-core');
  await core.useBackend(backend, { verbose: false, threads: 1 });
  // Warm up every code path once on a small folder (lazy tables, wasm kernels), then settle.
  const small = mkdtempSync(join(tmpdir(), 'glossa-mem-warm-'));
  const w = { w: tf.ones([256, 256]) };
  await core.savePretrained(small, {
    config: {},
    state: w,
    dtype: dir.endsWith('float16') ? 'float16' : 'float32',
  });
  (await core.loadPretrained(small)).dispose();
  tf.dispose(Object.values(w));
  rmSync(small, { recursive: true, force: true });
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 50));
  }
  const baseline = process.memoryUsage().rss;
  const maxBefore = process.resourceUsage().maxRSS * 1024;
  let sampled = baseline;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage().rss);
  }, 2);
  const t0 = performance.now();
  const loaded = await core.loadPretrained(dir);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  sampled = Math.max(sampled, process.memoryUsage().rss);
  const maxAfter = process.resourceUsage().maxRSS * 1024;
  // maxRSS is the process's lifetime peak: it speaks for the load only if the load raised it.
  const peak = Math.max(sampled, maxAfter > maxBefore ? maxAfter : 0);
  let floatBytes = 0;
  for (const t of Object.values(loaded.state)) floatBytes += t.size * 4;
  globalThis.gc();
  const held = process.memoryUsage().rss - baseline;
  const tensors = Object.keys(loaded.state).length;
  loaded.dispose();
  return {
    backend,
    baseline,
    peak,
    sampledPeak: sampled,
    maxRSS: maxAfter,
    held,
    seconds,
    floatBytes,
    tensors,
  };
}

if (process.argv[2] === '--worker') {
  const [, , , task, dir, backend] = process.argv;
  const out = task === 'write' ? await write(dir) : await load(dir, backend);
  console.log(`@@${JSON.stringify(out)}`);
  process.exit(0);
}

// ---------------------------------------------------------------- parent
function child(...args) {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(import.meta.url), '--worker', ...args, ...(quick ? ['--quick'] : [])],
    { encoding: 'utf8', timeout: 900_000, env: { ...process.env, GLOSSA_WASM_THREADS: '1' } },
  );
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('@@'));
  if (!line)
    return { error: (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(line.slice(2));
}

const fileBytes = (dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.safetensors'))
    .reduce((a, f) => a + statSync(join(dir, f)).size, 0);
const mb = (x) => `${(x / MB).toFixed(0)} MB`;

const root = mkdtempSync(join(tmpdir(), 'glossa-mem-'));
try {
  console.log(`# loadPretrained peak memory (${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version})`);
  const wrote = child('write', root);
  if (wrote.error) throw new Error(`writing the checkpoints failed: ${wrote.error}`);
  const rows = [];
  for (const dtype of ['float32', 'float16']) {
    const dir = join(root, dtype);
    const size = fileBytes(dir);
    console.log(
      `\n${dtype === 'float32' ? 'F32' : 'F16'} file: ${mb(size)} (${TENSORS} tensors), saved in ${wrote[dtype].seconds.toFixed(1)} s`,
    );
    for (const backend of ['cpu', 'wasm']) {
      const r = child('load', dir, backend);
      if (r.error) {
        console.log(`  ${backend}: ${r.error}`);
        continue;
      }
      const above = r.peak - r.baseline;
      const row = {
        file: dtype === 'float32' ? 'F32' : 'F16',
        backend,
        'file MB': +(size / MB).toFixed(0),
        'float32 result MB': +(r.floatBytes / MB).toFixed(0),
        'baseline MB': +(r.baseline / MB).toFixed(0),
        'peak − baseline MB': +(above / MB).toFixed(0),
        '× file': +(above / size).toFixed(3),
        '× float32 result': +(above / r.floatBytes).toFixed(3),
        'held after load MB': +(r.held / MB).toFixed(0),
        's to load': +r.seconds.toFixed(2),
      };
      rows.push(row);
      console.log(
        `  ${backend.padEnd(4)} peak − baseline ${mb(above)} = ${row['× file']} × file, ${row['× float32 result']} × float32 result ` +
          `(sampled ${mb(r.sampledPeak - r.baseline)}, maxRSS ${mb(r.maxRSS - r.baseline)}); held after load ${mb(r.held)}; ${row['s to load']} s`,
      );
    }
  }
  console.log('');
  console.table(rows);
  const f32 = rows.filter((r) => r.file === 'F32');
  const ok = f32.length === 2 && f32.every((r) => r['× file'] <= 1.25);
  console.log(`F32 target (peak ≤ 1.25 × file on cpu and wasm): ${ok ? 'met' : 'NOT met'}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
