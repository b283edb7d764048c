#!/usr/bin/env node
// Generates src/encodings/<name>.ts, the OpenAI encodings' ranks in glossa's compact form
// (src/tiktoken/compact-ranks.ts), which `loadEncoding(name)` imports lazily. The generated files are
// committed, so a clone builds without this script or its sources; run it only to regenerate them.
//
//   pnpm --filter @glossa/tokenizers build                         (the script uses dist/)
//   node packages/tokenizers/scripts/build-encodings.mjs [--tiktoken-dir <dir>] [--check]
//
// Sources: r50k_base, cl100k_base and o200k_base from `<dir>/<name>.tiktoken` (default ../shared/data/tiktoken
// beside the repository; see shared/data/SOURCES.md: converted from js-tiktoken 1.0.21's rank modules) with
// `<dir>/encodings.json`; p50k_base from js-tiktoken's `js-tiktoken/ranks/p50k_base` (a devDependency).
// Every table is also compared with js-tiktoken's own and with the pattern, special tokens and count in
// ENCODINGS; the script prints the checksums ENCODINGS must hold and fails if they differ.
// --check regenerates in memory and fails if a committed file differs (nothing is written).
//
// The ranks are OpenAI's tiktoken encodings (MIT License, Copyright (c) 2022 OpenAI, Shantanu Jain).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(pkgDir, '..', '..');
const args = process.argv.slice(2);
const arg = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const tiktokenDir = resolve(arg('--tiktoken-dir') ?? join(repo, '..', 'shared', 'data', 'tiktoken'));
const check = args.includes('--check');
const outDir = join(pkgDir, 'src', 'encodings');

const glossa = await import(join(pkgDir, 'dist', 'index.js')).catch(() => {
  throw new Error('build @glossa/tokenizers first: pnpm --filter @glossa/tokenizers build');
});
const { ENCODINGS, decodeCompactRanks, formatCompactRanks, parseJsTiktokenRanks, parseTiktokenRanks } =
  glossa;
const require = createRequire(join(pkgDir, 'package.json'));
const jsTiktokenVersion = JSON.parse(
  readFileSync(join(pkgDir, 'node_modules', 'js-tiktoken', 'package.json'), 'utf8'),
).version;
const jsRanks = (name) => require(`js-tiktoken/ranks/${name}`);
const encodingsJson = JSON.parse(readFileSync(join(tiktokenDir, 'encodings.json'), 'utf8'));

/** name -> where its ranks come from */
const SOURCES = {
  r50k_base: { file: 'r50k_base.tiktoken', js: 'r50k_base' },
  p50k_base: { js: 'p50k_base' },
  cl100k_base: { file: 'cl100k_base.tiktoken', js: 'cl100k_base' },
  o200k_base: { file: 'o200k_base.tiktoken', js: 'o200k_base' },
};

function sameTable(a, b) {
  if (a.size !== b.size || a.count !== b.count) return false;
  for (let r = 0; r < a.size; r++) {
    const x = a.tokenBytes(r);
    const y = b.tokenBytes(r);
    if (x.length !== y.length || x.some((v, i) => v !== y[i])) return false;
  }
  return true;
}

function fail(message) {
  console.error(`build-encodings: ${message}`);
  process.exitCode = 1;
}

const hex = (n) => (n >>> 0).toString(16).padStart(8, '0');
let stale = 0;
for (const [name, source] of Object.entries(SOURCES)) {
  const js = jsRanks(source.js);
  const fromJs = parseJsTiktokenRanks(js.bpe_ranks);
  const table = source.file ? parseTiktokenRanks(readFileSync(join(tiktokenDir, source.file))) : fromJs;
  const spec = ENCODINGS[name];
  if (!sameTable(table, fromJs))
    fail(`${name}: ${source.file} differs from js-tiktoken ${jsTiktokenVersion}'s ranks`);
  if (js.pat_str !== spec.pattern)
    fail(`${name}: js-tiktoken's pat_str differs from ENCODINGS.${name}.pattern`);
  if (JSON.stringify(js.special_tokens) !== JSON.stringify(spec.specialTokens)) {
    fail(`${name}: js-tiktoken's special tokens differ from ENCODINGS.${name}.specialTokens`);
  }
  const json = encodingsJson[name];
  if (json && (json.n_ranks !== table.count || json.pat_str_js !== spec.pattern)) {
    fail(`${name}: encodings.json disagrees (n_ranks ${json.n_ranks}, pattern)`);
  }
  if (table.count !== spec.ranks) fail(`${name}: ${table.count} ranks, ENCODINGS says ${spec.ranks}`);
  const sum = table.checksum();
  if (sum !== spec.checksum) fail(`${name}: set ENCODINGS.${name}.checksum to 0x${hex(sum)}`);
  if (name === 'p50k_base' && ENCODINGS.p50k_edit.checksum !== sum) {
    fail(`p50k_edit: set ENCODINGS.p50k_edit.checksum to 0x${hex(sum)} (p50k_base's ranks)`);
  }

  const compact = formatCompactRanks(table, name);
  const back = decodeCompactRanks(compact);
  if (back.name !== name || !sameTable(back.table, table))
    fail(`${name}: the compact form does not round-trip`);
  const origin = source.file
    ? `${source.file} (shared/data/tiktoken: converted from js-tiktoken ${jsTiktokenVersion}'s rank module; checked equal to it)`
    : `js-tiktoken ${jsTiktokenVersion}'s \`js-tiktoken/ranks/${source.js}\``;
  const text = `/**
 * The ranks of OpenAI's ${name} encoding in glossa's compact form (see src/tiktoken/compact-ranks.ts):
 * ${table.count} tokens, checksum ${hex(sum)}. \`loadEncoding('${name}')\` imports this module lazily; for a
 * synchronous start, \`getEncoding('${name}', ranks)\`.
 *
 * From OpenAI's tiktoken (https://github.com/openai/tiktoken), MIT License, Copyright (c) 2022 OpenAI,
 * Shantanu Jain. Source: ${origin}.
 *
 * Generated by packages/tokenizers/scripts/build-encodings.mjs — do not edit.
 *
 * @example
 * \`\`\`ts
 * import { getEncoding } from '@glossa/tokenizers';
 * import { ranks } from '@glossa/tokenizers/encodings/${name}';
 * const enc = getEncoding('${name}', ranks);
 * \`\`\`
 * @packageDocumentation
 */

/** The ${name} ranks as one compact string (\`decodeCompactRanks\` reads it). */
export const ranks: string =
  "${compact}";
`;
  const file = join(outDir, `${name}.ts`);
  let old = '';
  try {
    old = readFileSync(file, 'utf8');
  } catch {}
  if (old === text)
    console.log(`${name}: ${table.count} ranks, checksum ${hex(sum)}, ${text.length} bytes, unchanged`);
  else if (check) {
    stale++;
    fail(`${name}: src/encodings/${name}.ts is out of date`);
  } else {
    mkdirSync(outDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
    console.log(`${name}: ${table.count} ranks, checksum ${hex(sum)}, wrote ${text.length} bytes`);
  }
}
if (check && stale === 0 && !process.exitCode) console.log('build-encodings: committed files are up to date');
