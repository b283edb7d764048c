// The wasm loops of relaxed-simd.bench.mjs (bench support, not a *.bench.mjs entry): AssemblyScript
// source generated here and compiled with asc (packages/core's devDependency) with SIMD and relaxed
// SIMD enabled, at -O3 as glossa's kernels are.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Loops: `p` points at 64 vectors of data in memory (L1); `n` iterations. Each returns a lane sum so
// that nothing is dead code. Values stay near 1 (no overflow, no subnormals).
const SOURCE = `
@inline function fold(s: v128): f32 {
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}
@inline function at(p: usize, i: i32): usize { return p + ((<usize>(i & 31)) << 5); }
export function clock(n: i32, k: i32): i32 {
  let x = 0;
  for (let i = 0; i < n; i++) { x = (x + i) ^ k; x = (x + i) ^ k; }
  return x;
}
export function latAdd(p: usize, n: i32): f32 {
  let s = v128.load(p); const b = v128.load(p, 16);
  for (let i = 0; i < n; i++) { s = f32x4.add(s, b); s = f32x4.add(s, b); s = f32x4.add(s, b); s = f32x4.add(s, b); }
  return fold(s);
}
export function latMul(p: usize, n: i32): f32 {
  let s = v128.load(p); const b = v128.load(p, 16);
  for (let i = 0; i < n; i++) { s = f32x4.mul(s, b); s = f32x4.mul(s, b); s = f32x4.mul(s, b); s = f32x4.mul(s, b); }
  return fold(s);
}
export function latMadd(p: usize, n: i32): f32 {
  let s = v128.load(p); const x = v128.load(p, 16);
  for (let i = 0; i < n; i++) {
    const q = at(p, i); const b0 = v128.load(q); const b1 = v128.load(q, 16);
    s = f32x4.relaxed_madd(x, b0, s); s = f32x4.relaxed_madd(x, b1, s);
    s = f32x4.relaxed_madd(b0, x, s); s = f32x4.relaxed_madd(b1, x, s);
  }
  return fold(s);
}
export function latMulAdd(p: usize, n: i32): f32 {
  let s = v128.load(p); const x = v128.load(p, 16);
  for (let i = 0; i < n; i++) {
    const q = at(p, i); const b0 = v128.load(q); const b1 = v128.load(q, 16);
    s = f32x4.add(f32x4.mul(x, b0), s); s = f32x4.add(f32x4.mul(x, b1), s);
    s = f32x4.add(f32x4.mul(b0, x), s); s = f32x4.add(f32x4.mul(b1, x), s);
  }
  return fold(s);
}
${[8, 6].map((c) => chains('tputMul', c, (s) => `${s} = f32x4.mul(${s}, b0);`)).join('\n')}
${[8, 6].map((c) => chains('tputAdd', c, (s) => `${s} = f32x4.add(${s}, b0);`)).join('\n')}
export function tputMix(p: usize, n: i32): f32 {
  ${decl(12)}
  for (let i = 0; i < n; i++) {
    const q = at(p, i); const b0 = v128.load(q); const b1 = v128.load(q, 16);
    ${range(6)
      .map((j) => `s${j} = f32x4.mul(s${j}, b0); s${j + 6} = f32x4.add(s${j + 6}, b1);`)
      .join(' ')}
  }
  return ${sum(12)};
}
${[8, 4].map((c) => acc('tputMulAdd', c, (s, x, b) => `${s} = f32x4.add(f32x4.mul(${x}, ${b}), ${s});`)).join('\n')}
${[8, 4].map((c) => acc('tputMadd', c, (s, x, b) => `${s} = f32x4.relaxed_madd(${x}, ${b}, ${s});`)).join('\n')}
`;
function range(n) {
  return Array.from({ length: n }, (_, i) => i);
}
function decl(n) {
  return range(n)
    .map((j) => `let s${j} = v128.load(p, ${16 * (j % 8)});`)
    .join(' ');
}
function sum(n) {
  return range(n)
    .map((j) => `fold(s${j})`)
    .join(' + ');
}
function chains(name, c, op) {
  return `export function ${name}${c}(p: usize, n: i32): f32 {
  ${decl(c)}
  for (let i = 0; i < n; i++) { const b0 = v128.load(at(p, i)); ${range(c)
    .map((j) => op(`s${j}`))
    .join(' ')} }
  return ${sum(c)};
}`;
}
// `c` accumulators as a gemm tile: c/2 multipliers held in registers × 2 vectors loaded per iteration.
function acc(name, c, op) {
  const xs = range(c / 2)
    .map((j) => `const x${j} = v128.load(p, ${512 + 16 * j});`)
    .join(' ');
  const body = range(c / 2)
    .flatMap((j) => [op(`s${2 * j}`, `x${j}`, 'b0'), op(`s${2 * j + 1}`, `x${j}`, 'b1')])
    .join(' ');
  return `export function ${name}${c}(p: usize, n: i32): f32 {
  ${decl(c)} ${xs}
  for (let i = 0; i < n; i++) { const q = at(p, i); const b0 = v128.load(q); const b1 = v128.load(q, 16); ${body} }
  return ${sum(c)};
}`;
}

/** Compiles the loops; `core` is packages/core (where asc is installed). Returns the wasm bytes. */
export async function compileLoops(core) {
  const asc = (
    await import(pathToFileURL(join(core, 'node_modules', 'assemblyscript', 'dist', 'asc.js')).href)
  ).default;
  const files = {};
  const stderr = [];
  const { error } = await asc.main(
    [
      'loops.ts',
      '-O3',
      '--enable',
      'simd',
      '--enable',
      'relaxed-simd',
      '--runtime',
      'stub',
      '--importMemory',
      '--noAssert',
      '--use',
      'abort=',
      '-o',
      'loops.wasm',
    ],
    {
      readFile: (name) => (name === 'loops.ts' ? SOURCE : null),
      writeFile: (name, contents) => {
        files[name] = contents;
      },
      listFiles: () => [],
      stderr: { write: (s) => stderr.push(String(s)) },
      stdout: { write: () => {} },
    },
  );
  if (error) throw new Error(`asc: ${error.message}\n${stderr.join('')}`);
  return files['loops.wasm'];
}
