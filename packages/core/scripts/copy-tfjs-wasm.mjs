#!/usr/bin/env node
// Build step after tsup: copies tfjs-backend-wasm's three .wasm binaries into dist/, beside the
// chunk whose `new URL('./….wasm', import.meta.url)` names them (src/backend/wasm-files.ts), so that
// bundlers emit them as assets and browsers find them without the user copying files. The version
// copied must be the one core pins as its (exact) peer dependency, which is also what
// `SHIPPED_WASM_VERSION` says; the build fails otherwise.
import { copyFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const wasmPkgJson = createRequire(join(root, 'package.json')).resolve(
  '@tensorflow/tfjs-backend-wasm/package.json',
);
const wasmPkg = JSON.parse(readFileSync(wasmPkgJson, 'utf8'));
const pinned = pkg.peerDependencies['@tensorflow/tfjs-backend-wasm'];
const source = readFileSync(join(root, 'src', 'backend', 'wasm-files.ts'), 'utf8');
const shipped = /SHIPPED_WASM_VERSION = '([^']+)'/.exec(source)?.[1];
if (wasmPkg.version !== pinned || shipped !== pinned) {
  throw new Error(
    `copy-tfjs-wasm: installed tfjs-backend-wasm ${wasmPkg.version}, peer dependency ${pinned}, SHIPPED_WASM_VERSION ${shipped}: all three must agree`,
  );
}
const files = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
];
for (const f of files) copyFileSync(join(dirname(wasmPkgJson), 'dist', f), join(root, 'dist', f));
console.log(`tfjs-backend-wasm ${wasmPkg.version} binaries copied to dist/: ${files.join(', ')}`);
