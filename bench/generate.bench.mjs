#!/usr/bin/env node
// Generation loop overhead: what core's `generate` adds per token on top of the model — building
// the step's input tensors, reading the [B, V] logits back, logits processors, selection, beams —
// measured with a dummy model whose step returns precomputed logits, against the step time of a
// representative cached model on the same backend (per token, logits read back included):
//   - baby GPT: vocab 65, 4 layers, width 128, 4 heads (char-level Shakespeare size);
//   - GPT-2-small-shaped: vocab 50,257, width 768, 12 heads, 2 layers + the 768×50,257 head
//     (GPT-2 small has 12 layers: its steps are ~3× longer, so the ratios here are pessimistic).
// Both use @glossa/attention's MultiHeadAttention with a KVCache per layer after a 32-token prompt.
// The target is overhead < 5 % of the step. Each row runs rounds of (model steps, dummy loop) back to
// back and reports the best step and best loop (and their ratio), and the median of the rounds'
// ratios; CPU time of this process (process.cpuUsage) beside wall time: on a shared machine the CPU
// time is the stabler measure. For CPU time to compare work with work, wasm runs one thread unless
// BENCH_THREADS says otherwise. "read" is the part of the loop that reads the [B, V] logits back
// (tfjs's data(); the step time includes it too), "w/o read" the loop without it. With beams,
// "reorder" is the model's own cost of gathering its KV caches by beam each step
// (KVCache.reorder), which the dummy does not have.
//
//   pnpm --filter @glossa/core --filter @glossa/attention build
//   node bench/generate.bench.mjs      BENCH_BACKEND=wasm (default) | cpu   BENCH_THREADS=1   BENCH_QUICK=1
import { KVCache, MultiHeadAttention } from '@glossa/attention';
import { Generator, gelu, generate, layerNorm, useBackend } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';

const backend = process.env.BENCH_BACKEND ?? 'wasm';
const quick = process.env.BENCH_QUICK === '1';
const PROMPT = 32;
const fmt = (ms) => (ms >= 10 ? ms.toFixed(1) : ms.toFixed(3));
const threads = Number(process.env.BENCH_THREADS ?? 1);
const best = (xs) => Math.min(...xs);

/** Wall and CPU milliseconds of `fn` (async). */
async function clock(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const c = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
}

/** A pre-norm GPT with learned positions, one KVCache per layer, as a GenerationModel. */
function gpt({ vocab, d, heads, layers }) {
  let seed = 1;
  const w = (shape, std = 0.02) => tf.randomNormal(shape, 0, std, 'float32', seed++);
  const p = {
    tok: w([vocab, d]),
    pos: w([1024, d]),
    head: w([d, vocab]),
    blocks: Array.from({ length: layers }, () => ({
      attn: new MultiHeadAttention({ embedDim: d, numHeads: heads, generator: new Generator(seed++) }),
      w1: w([d, 4 * d]),
      b1: tf.zeros([4 * d]),
      w2: w([4 * d, d]),
      b2: tf.zeros([d]),
    })),
  };
  const ln = (x) => layerNorm(x, d);
  return {
    initState: () => p.blocks.map(() => new KVCache()),
    step: ({ inputIds, positions }, caches) => {
      const logits = tf.tidy(() => {
        const [B, T] = inputIds.shape;
        let x = tf.add(tf.gather(p.tok, inputIds), tf.gather(p.pos, positions));
        p.blocks.forEach((blk, l) => {
          const a = blk.attn.forward({ query: ln(x), cache: caches[l], isCausal: true, needWeights: false });
          x = tf.add(x, a.output);
          const h = tf.reshape(ln(x), [B * T, d]);
          const f = tf.matMul(gelu(tf.add(tf.matMul(h, blk.w1), blk.b1)), blk.w2);
          x = tf.add(x, tf.reshape(tf.add(f, blk.b2), [B, T, d]));
        });
        const last = tf.reshape(tf.slice(x, [0, T - 1, 0], [B, 1, d]), [B, d]);
        return tf.matMul(ln(last), p.head);
      });
      return { logits, state: caches };
    },
    reorderState: (caches, indices) => {
      for (const c of caches) c.reorder(indices);
      return caches;
    },
    disposeState: (caches) => {
      for (const c of caches) c.dispose();
    },
    dispose: () => {
      tf.dispose([p.tok, p.pos, p.head]);
      for (const b of p.blocks) {
        b.attn.dispose();
        tf.dispose([b.w1, b.b1, b.w2, b.b2]);
      }
    },
  };
}

/** Returns precomputed N(0, std²) logits for however many rows are asked. */
function dummy(vocab, std) {
  const rows = new Map();
  const g = new Generator(7);
  const logits = (a) => {
    if (!rows.has(a)) rows.set(a, tf.tensor2d(g.fillNormal(new Float32Array(a * vocab), 0, std), [a, vocab]));
    return rows.get(a);
  };
  return {
    initState: () => null,
    step: ({ inputIds }) => ({ logits: tf.clone(logits(inputIds.shape[0])), state: null }),
    reorderState: () => null,
    disposeState: () => {},
    dispose: () => tf.dispose([...rows.values()]),
  };
}

/** CPU ms of reading `rows` dummy logit rows back (clone, await data, dispose): part of every step. */
async function readTime(fake, rows) {
  const t = fake.step({ inputIds: { shape: [rows, 1] } }).logits;
  t.dispose();
  const times = [];
  for (let i = 0; i < 30; i++) {
    times.push(
      await clock(async () => {
        const x = fake.step({ inputIds: { shape: [rows, 1] } }).logits;
        await x.data();
        x.dispose();
      }),
    );
  }
  return best(times.map((x) => x.cpu));
}

const promptIds = (vocab) =>
  tf.tensor2d(
    Array.from({ length: PROMPT }, (_, i) => (i * 7919) % vocab),
    [1, PROMPT],
    'int32',
  );

/** Per-token time of the model alone: a step of `rows` new tokens with its logits read back. */
async function stepTime(model, vocab, rows, n) {
  const ids = tf.tensor2d(
    Array.from({ length: rows * PROMPT }, (_, i) => i % vocab),
    [rows, PROMPT],
    'int32',
  );
  const pos = tf.tensor2d(
    Array.from({ length: rows * PROMPT }, (_, i) => i % PROMPT),
    [rows, PROMPT],
    'int32',
  );
  let state = model.initState(rows);
  let out = model.step({ inputIds: ids, positions: pos, attentionMask: null, pastLength: 0 }, state);
  state = out.state;
  await out.logits.data();
  out.logits.dispose();
  const times = [];
  const reorders = [];
  const perm = tf.tensor1d(
    Array.from({ length: rows }, (_, i) => (i * 3 + 1) % rows),
    'int32',
  );
  for (let i = 0; i < n; i++) {
    times.push(
      await clock(async () => {
        const x = tf.fill([rows, 1], (i * 31) % vocab, 'int32');
        const p = tf.fill([rows, 1], PROMPT + i, 'int32');
        out = model.step({ inputIds: x, positions: p, attentionMask: null, pastLength: PROMPT + i }, state);
        state = out.state;
        await out.logits.data();
        tf.dispose([x, p, out.logits]);
      }),
    );
    if (rows > 1) reorders.push(await clock(async () => (state = model.reorderState(state, perm))));
  }
  model.disposeState(state);
  tf.dispose([ids, pos, perm]);
  const rest = times.slice(1);
  return {
    wall: best(rest.map((t) => t.wall)),
    cpu: best(rest.map((t) => t.cpu)),
    reorderCpu: rows > 1 ? best(reorders.map((t) => t.cpu)) : 0,
  };
}

/** Per-token time of generate (maxNewTokens n), best of `reps` runs. */
async function generateTime(model, vocab, options, n, reps) {
  const ids = promptIds(vocab);
  const times = [];
  for (let r = 0; r < reps; r++) {
    let y;
    const t = await clock(async () => {
      y = await generate(model, ids, { ...options, maxNewTokens: n });
    });
    if (y.shape[1] !== PROMPT + n) throw new Error(`generated ${y.shape[1] - PROMPT} tokens, expected ${n}`);
    y.dispose();
    times.push({ wall: t.wall / n, cpu: t.cpu / n });
  }
  ids.dispose();
  return { wall: best(times.map((t) => t.wall)), cpu: best(times.map((t) => t.cpu)) };
}

const configs = [
  {
    name: 'baby GPT (V 65, 4×128)',
    shape: { vocab: 65, d: 128, heads: 4, layers: 4 },
    std: 2,
    n: quick ? 60 : 200,
    runs: [
      ['greedy', {}],
      ['sampling, top-p 0.9, T 0.8', { doSample: true, topK: 0, topP: 0.9, temperature: 0.8, seed: 1 }],
      ['4 beams', { numBeams: 4 }],
    ],
  },
  {
    name: 'GPT-2-small-shaped (V 50,257, 2×768 + head)',
    shape: { vocab: 50257, d: 768, heads: 12, layers: 2 },
    std: 3,
    n: quick ? 8 : 24,
    runs: [
      ['greedy', {}],
      ['sampling, top-p 0.9, T 0.8', { doSample: true, topK: 0, topP: 0.9, temperature: 0.8, seed: 1 }],
      [
        'sampling, HF defaults (top-k 50) + rep. penalty 1.2',
        { doSample: true, repetitionPenalty: 1.2, seed: 1 },
      ],
      ['4 beams', { numBeams: 4 }],
    ],
  },
];

const info = await useBackend(backend, { verbose: false, ...(backend === 'wasm' ? { threads } : {}) });
console.log(
  `generate: loop overhead per token vs model step (${info.name}${info.threads ? `, ${info.threads} thread(s)` : ''}; ms per token; CPU time and wall time)`,
);
const pct = (a, b) => `${((100 * a) / b).toFixed(2)} %`;
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ROUNDS = quick ? 3 : 9;
console.log(
  `${ROUNDS} rounds per row, each: the model's steps then the dummy loop. "best": the fastest step and the fastest loop run (what the code costs when the machine lets it run); "median": the median over rounds of each round's loop/step ratio (how it fares under the load of the moment).`,
);
console.log(
  [
    'model',
    'decoding',
    'step cpu',
    'loop cpu',
    'ratio cpu best',
    'ratio cpu median',
    'step wall',
    'loop wall',
    'ratio wall best',
    'read cpu',
    'ratio cpu best w/o read',
    'reorder cpu',
  ].join('\t'),
);
for (const c of configs) {
  const model = gpt(c.shape);
  const fake = dummy(c.shape.vocab, c.std);
  for (const [label, options] of c.runs) {
    const rows = options.numBeams ?? 1;
    const stepSamples = Math.max(6, Math.round(c.n / 8));
    await stepTime(model, c.shape.vocab, rows, 3); // warm-up (JIT, kernels)
    await generateTime(fake, c.shape.vocab, options, Math.min(c.n, 10), 1);
    const r = { step: [], loop: [], ratio: [], reorder: [] };
    for (let k = 0; k < ROUNDS; k++) {
      // Paired, so that both sides of a round's ratio see the same load on a shared machine.
      const step = await stepTime(model, c.shape.vocab, rows, stepSamples);
      const loop = await generateTime(fake, c.shape.vocab, options, c.n, 1);
      r.step.push(step);
      r.loop.push(loop);
      r.ratio.push(loop.cpu / step.cpu);
      r.reorder.push(step.reorderCpu);
    }
    const bestOf = (xs, key) => best(xs.map((x) => x[key]));
    const [stepCpu, loopCpu] = [bestOf(r.step, 'cpu'), bestOf(r.loop, 'cpu')];
    const [stepWall, loopWall] = [bestOf(r.step, 'wall'), bestOf(r.loop, 'wall')];
    const reorder = best(r.reorder);
    const read = await readTime(fake, rows);
    console.log(
      [
        c.name,
        label,
        fmt(stepCpu),
        fmt(loopCpu),
        pct(loopCpu, stepCpu),
        pct(med(r.ratio), 1),
        fmt(stepWall),
        fmt(loopWall),
        pct(loopWall, stepWall),
        fmt(read),
        pct(Math.max(0, loopCpu - read), stepCpu),
        rows > 1 ? `${fmt(reorder)} (${pct(reorder, stepCpu)})` : '-',
      ].join('\t'),
    );
  }
  model.dispose();
  fake.dispose();
}
