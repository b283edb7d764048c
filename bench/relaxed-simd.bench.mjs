#!/usr/bin/env node
// What relaxed-SIMD fused multiply–add (f32x4.relaxed_madd) can buy over mul + add on this CPU, and
// how close glossa's two gemm builds run to it. One process, one table, the CPU named:
//   1. Clock: a chain of dependent i32 add/xor (1 cycle each) → cycles per ns.
//   2. Latency (one dependent chain): f32x4 add, mul, relaxed_madd into the accumulator, and the gemm
//      pattern `acc = acc + x·b` as mul then add (only the add is on the chain) — cycles per op.
//   3. Throughput (independent chains, operands in registers, two vectors loaded per iteration):
//      8 mul chains, 8 add chains, 6 mul + 6 add chains side by side (separate pipes: as fast as the
//      slower half; shared pipes: as slow as the sum), 8 accumulators by mul + add, by relaxed_madd,
//      and 4 accumulators of each (half the chains: latency-bound where latency × pipes > 4).
//   4. glossa's gemm (assembly/simd.ts, the plain and the relaxed build, one thread) on the main 4×8
//      tile path and on its edges (m < 4: one accumulator; n = 4: four; n = 1: dot rows), GFLOP/s and
//      as a share of the measured multiply–add ceiling.
// Usage: node bench/relaxed-simd.bench.mjs [--quick]   (sets --experimental-wasm-relaxed-simd itself)
//   (needs `pnpm build` for packages/core/src/generated/simd*-wasm.js)
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { compileLoops } from './relaxed-simd/loops.mjs';

setFlagsFromString('--experimental-wasm-relaxed-simd');
const here = dirname(fileURLToPath(import.meta.url));
const core = join(here, '..', 'packages', 'core');
const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 100 : 400; // short timed runs per figure (best and median)

const memory = new WebAssembly.Memory({ initial: 1024 });
const f32 = new Float32Array(memory.buffer);
for (let i = 0; i < 512; i++) f32[i] = 1 + ((i * 7) % 13) * 1e-7; // near-1 data at 0..2 KB
const loops = (await WebAssembly.instantiate(await compileLoops(core), { env: { memory } })).instance.exports;

/**
 * Best and median ns per iteration of `f(n)`: many short timed runs (~0.5 ms, shorter than a
 * scheduler time slice), so that the best one ran uncontended even on a loaded machine.
 */
function time(f, n) {
  f(n);
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) f(n);
    if (performance.now() - t0 > 0.5) break;
    reps *= 2;
  }
  const per = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    for (let q = 0; q < reps; q++) f(n);
    per.push(((performance.now() - t0) * 1e6) / (reps * n));
  }
  per.sort((a, b) => a - b);
  return { best: per[0], median: per[Math.floor(per.length / 2)] };
}

const N = 1 << 10;
const clk = time((n) => loops.clock(n, 0x55), N);
const ghz = 4 / clk.best; // 4 dependent 1-cycle ops per iteration
const cyc = (ns) => ns * ghz;
const out = [];
const row = (what, t, ops, flopsPerOp) =>
  out.push({
    what,
    ns: t.best,
    cycles: cyc(t.best) / ops,
    perCycle: ops / cyc(t.best),
    gflops: flopsPerOp ? (ops * flopsPerOp) / t.best : undefined,
    median: t.median,
  });

// [what, loop, operations per iteration, flops per operation]
const LOOPS = [
  ['latency: f32x4.add chain', 'latAdd', 4],
  ['latency: f32x4.mul chain', 'latMul', 4],
  ['latency: acc = relaxed_madd(x, b, acc)', 'latMadd', 4, 8],
  ['latency: acc = acc + x·b (mul, add)', 'latMulAdd', 4, 8],
  ['throughput: 8 mul chains', 'tputMul8', 8, 4],
  ['throughput: 6 mul chains', 'tputMul6', 6, 4],
  ['throughput: 8 add chains', 'tputAdd8', 8, 4],
  ['throughput: 6 add chains', 'tputAdd6', 6, 4],
  ['throughput: 6 mul + 6 add chains together', 'tputMix', 12, 4],
  ['throughput: 8 accumulators, mul + add', 'tputMulAdd8', 8, 8],
  ['throughput: 8 accumulators, relaxed_madd', 'tputMadd8', 8, 8],
  ['throughput: 4 accumulators, mul + add', 'tputMulAdd4', 4, 8],
  ['throughput: 4 accumulators, relaxed_madd', 'tputMadd4', 4, 8],
];
const timed = {};
for (const [what, loop, ops, flops] of LOOPS) {
  timed[loop] = time((n) => loops[loop](0, n), N);
  row(what, timed[loop], ops, flops);
}
const [plain8, fma8] = [timed.tputMulAdd8, timed.tputMadd8];
const ceiling = { plain: (8 * 8) / plain8.best, relaxed: (8 * 8) / fma8.best };

// glossa's gemm, both builds, one thread, each on its own memory.
const { SIMD_WASM: PLAIN } = await import(pathToFileURL(join(core, 'src', 'generated', 'simd-wasm.js')).href);
const { SIMD_WASM: RELAXED } = await import(
  pathToFileURL(join(core, 'src', 'generated', 'simd-relaxed-wasm.js')).href
);
async function gemmOf(b64) {
  const mem = new WebAssembly.Memory({ initial: 2048, maximum: 65536 });
  const heap = new Float32Array(mem.buffer);
  for (let i = 0; i < 1 << 22; i += 1) heap[i] = ((i * 2654435761) % 1000) / 1000 - 0.5;
  const bytes = Buffer.from(b64, 'base64');
  return (await WebAssembly.instantiate(bytes, { env: { memory: mem } })).instance.exports.gemm;
}
const gemms = { plain: await gemmOf(PLAIN), relaxed: await gemmOf(RELAXED) };
const SHAPES = [
  ['4×8 tiles', 256, 256, 256],
  ['4×8 tiles, long k', 64, 1024, 256],
  ['row edge (m = 3: 1 accumulator)', 3, 512, 512],
  ['column edge (n = 4: 4 accumulators)', 256, 512, 4],
  ['n = 1 (dot rows: 4 accumulators)', 256, 1024, 1],
];
const gemmRows = [];
for (const [what, m, k, n] of SHAPES) {
  const A = 0;
  const B = m * k * 4;
  const C = B + k * n * 4;
  const r = {};
  for (const build of ['plain', 'relaxed']) {
    const g = gemms[build];
    const t = time(() => g(A, B, C, 1, m, k, n, 0, 0), 1);
    r[build] = (2 * m * k * n) / t.best; // GFLOP/s (ns per call → flop/ns)
  }
  gemmRows.push({ what: `${what}: ${m}×${k}×${n}`, ...r });
}

const fmt = (x, d = 2) => (x === undefined ? '–' : x.toFixed(d));
console.log(
  `# relaxed-SIMD multiply–add vs mul + add — ${cpus().length} × ${cpus()[0]?.model}; Node ${process.versions.node} (V8 ${process.versions.v8}); load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
console.log(
  `clock from a dependent i32 chain: ${ghz.toFixed(2)} GHz; best and median of ${ROUNDS} runs of ~0.5 ms per figure (cycles use the clock)\n`,
);
console.log('| loop | ns/iter (best) | cycles per op | ops per cycle | GFLOP/s | ns/iter (median) |');
console.log('|---|--:|--:|--:|--:|--:|');
for (const r of out)
  console.log(
    `| ${r.what} | ${fmt(r.ns)} | ${fmt(r.cycles)} | ${fmt(r.perCycle)} | ${fmt(r.gflops, 1)} | ${fmt(r.median)} |`,
  );
console.log(
  `\nceiling (8 accumulators): mul + add ${ceiling.plain.toFixed(1)} GFLOP/s, relaxed_madd ${ceiling.relaxed.toFixed(1)} GFLOP/s (${(ceiling.relaxed / ceiling.plain).toFixed(2)}×)\n`,
);
console.log(
  '| glossa gemm, 1 thread | plain GFLOP/s | relaxed GFLOP/s | relaxed / plain | plain % of its ceiling | relaxed % of its ceiling |',
);
console.log('|---|--:|--:|--:|--:|--:|');
for (const r of gemmRows)
  console.log(
    `| ${r.what} | ${fmt(r.plain, 1)} | ${fmt(r.relaxed, 1)} | ${fmt(r.relaxed / r.plain)}× | ${fmt((100 * r.plain) / ceiling.plain, 0)} % | ${fmt((100 * r.relaxed) / ceiling.relaxed, 0)} % |`,
  );
