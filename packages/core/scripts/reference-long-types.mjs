#!/usr/bin/env node
// Build step after tsup: tfjs-core's own declarations use the global `Long` type of `@types/long`
// (its dependency) without referencing it, so a user's `skipLibCheck: false` build of code that
// imports glossa fails ("Cannot find name 'Long'") unless those types are loaded. Each of core's
// entry declaration files gets a `/// <reference types="long" />` (`@types/long` is a dependency of
// @glossa/core), which makes TypeScript load them wherever core is used.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const REF = '/// <reference types="long" />\n';
let n = 0;
for (const f of readdirSync(dist)) {
  if (!/\.d\.c?ts$/.test(f)) continue;
  const p = join(dist, f);
  const text = readFileSync(p, 'utf8');
  if (text.startsWith(REF)) continue;
  writeFileSync(p, REF + text);
  n++;
}
console.log(`reference-long-types: ${n} declaration files`);
