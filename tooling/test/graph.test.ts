// The workspace dependency graph: no cycles (between packages, and between the modules inside
// each package), arrows only in the direction docs/architecture.md draws, and tooling's turbo
// config lists every package build (so a new package is never left out of the hygiene,
// pack-and-install and size checks).
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { relativeImportGraph } from '../release/imports.mjs';
import { toolingTurboConfig } from '../release/sync-deps.mjs';
import { allWorkspacePackages, root, workspacePackages } from '../release/workspace.mjs';

const all = allWorkspacePackages();
const names = new Set(all.map((p) => p.name));
const FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'];

/** Internal edges of one package, over every dependency field. */
function internalDeps(pkg: Record<string, any>, fields = FIELDS): string[] {
  return [...new Set(fields.flatMap((f) => Object.keys(pkg[f] ?? {})).filter((d) => names.has(d)))];
}

/** Finds one cycle in a graph given as adjacency lists, or null. */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === 'done') return null;
    if (state.get(n) === 'open') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of graph.keys()) {
    const c = visit(n);
    if (c) return c;
  }
  return null;
}

describe('cycle finder', () => {
  it('finds a cycle and accepts a DAG', () => {
    expect(
      findCycle(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
        ]),
      ),
    ).toEqual(['a', 'b', 'c', 'a']);
    expect(
      findCycle(
        new Map([
          ['a', ['b', 'c']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toBeNull();
  });
});

describe('workspace graph', () => {
  it('has no dependency cycles between workspace packages (all dependency fields)', () => {
    const graph = new Map(all.map((p) => [p.name, internalDeps(p.pkg)]));
    expect(findCycle(graph)).toBeNull();
  });

  it('points one way: packages never depend on apps, bench or private packages at runtime', () => {
    const published = workspacePackages(['packages']).filter((p) => !p.pkg.private);
    const publishedNames = new Set(published.map((p) => p.name));
    for (const p of published) {
      const runtime = internalDeps(p.pkg, ['dependencies', 'peerDependencies', 'optionalDependencies']);
      for (const d of runtime) expect(publishedNames.has(d), `${p.name} -> ${d}`).toBe(true);
    }
  });

  it('core depends on no other glossa package at runtime', () => {
    const core = all.find((p) => p.name === '@glossa/core');
    expect(core).toBeDefined();
    expect(internalDeps(core!.pkg, ['dependencies', 'peerDependencies', 'optionalDependencies'])).toEqual([]);
  });

  it('tooling/turbo.json runs the tooling tests after every package build', () => {
    const onDisk = JSON.parse(readFileSync(join(root, 'tooling', 'turbo.json'), 'utf8'));
    const expected = toolingTurboConfig();
    // A package missing here would not be built before the checks: `pnpm --filter @glossa/tooling sync-deps`.
    expect([...onDisk.tasks.test.dependsOn].sort()).toEqual([...expected.tasks.test.dependsOn].sort());
    for (const p of workspacePackages(['packages'])) {
      expect(onDisk.tasks.test.dependsOn, p.name).toContain(`${p.name}#build`);
    }
  });
});

describe('module graph inside each package', () => {
  it.each(workspacePackages(['packages']).map((p) => [p.name, p] as const))(
    '%s has no import cycles between its source files',
    (_name, p) => {
      const graph = relativeImportGraph(join(p.dir, 'src'));
      expect(graph.size).toBeGreaterThan(0);
      const cycle = findCycle(graph);
      expect(cycle?.map((f) => relative(p.dir, f))).toBeUndefined();
    },
  );
});
