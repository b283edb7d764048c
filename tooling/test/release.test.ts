// Release readiness: changesets configured for independent versions of the public packages,
// every public package on its way to (at least) 0.1.0, private packages never published, and
// the API reference covering every public package.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allWorkspacePackages, publicPackages, root } from '../release/workspace.mjs';

const config = JSON.parse(readFileSync(join(root, '.changeset', 'config.json'), 'utf8'));
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Bumps named by the pending changesets: package -> bump types. */
function pendingBumps(): Map<string, string[]> {
  const bumps = new Map<string, string[]>();
  const dir = join(root, '.changeset');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
    const text = readFileSync(join(dir, file), 'utf8');
    const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';
    for (const m of front.matchAll(/^\s*["']?([^"':\s]+)["']?\s*:\s*(major|minor|patch)\s*$/gm)) {
      bumps.set(m[1]!, [...(bumps.get(m[1]!) ?? []), m[2]!]);
    }
  }
  return bumps;
}

describe('changesets', () => {
  it('versions packages independently and bumps internal dependents', () => {
    expect(config.fixed).toEqual([]);
    expect(config.linked).toEqual([]);
    expect(config.updateInternalDependencies).toBe('patch');
    expect(config.access).toBe('public');
    expect(config.privatePackages).toEqual({ version: false, tag: false });
    expect(config.baseBranch).toBe('main');
  });

  it('only names existing public packages in pending changesets', () => {
    const publicNames = new Set(publicPackages().map((p) => p.name));
    for (const name of pendingBumps().keys()) expect(publicNames.has(name), name).toBe(true);
  });

  it('has root scripts for versioning, the release and its dry run', () => {
    expect(rootPkg.scripts['version-packages']).toBe('changeset version');
    expect(rootPkg.scripts.release).toMatch(/build[\s\S]*@glossa\/tooling[\s\S]*changeset publish$/);
    expect(rootPkg.scripts['release:dry']).toMatch(/dry-run\.mjs/);
    expect(rootPkg.scripts['release:dry']).not.toMatch(/publish/);
  });
});

describe.each(publicPackages().map((p) => [p.name, p] as const))('%s release', (name, p) => {
  it('is 0.1.0 or later, or has a pending minor/major changeset taking it there', () => {
    const [major, minor] = String(p.pkg.version).split('.').map(Number);
    const released = major! > 0 || minor! >= 1;
    const bumps = pendingBumps().get(name) ?? [];
    expect(
      released || bumps.includes('minor') || bumps.includes('major'),
      `${name}@${p.pkg.version}: add a changeset (pnpm changeset, minor) for its first release`,
    ).toBe(true);
  });

  it('is in the API reference', () => {
    const typedoc = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8'));
    // Either the package itself or a glob over its folder (`packages/*`) is an entry point.
    const covered = typedoc.entryPoints.some(
      (e: string) => e === p.rel || (e.endsWith('/*') && p.rel.startsWith(e.slice(0, -1))),
    );
    expect(covered, `${p.rel} in typedoc.json entryPoints`).toBe(true);
    expect(typedoc.entryPointStrategy).toBe('packages');
    expect(typedoc.out).toBe('docs-site');
  });
});

it('keeps apps, tooling and bench private (never published)', () => {
  for (const p of allWorkspacePackages().filter((w) => !w.rel.startsWith('packages/'))) {
    expect(p.pkg.private, p.name).toBe(true);
  }
  expect(existsSync(join(root, '.changeset', 'README.md'))).toBe(true);
});
