#!/usr/bin/env node
// Entry point for the README's two commands on a machine that has only Node >= 20 and npm.
//   npm run demo   -> install, build, run the main demo on its bundled data
//   npm test       -> install, build, run every package's tests, print "N passed, N failed"
//   npm run playground -> install, build the playground web app, serve it (COOP/COEP) and print its URL
// pnpm is used through `npx pnpm@<pinned>` when it is not already on PATH at the pinned major.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
    ...opts,
  });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function pnpmCommand() {
  const r = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  if (r.status === 0 && r.stdout.trim().split('.')[0] === pinned.split('.')[0]) return ['pnpm', []];
  return ['npx', ['--yes', `pnpm@${pinned}`]];
}

const [pnpm, pre] = pnpmCommand();
const pn = (...args) => run(pnpm, [...pre, ...args]);
const mode = process.argv[2];

const install = process.env.CI ? ['install', '--frozen-lockfile'] : ['install', '--prefer-offline'];
if (pn(...install) !== 0) process.exit(1);

if (mode === 'demo') {
  if (pn('turbo', 'run', 'build', '--filter=@glossa/demo-node...') !== 0) process.exit(1);
  process.exit(pn('--filter', '@glossa/demo-node', 'start', ...process.argv.slice(3)));
} else if (mode === 'playground') {
  if (pn('turbo', 'run', 'build', '--filter=@glossa/playground...') !== 0) process.exit(1);
  process.exit(pn('--filter', '@glossa/playground', 'serve', ...process.argv.slice(3)));
} else if (mode === 'test') {
  const started = Date.now();
  const status = pn('turbo', 'run', 'test', '--continue', '--concurrency=1', ...process.argv.slice(3));
  const summary = run(process.execPath, [join(root, 'tooling/summary.mjs'), String(started), String(status)]);
  process.exit(summary);
} else {
  console.error(`usage: node tooling/bootstrap.mjs demo|test|playground (got ${mode ?? 'nothing'})`);
  process.exit(2);
}
