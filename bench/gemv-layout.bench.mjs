#!/usr/bin/env node
// The one-row product (y = W·x, what every linear layer of a KV-cached decoding step computes) in two
// weight layouts, wasm SIMD, one thread: `rows` reads W [out, in] as core's kernel does today (eight rows in
// flight), `packed` reads W repacked as [out/8][in][8] (one contiguous stream). The matrices are GPT-2
// small's per-token weights — 12 layers × (c_attn 2304×768, c_proj 768×768, c_fc 3072×768, c_proj
// 768×3072) and the tied LM head 50,256×768 (one row short of 50,257, so that rows come in eights):
// 494 MB a pass, far beyond any cache, as in decoding. Reports GB/s of weights read (median of passes,
// the layouts alternating) and checks that both give the same y. Not a test (not run by CI); needs
// `pnpm install` (AssemblyScript is a devDependency of @glossa/core).
//
//   node bench/gemv-layout.bench.mjs [--passes 15]
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileAssemblyScript, HOST_MEMORY_FLAGS } from '../tooling/wasm-build.mjs';

const here = dirname(fileURLToPath(import.meta.url));
// core's devDependency (its `asc` export is import-only, so the file is named)
const ascPath = join(here, '..', 'packages', 'core', 'node_modules', 'assemblyscript', 'dist', 'asc.js');
const { default: asc } = await import(pathToFileURL(ascPath).href);
const passesArg = process.argv.indexOf('--passes');
const PASSES = passesArg > 0 ? Number(process.argv[passesArg + 1]) : 15;

const source = join(here, 'assembly', 'gemv-layout.ts');
const args = [source, '-O3', '--enable', 'simd', ...HOST_MEMORY_FLAGS, '-o', 'g.wasm'];
const wasm = await compileAssemblyScript(asc, args, 'g.wasm');

const shapes = [];
for (let l = 0; l < 12; l++) shapes.push([2304, 768], [768, 768], [3072, 768], [768, 3072]);
shapes.push([50256, 768]);
const bytes = shapes.map(([o, i]) => o * i * 4);
const total = bytes.reduce((a, b) => a + b, 0);
const X = 0;
const Y = 16384;
const YP = Y + 50256 * 4;
const W = 1 << 20;
const P = W + total;
const memory = new WebAssembly.Memory({ initial: Math.ceil((P + total) / 65536) });
const { exports: k } = new WebAssembly.Instance(new WebAssembly.Module(wasm), { env: { memory } });
const f32 = new Float32Array(memory.buffer);
for (let i = 0; i < 3072; i++) f32[i] = Math.sin(i);
let g = 12345;
for (let i = W / 4; i < P / 4; i++) {
  g = (Math.imul(g, 1103515245) + 12345) >>> 0;
  f32[i] = (g / 2 ** 32 - 0.5) * 0.1;
}
const offsets = [];
let at = 0;
for (let m = 0; m < shapes.length; m++) {
  offsets.push(at);
  k.pack(W + at, P + at, shapes[m][0], shapes[m][1]);
  at += bytes[m];
}
const pass = (fn, base, y) => {
  for (let m = 0; m < shapes.length; m++) fn(base + offsets[m], X, y, shapes[m][0], shapes[m][1]);
};
pass(k.rows, W, Y);
pass(k.packed, P, YP);
let maxDiff = 0;
for (let i = 0; i < 50256; i++) maxDiff = Math.max(maxDiff, Math.abs(f32[Y / 4 + i] - f32[YP / 4 + i]));
const gbs = { rows: [], packed: [] };
for (let r = 0; r < PASSES; r++)
  for (const [name, fn, base, y] of [
    ['rows', k.rows, W, Y],
    ['packed', k.packed, P, YP],
  ]) {
    const t = performance.now();
    pass(fn, base, y);
    gbs[name].push(total / 1e9 / ((performance.now() - t) / 1000));
  }
const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
const [rows, packed] = [median(gbs.rows), median(gbs.packed)];
console.log(
  `node ${process.version}, ${cpus()[0]?.model ?? '?'} × ${cpus().length}, load average ${loadavg()[0].toFixed(1)}; ` +
    `${(total / 1e6).toFixed(0)} MB of weights a pass, ${PASSES} passes each, medians`,
);
console.log(
  `  rows (today's layout)   ${rows.toFixed(1)} GB/s   ${((total / 1e9 / rows) * 1000).toFixed(1)} ms a pass`,
);
console.log(
  `  packed [out/8][in][8]   ${packed.toFixed(1)} GB/s   ${((total / 1e9 / packed) * 1000).toFixed(1)} ms a pass`,
);
console.log(
  `  → packed ${(packed / rows).toFixed(2)}× rows; max |y_rows − y_packed| = ${maxDiff.toExponential(2)}`,
);
