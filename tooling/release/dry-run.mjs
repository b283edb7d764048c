#!/usr/bin/env node
// Release dry run: packs every publishable package exactly as `changeset publish` would
// (pnpm pack rewrites workspace: ranges to real versions) into .tmp/release/ and lists the
// tarballs, without publishing anything. Fails if a tarball lacks its entry files or still
// carries a workspace: range. Run through `pnpm release:dry` (which builds first).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { exportEntries, packPackage, publicPackages, root } from './workspace.mjs';

const dest = join(root, '.tmp', 'release');
rmSync(dest, { recursive: true, force: true });

let problems = 0;
const rows = [];
for (const p of publicPackages()) {
  const tarball = packPackage(p.dir, dest);
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  );
  const needed = exportEntries(p.pkg).flatMap((e) =>
    [e.import, e.require, e.importTypes, e.requireTypes].filter(Boolean).map((f) => f.replace(/^\.\//, '')),
  );
  const missing = needed.filter((f) => !files.includes(f));
  const workspaceRanges = ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) =>
    Object.entries(manifest[field] ?? {})
      .filter(([, r]) => String(r).startsWith('workspace:'))
      .map(([d]) => `${field}.${d}`),
  );
  for (const f of missing) console.error(`! ${p.name}: ${f} is not in the tarball`);
  for (const d of workspaceRanges) console.error(`! ${p.name}: ${d} still has a workspace: range`);
  if (!files.includes('README.md')) console.error(`! ${p.name}: README.md is not in the tarball`);
  problems += missing.length + workspaceRanges.length + (files.includes('README.md') ? 0 : 1);
  const deps = Object.entries(manifest.dependencies ?? {}).map(([d, r]) => `${d}@${r}`);
  rows.push({
    package: `${manifest.name}@${manifest.version}`,
    tarball: tarball.slice(root.length + 1),
    size: `${(statSync(tarball).size / 1024).toFixed(1)} KB`,
    files: files.length,
    dependencies: deps.join(', ') || '-',
  });
}
console.table(rows);

// What `changeset version` would do with the pending changesets.
const statusFile = join(dest, 'changeset-status.json');
try {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', '@changesets', 'cli', 'bin.js'), 'status', `--output=${statusFile}`],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
} catch {
  // exits 1 when some changed package has no changeset; the output file still says what it found.
}
if (existsSync(statusFile)) {
  const { releases } = JSON.parse(readFileSync(statusFile, 'utf8'));
  console.log('changeset version would produce:');
  for (const r of releases.filter((x) => x.type !== 'none'))
    console.log(`  ${r.name}: ${r.oldVersion} -> ${r.newVersion} (${r.type})`);
  if (releases.length === 0) console.log('  nothing: no pending changesets');
} else {
  console.log('changeset status: no pending changesets (run `pnpm changeset`)');
}
console.log(`${rows.length} packages packed into ${dest.slice(root.length + 1)}/; nothing was published.`);
process.exit(problems > 0 ? 1 : 0);
