// Static checks that CI must enforce, counted in the root test command's "N passed, N failed":
// the linter/formatter over the whole tree, and a strict type check of every workspace package
// (tests included where the package's tsconfig includes them), so a type error in a test file
// or a badly formatted file cannot land just because tsup's d.ts build does not see it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allWorkspacePackages, root } from '../release/workspace.mjs';

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

const bin = (name: string) => join(root, 'node_modules', '.bin', name);

describe('static checks', () => {
  it('biome check passes on the whole tree (lint + format)', () => {
    const r = run(bin('biome'), ['check', '.', '--max-diagnostics=20'], root);
    expect(r.status, r.output.slice(-4000)).toBe(0);
  });

  const typed = allWorkspacePackages().filter((p: { dir: string; pkg: Record<string, any> }) =>
    existsSync(join(p.dir, 'tsconfig.json')),
  );
  for (const p of typed as Array<{ name: string; dir: string }>) {
    it(`${p.name}: tsc --noEmit passes`, () => {
      const r = run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], p.dir);
      expect(r.status, r.output.slice(-4000)).toBe(0);
    });
  }
});
