#!/usr/bin/env node
// Regenerates the op × backend × gradient table in README.md ("Backends" section) from a run of
// test/ops-table.test.ts on this machine: node scripts/ops-table.mjs
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(tmpdir(), `glossa-ops-table-${process.pid}.md`);
const r = spawnSync('npx', ['vitest', 'run', 'test/ops-table.test.ts'], {
  cwd: root,
  env: { ...process.env, GLOSSA_OPS_TABLE: out },
  stdio: 'inherit',
});
if (r.status !== 0) {
  console.error('ops-table: the test run failed; README not updated');
  process.exit(1);
}
const table = readFileSync(out, 'utf8').trim();
const readme = join(root, 'README.md');
const text = readFileSync(readme, 'utf8');
const start = '<!-- ops-table:start -->';
const end = '<!-- ops-table:end -->';
const i = text.indexOf(start);
const j = text.indexOf(end);
if (i < 0 || j < i) {
  console.error(`ops-table: README.md has no ${start} … ${end} markers`);
  process.exit(1);
}
writeFileSync(readme, `${text.slice(0, i + start.length)}\n${table}\n${text.slice(j)}`);
console.log('ops-table: README.md updated');
