#!/usr/bin/env node
// GPT inference at batch 1: glossa's GPT (wasm) with and without the KV cache, against ONNX Runtime
// (onnxruntime-node: native CPU; onnxruntime-web: wasm) running the same weights exported from PyTorch
// with torch.onnx.export (bench/python/gpt_onnx_export.py, past key values in and out, so ONNX Runtime
// decodes with a cache too). Two shapes, random weights (seeded, shared by all runtimes):
//   baby:       vocab 65, 4 layers, 4 heads, width 128, context 64, no biases (the Shakespeare bench's model);
//   gpt2-small: vocab 50,257, 12 layers, 12 heads, width 768, context 1024 (124M parameters).
// Figures: prefill latency (the prompt to the first token's logits, read back) and greedy decoding
// tokens/s after the first token; each is the best of --reps runs (a shared machine's noise only adds
// time). Every runtime's greedy tokens are checked against PyTorch's.
// Target: glossa's KV-cached generation ≥ onnxruntime-web's tokens/s.
//
//   pnpm build
//   node bench/gpt-inference.bench.mjs [--shapes baby,gpt2-small] [--threads 2] [--reps 2] [--dir /tmp/glossa-gpt-onnx]
//                                      [--runtimes glossa,glossa-nocache,ort-web,ort-node] [--rounds 1]
//                                      [--baseline /path/to/another/checkout]   (built; adds a glossa-base row)
// Each runtime runs in its own child process (thread pools and kernel registrations are process-wide).
// `--rounds N` runs the runtimes N times in turn (glossa, ort-web, glossa, ort-web, …: on a shared
// machine the load drifts, so alternating keeps the comparison fair); the summary takes each runtime's
// best round, and the ratio of every round is printed too.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const PY = '/usr/bin/python3';
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? dflt : process.argv[i + 1];
};
const RUNS = {
  baby: { prompt: 16, newTokens: 48 },
  'gpt2-small': { prompt: 32, newTokens: 16 },
};

// ─────────────────────────────────────────── workers ───────────────────────────────────────────
if (process.argv[2] === '--worker') {
  const [, , , runtime, dir, threadsArg, repsArg] = process.argv;
  const ref = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8'));
  const run = { ...RUNS[ref.shape], threads: Number(threadsArg), reps: Number(repsArg), ref, dir };
  const body = runtime.startsWith('glossa') ? glossaWorker : ortWorker;
  console.log(`@@${JSON.stringify(await body(runtime, run))}`);
  process.exit(0);
}

/**
 * Best-of-reps figures from per-run timings `{ prefill, decode, prefillCpu, decodeCpu, tokens }` (ms).
 * CPU time is this process's (every thread): on a shared machine wall time mostly measures the
 * neighbours, CPU time much less so (at 1 thread it is the work done).
 */
function summarise(runs, newTokens) {
  const best = (k) => Math.min(...runs.map((r) => r[k]));
  return {
    prefillMs: best('prefill'),
    tokensPerSec: (newTokens - 1) / (best('decode') / 1000),
    prefillCpuMs: best('prefillCpu'),
    tokensPerCpuSec: (newTokens - 1) / (best('decodeCpu') / 1000),
    tokens: runs[0].tokens,
  };
}

/** One generation's clock: `token(t)` as each token arrives; `result()` → `{ prefill, decode, prefillCpu, decodeCpu, tokens }`. */
function timedRun() {
  const [start, cpu0] = [performance.now(), process.cpuUsage()];
  const [times, cpus, tokens] = [[], [], []];
  return {
    token(t) {
      tokens.push(t);
      times.push(performance.now());
      cpus.push(cpuMs(cpu0));
    },
    result: () => ({
      prefill: times[0] - start,
      decode: times.at(-1) - times[0],
      prefillCpu: cpus[0],
      decodeCpu: cpus.at(-1) - cpus[0],
      tokens,
    }),
  };
}

/** Milliseconds of CPU (user + system, every thread of this process) since `since` (process.cpuUsage()). */
function cpuMs(since) {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
}

async function glossaWorker(runtime, { dir, prompt: P, newTokens: N, threads, reps, ref }) {
  // 'glossa-base': the same run on another checkout's build (--baseline DIR), for before/after tables.
  const base = runtime === 'glossa-base' ? process.env.GLOSSA_BENCH_BASELINE : undefined;
  const from = (pkg) => (base ? join(base, 'packages', pkg, 'dist', 'index.js') : `@glossa/${pkg}`);
  const { useBackend } = await import(from('core'));
  const { GPT } = await import(from('transformers'));
  const tf = await import('@tensorflow/tfjs-core');
  await useBackend('wasm', { verbose: false, threads });
  const t0 = performance.now();
  const gpt = await GPT.fromPretrained(join(dir, 'glossa'));
  const loadMs = performance.now() - t0;
  const promptIds = ref.prompt.slice(0, P);
  while (promptIds.length < P) promptIds.push((7 * promptIds.length + 3) % gpt.config.vocabSize);
  const ids = tf.tensor2d(promptIds, [1, P], 'int32');
  const runs = [];
  for (let r = 0; r < reps + 1; r++) {
    const run = timedRun();
    if (runtime !== 'glossa-nocache') {
      // KV cache: core's generate loop through GPT's step; a chunk per token (logits read back each step).
      for await (const { tokens: t } of gpt.generateStream(ids, { maxNewTokens: N })) {
        run.token(t[0]);
      }
    } else {
      // No cache: the whole sequence through forward() for every token (nanoGPT's generate).
      const seq = [...promptIds];
      for (let i = 0; i < N; i++) {
        const next = tf.tidy(() => {
          const x = tf.tensor2d(seq, [1, seq.length], 'int32');
          const { logits } = gpt.forward(x);
          return tf.argMax(tf.reshape(tf.slice(logits, [0, seq.length - 1, 0], [1, 1, -1]), [-1]));
        });
        const t = (await next.data())[0];
        next.dispose();
        seq.push(t);
        run.token(t);
      }
    }
    if (r > 0) runs.push(run.result());
  }
  ids.dispose();
  gpt.dispose();
  return { ...summarise(runs, N), loadMs, threads };
}

async function ortWorker(runtime, { dir, prompt: P, newTokens: N, threads, reps, ref }) {
  const ort =
    runtime === 'ort-node' ? (await import('onnxruntime-node')).default : await import('onnxruntime-web');
  const options = { graphOptimizationLevel: 'all' };
  if (runtime === 'ort-node') {
    options.intraOpNumThreads = threads;
    options.interOpNumThreads = 1;
    options.executionProviders = ['cpu'];
  } else {
    ort.env.wasm.numThreads = threads;
    options.executionProviders = ['wasm'];
  }
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(join(dir, 'model.onnx'), options);
  const loadMs = performance.now() - t0;
  const { layers: L, heads: H, width } = ref.config;
  const D = width / H;
  const promptIds = ref.prompt.slice(0, P);
  while (promptIds.length < P) promptIds.push((7 * promptIds.length + 3) % ref.config.vocab);
  const argmax = (a) => {
    let best = 0;
    for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
    return best;
  };
  const runs = [];
  for (let r = 0; r < reps + 1; r++) {
    const run = timedRun();
    let pk = new ort.Tensor('float32', new Float32Array(0), [L, 1, H, 0, D]);
    let pv = new ort.Tensor('float32', new Float32Array(0), [L, 1, H, 0, D]);
    let input = new ort.Tensor('int64', BigInt64Array.from(promptIds, BigInt), [1, P]);
    for (let i = 0; i < N; i++) {
      const out = await session.run({ input_ids: input, past_keys: pk, past_values: pv });
      const t = argmax(out.logits.data);
      pk = out.present_keys;
      pv = out.present_values;
      input = new ort.Tensor('int64', BigInt64Array.from([BigInt(t)]), [1, 1]);
      run.token(t);
    }
    if (r > 0) runs.push(run.result());
  }
  await session.release?.();
  return { ...summarise(runs, N), loadMs, threads };
}

// ──────────────────────────────────────────── driver ────────────────────────────────────────────
function child(runtime, dir, threads, reps) {
  const r = spawnSync(
    process.execPath,
    [fileURLToPath(import.meta.url), '--worker', runtime, dir, String(threads), String(reps)],
    {
      encoding: 'utf8',
      timeout: 1_800_000,
      maxBuffer: 1 << 26,
      env: { ...process.env, GLOSSA_WASM_THREADS: String(threads), GLOSSA_BENCH_BASELINE: baseline ?? '' },
    },
  );
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('@@'));
  if (!line)
    return {
      error: (r.stderr || r.stdout || `exit ${r.status}`)
        .trim()
        .split('\n')
        .slice(-3)
        .join(' ')
        .slice(0, 300),
    };
  return JSON.parse(line.slice(2));
}

const shapes = String(arg('shapes', 'baby,gpt2-small')).split(',');
const threads = Number(arg('threads', process.env.GLOSSA_WASM_THREADS ?? 2));
const reps = Number(arg('reps', 2));
const rounds = Number(arg('rounds', 1));
const baseline = arg('baseline', undefined);
const runtimes = String(
  arg('runtimes', `${baseline ? 'glossa-base,' : ''}glossa,glossa-nocache,ort-web,ort-node`),
).split(',');
const root = arg('dir', join(tmpdir(), 'glossa-gpt-onnx'));
const f = (x, d = 1) => (typeof x === 'number' ? x.toFixed(d) : '–');

console.log(`# GPT inference, batch 1, greedy; ${threads} thread(s) for every runtime; best of ${reps} runs`);
for (const shape of shapes) {
  const dir = join(root, shape);
  if (!existsSync(join(dir, 'reference.json'))) {
    const r = spawnSync(PY, [join(here, 'python', 'gpt_onnx_export.py'), dir, shape], {
      encoding: 'utf8',
      timeout: 1_800_000,
    });
    const line = (r.stdout ?? '').trim().split('\n').pop();
    let ref;
    try {
      ref = JSON.parse(line);
    } catch {
      console.log(`\n## ${shape}: export failed: ${(r.stderr || 'no output').trim().split('\n').pop()}`);
      continue;
    }
    const c = JSON.parse(readFileSync(join(dir, 'glossa', 'config.json'), 'utf8'));
    ref.config = { vocab: c.vocabSize, layers: c.nLayer, heads: c.nHead, width: c.nEmbd };
    writeFileSync(join(dir, 'reference.json'), JSON.stringify(ref));
  }
  const ref = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8'));
  const { prompt, newTokens } = RUNS[shape];
  const roundRatios = [];
  console.log(
    `\n## ${shape}: ${(ref.params / 1e6).toFixed(2)}M parameters, prompt ${prompt} tokens, ${newTokens} new tokens` +
      ` (ONNX: ${(ref.onnxBytes / 1e6).toFixed(1)} MB, exported with past key values by PyTorch ${ref.torch} in ${f(ref.exportSeconds)} s)`,
  );
  console.log(
    '| runtime | load ms | prefill ms | greedy tokens/s | prefill CPU ms | tokens per CPU-s | first 8 tokens = PyTorch |\n|---|--:|--:|--:|--:|--:|---|',
  );
  const rows = {};
  const better = (a, b) => ({
    ...a,
    tokensPerSec: Math.max(a.tokensPerSec, b.tokensPerSec),
    tokensPerCpuSec: Math.max(a.tokensPerCpuSec, b.tokensPerCpuSec),
    prefillMs: Math.min(a.prefillMs, b.prefillMs),
    prefillCpuMs: Math.min(a.prefillCpuMs, b.prefillCpuMs),
  });
  for (let round = 1; round <= rounds; round++) {
    const now = {};
    for (const [name, runtime] of [
      [`glossa wasm, KV cache, baseline ${baseline}`, 'glossa-base'],
      ['glossa wasm, KV cache (generateStream)', 'glossa'],
      ['glossa wasm, no cache (forward per token)', 'glossa-nocache'],
      ['onnxruntime-web (wasm)', 'ort-web'],
      ['onnxruntime-node (native CPU)', 'ort-node'],
    ].filter(([, r]) => runtimes.includes(r))) {
      const r = child(runtime, dir, threads, reps);
      const label = rounds > 1 ? `${name}, round ${round}` : name;
      if (r.error) {
        console.log(`| ${label} | error: ${r.error} | | | | | |`);
        continue;
      }
      now[runtime] = r;
      rows[runtime] = rows[runtime] ? better(rows[runtime], r) : r;
      const same = ref.greedy.every((t, i) => r.tokens[i] === t);
      console.log(
        `| ${label} | ${f(r.loadMs, 0)} | ${f(r.prefillMs)} | ${f(r.tokensPerSec)} | ${f(r.prefillCpuMs)} | ${f(r.tokensPerCpuSec)} | ${same ? 'yes' : `no: ${r.tokens.slice(0, 8)}`} |`,
      );
    }
    if (now['glossa-base'] && now.glossa)
      console.log(
        `glossa / baseline this round: ${(now.glossa.tokensPerSec / now['glossa-base'].tokensPerSec).toFixed(2)}× tokens/s, ${(now.glossa.tokensPerCpuSec / now['glossa-base'].tokensPerCpuSec).toFixed(2)}× per CPU-second`,
      );
    if (rounds > 1 && now.glossa && now['ort-web'])
      roundRatios.push([
        now.glossa.tokensPerSec / now['ort-web'].tokensPerSec,
        now.glossa.tokensPerCpuSec / now['ort-web'].tokensPerCpuSec,
      ]);
  }
  const g = rows.glossa;
  const ratio = (a, b, k = 'tokensPerSec') =>
    a && b && !a.error && !b.error ? `${(a[k] / b[k]).toFixed(2)}×` : '–';
  console.log(
    `glossa KV-cached tokens/s: ${ratio(g, rows['glossa-nocache'])} its uncached rate, ${ratio(g, rows['ort-web'])} onnxruntime-web's` +
      ` (target ≥ 1×), ${ratio(g, rows['ort-node'])} onnxruntime-node's; per CPU-second: ` +
      `${ratio(g, rows['ort-web'], 'tokensPerCpuSec')} onnxruntime-web's, ${ratio(g, rows['ort-node'], 'tokensPerCpuSec')} onnxruntime-node's` +
      (rounds > 1 ? ' (best round of each)' : ''),
  );
  if (roundRatios.length > 0)
    console.log(
      `glossa / onnxruntime-web per round, tokens/s (per CPU-second): ${roundRatios.map(([w, c]) => `${w.toFixed(2)}× (${c.toFixed(2)}×)`).join(', ')}`,
    );
}
