#!/usr/bin/env node
// Release dry run: packs every publishable package exactly as `changeset publish` would
// (pnpm pack rewrites workspace: ranges to real versions) into .tmp/release/ and lists the
// tarballs, without publishing anything. Fails if a tarball lacks its entry files or still
// carries a workspace: range. Run through `pnpm release:dry` (which builds first).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

// The release itself, rehearsed: `changeset version` applied to a scratch copy of the publishable
// packages (outside the workspace), then every package packed again at its new version. This proves
// what `pnpm release` would publish; the working tree is not touched.
const scratch = mkdtempSync(join(tmpdir(), 'glossa-release-'));
const versionedDir = join(dest, 'versioned');
const quiet = { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' };
const notReady = [];
try {
  for (const f of ['package.json', 'pnpm-workspace.yaml', '.changeset'])
    cpSync(join(root, f), join(scratch, f), { recursive: true });
  for (const p of publicPackages()) {
    cpSync(p.dir, join(scratch, p.rel), { recursive: true, filter: (src) => !src.includes('node_modules') });
  }
  const git = (...args) =>
    execFileSync('git', ['-c', 'user.name=release', '-c', 'user.email=release@localhost', ...args], {
      cwd: scratch,
      ...quiet,
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'release rehearsal');
  execFileSync(process.execPath, [join(root, 'node_modules', '@changesets', 'cli', 'bin.js'), 'version'], {
    cwd: scratch,
    ...quiet,
  });
  // pnpm resolves workspace: ranges through the installed links, which the scratch copy lacks;
  // apply pnpm's publish rule to the new versions: `*` -> exact, `^`/`~` -> that prefix, else the range.
  const scratchVersions = new Map(
    publicPackages().map((p) => [
      p.name,
      JSON.parse(readFileSync(join(scratch, p.rel, 'package.json'), 'utf8')).version,
    ]),
  );
  for (const p of publicPackages()) {
    const file = join(scratch, p.rel, 'package.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies']) {
      for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
        if (!String(range).startsWith('workspace:')) continue;
        const spec = range.slice('workspace:'.length);
        const v = scratchVersions.get(dep);
        if (field === 'devDependencies' || !v) delete manifest[field][dep];
        else manifest[field][dep] = spec === '*' ? v : spec === '^' || spec === '~' ? `${spec}${v}` : spec;
      }
    }
    writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  const versioned = [];
  for (const p of publicPackages()) {
    const dir = join(scratch, p.rel);
    const tarball = packPackage(dir, versionedDir);
    const manifest = JSON.parse(
      execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
    );
    const [major, minor] = manifest.version.split('.').map(Number);
    if (major === 0 && minor < 1)
      notReady.push(`${manifest.name} would stay at ${manifest.version}: it has no pending changeset`);
    versioned.push({
      package: `${p.pkg.name}: ${p.pkg.version} -> ${manifest.version}`,
      tarball: tarball.slice(root.length + 1),
      changelog: existsSync(join(dir, 'CHANGELOG.md')) ? 'CHANGELOG.md written' : 'no CHANGELOG',
      dependencies:
        Object.entries(manifest.dependencies ?? {})
          .map(([d, r]) => `${d}@${r}`)
          .join(', ') || '-',
    });
  }
  console.log('\nafter `changeset version` (rehearsed in a scratch copy):');
  console.table(versioned);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
for (const line of notReady) console.error(`! not ready: ${line}`);
problems += notReady.length;
console.log(
  `${rows.length} packages packed into ${dest.slice(root.length + 1)}/ (as they are) and ${dest.slice(root.length + 1)}/versioned/ (as they would be published); nothing was published.`,
);
process.exit(problems > 0 ? 1 : 0);
