#!/usr/bin/env node
// Build step: compile glossa's SIMD kernels (assembly/simd.ts, AssemblyScript) to WebAssembly, twice —
// once importing an ordinary memory (tfjs-backend-wasm without threads) and once a shared memory (the
// threaded build). The two binaries differ in one byte, the flags of the memory import; only the
// first is embedded (base64, src/generated/simd-wasm.js) with the offset of that byte, and the build
// checks that flipping it gives the second exactly. The same again with relaxed SIMD enabled
// (src/generated/simd-relaxed-wasm.js: multiply–adds fused, see `madd` in assembly/simd.ts).
//
// The module runs inside the wasm backend's own memory, so the build refuses a binary that could
// write to it behind the backend's back: it must import exactly one thing (env.memory), declare no
// memory, data segments, start function or mutable globals. Optimisation level: -O3 (the level the
// golden tests in src/kernels/simd.test.ts run against, since they load this file).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import asc from 'assemblyscript/asc';

// Node 20 compiles relaxed SIMD only behind this flag (newer engines ship it): `check` compiles each binary.
setFlagsFromString('--experimental-wasm-relaxed-simd');

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const source = join(root, 'assembly', 'simd.ts');

const common = [
  source,
  '-O3',
  '--enable',
  'simd',
  '--runtime',
  'stub',
  '--importMemory',
  '--noExportMemory',
  '--use',
  'abort=',
  '--noAssert',
];

async function compile(shared, relaxed = false) {
  const files = {};
  const stderr = [];
  const args = [...common, '-o', 'simd.wasm', '--maximumMemory', '65536'];
  if (shared) args.push('--enable', 'threads', '--sharedMemory');
  if (relaxed) args.push('--enable', 'relaxed-simd');
  const { error } = await asc.main(args, {
    readFile: undefined,
    writeFile: (name, contents) => {
      files[name] = contents;
    },
    stderr: { write: (s) => stderr.push(String(s)) },
    stdout: { write: () => {} },
  });
  if (error) throw new Error(`asc failed: ${error.message}\n${stderr.join('')}`);
  const bytes = files['simd.wasm'];
  if (!bytes) throw new Error(`asc wrote no binary\n${stderr.join('')}`);
  check(bytes, shared);
  return Buffer.from(bytes);
}

/** Rejects a binary that declares its own memory, data, a start function or writable globals. */
function check(bytes, shared) {
  const mod = new WebAssembly.Module(bytes);
  const imports = WebAssembly.Module.imports(mod);
  if (
    imports.length !== 1 ||
    imports[0].module !== 'env' ||
    imports[0].name !== 'memory' ||
    imports[0].kind !== 'memory'
  )
    throw new Error(`simd.wasm must import only env.memory, got ${JSON.stringify(imports)}`);
  const exportsList = WebAssembly.Module.exports(mod);
  if (exportsList.some((e) => e.kind !== 'function'))
    throw new Error(`simd.wasm must export functions only, got ${JSON.stringify(exportsList)}`);
  // Walk the sections: 5 memory, 6 global, 8 start, 11 data, 12 data count are not allowed.
  let p = 8;
  const forbidden = { 5: 'memory', 6: 'global', 8: 'start', 11: 'data', 12: 'data count' };
  while (p < bytes.length) {
    const id = bytes[p++];
    let size = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[p++];
      size |= (b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    if (forbidden[id])
      throw new Error(`simd.wasm has a ${forbidden[id]} section (${shared ? 'shared' : 'plain'} build)`);
    p += size;
  }
}

/** The byte that differs between a module importing a plain and a shared memory (0x01 → 0x03). */
function sharedFlagOffset(plain, shared, what) {
  // limits flags: 0x01 = has maximum, 0x03 = has maximum + shared.
  const diff = [];
  for (let i = 0; i < Math.max(plain.length, shared.length); i++) if (plain[i] !== shared[i]) diff.push(i);
  if (
    plain.length !== shared.length ||
    diff.length !== 1 ||
    plain[diff[0]] !== 0x01 ||
    shared[diff[0]] !== 0x03
  )
    throw new Error(
      `${what}: the shared build should differ only in the memory import flags (differences at ${diff.slice(0, 5)})`,
    );
  return diff[0];
}

const plain = await compile(false);
const offset = sharedFlagOffset(plain, await compile(true), 'simd.wasm');
// The relaxed-SIMD module (multiply–adds as `f32x4.relaxed_madd`): loaded by a dynamic import only
// where the engine validates relaxed SIMD, so it costs nothing elsewhere.
const relaxed = await compile(false, true);
const relaxedOffset = sharedFlagOffset(relaxed, await compile(true, true), 'simd-relaxed.wasm');
if (relaxed.equals(plain))
  throw new Error('simd-relaxed.wasm: identical to the plain module (no relaxed_madd?)');
const out = join(root, 'src', 'generated');
mkdirSync(out, { recursive: true });
/** Writes `name`.js (the binary as base64 and its shared-flag offset) and its `.d.ts`. */
function emit(name, bytes, flagOffset, what) {
  writeFileSync(
    join(out, `${name}.js`),
    '// Generated by scripts/build-simd.mjs from assembly/simd.ts — do not edit.\n' +
      `export const SIMD_WASM = ${JSON.stringify(bytes.toString('base64'))};\n` +
      `export const SIMD_SHARED_FLAG_OFFSET = ${flagOffset};\n`,
  );
  writeFileSync(
    join(out, `${name}.d.ts`),
    `/** ${what}, base64. */\nexport declare const SIMD_WASM: string;\n/** Byte whose value 0x01 → 0x03 makes the import a shared memory (threaded wasm backend). */\nexport declare const SIMD_SHARED_FLAG_OFFSET: number;\n`,
  );
}
emit('simd-wasm', plain, offset, "glossa's SIMD kernels (assembly/simd.ts) importing an ordinary memory");
emit(
  'simd-relaxed-wasm',
  relaxed,
  relaxedOffset,
  "glossa's SIMD kernels built with relaxed SIMD (fused multiply–add)",
);
console.log(`simd kernels: ${plain.length} bytes (relaxed SIMD: ${relaxed.length} bytes)`);
