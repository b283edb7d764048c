// Package hygiene for every publishable package in packages/*: the manifest fields users and
// bundlers rely on, publint and Are-The-Types-Wrong on the real `pnpm pack` tarball, and no
// undeclared dependencies in src/ or dist/. Runs against whatever packages exist.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importedPackages, listFiles } from '../release/imports.mjs';
import { exportEntries, packPackage, publicPackages } from '../release/workspace.mjs';

const packages = publicPackages();
const packDir = mkdtempSync(join(tmpdir(), 'glossa-hygiene-'));
const tarballs = new Map<string, string>();

/** Packages that must stay free of any tensor library (docs/architecture.md: "standalone"). */
const STANDALONE = ['@glossa/tokenizers', '@glossa/metrics', '@glossa/ngram'];
const TENSOR = /^@tensorflow\/|^@glossa\/(core|attention|recurrent|embeddings|transformers)$|^webgpu$/;

beforeAll(() => {
  for (const p of packages) tarballs.set(p.name, packPackage(p.dir, packDir));
}, 180_000);
afterAll(() => rmSync(packDir, { recursive: true, force: true }));

it('finds the publishable packages', () => {
  expect(packages.length).toBeGreaterThanOrEqual(5);
  for (const name of STANDALONE) expect(packages.map((p) => p.name)).toContain(name);
});

describe.each(packages.map((p) => [p.name, p] as const))('%s', (name, p) => {
  const pkg = p.pkg;

  it('has the manifest fields a published package needs', () => {
    expect(name).toMatch(/^@glossa\/[a-z0-9-]+$/);
    expect(p.rel).toBe(`packages/${name.split('/')[1]}`);
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
    expect(pkg.license).toBe('MIT');
    expect(pkg.description?.length ?? 0).toBeGreaterThan(20);
    expect(pkg.type).toBe('module');
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.files).toContain('dist');
    expect(pkg.engines?.node).toBeTruthy();
    expect(pkg.repository?.directory).toBe(p.rel);
    expect(pkg.publishConfig?.access).toBe('public');
    expect(pkg.main).toBeTruthy();
    expect(pkg.types).toBeTruthy();
    expect(pkg.exports?.['./package.json']).toBe('./package.json');
    expect(existsSync(join(p.dir, 'README.md'))).toBe(true);
  });

  it('has an exports map with ESM, CJS and types for every entry, all built', () => {
    const entries = exportEntries(pkg);
    expect(entries.map((e) => e.subpath)).toContain('.');
    for (const e of entries) {
      for (const key of ['import', 'importTypes', 'require', 'requireTypes'] as const) {
        expect(e[key], `${e.subpath} ${key}`).toMatch(/^\.\/dist\//);
        expect(existsSync(join(p.dir, e[key]!)), `${e.subpath} ${key}: ${e[key]} is built`).toBe(true);
      }
      expect(e.importTypes).toMatch(/\.d\.ts$/);
      expect(e.requireTypes).toMatch(/\.d\.cts$/);
      // types must come first in each condition object, or TypeScript ignores them.
      const target = pkg.exports[e.subpath];
      expect(Object.keys(target.import)[0]).toBe('types');
      expect(Object.keys(target.require)[0]).toBe('types');
    }
  });

  it('internal dependencies use the workspace protocol', () => {
    for (const field of ['dependencies', 'peerDependencies', 'devDependencies', 'optionalDependencies']) {
      for (const [dep, range] of Object.entries<string>(pkg[field] ?? {})) {
        if (dep.startsWith('@glossa/')) expect(range, `${field}.${dep}`).toMatch(/^workspace:/);
      }
    }
  });

  it('passes publint on the packed tarball (no errors or warnings)', async () => {
    const tarball = readFileSync(tarballs.get(name)!);
    const { messages, pkg: packed } = await publint({
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
      level: 'warning',
      strict: true,
    });
    const problems = messages.map((m) => `${m.type}: ${formatMessage(m, packed, { color: false })}`);
    expect(problems).toEqual([]);
  });

  it('passes Are-The-Types-Wrong for node16 ESM, node16 CJS and bundlers', async () => {
    const data = new Uint8Array(readFileSync(tarballs.get(name)!));
    const result = await checkPackage(createPackageFromTarballData(data));
    expect(result.types).not.toBe(false);
    const problems = (result as { problems?: any[] }).problems ?? [];
    // node10 (moduleResolution "node") cannot see subpath exports at all; ESM + CJS is the target.
    const relevant = problems.filter((pr) => pr.resolutionKind !== 'node10');
    expect(
      relevant.map((pr) => `${pr.kind} ${pr.entrypoint ?? pr.fileName ?? ''} ${pr.resolutionKind ?? ''}`),
    ).toEqual([]);
  });

  it('declares every package that src/ and dist/ import (node builtins aside)', () => {
    const declared = new Set([
      name,
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.peerDependencies ?? {}),
      ...Object.keys(pkg.optionalDependencies ?? {}),
    ]);
    const srcFiles = listFiles(join(p.dir, 'src'), /\.(m|c)?tsx?$/).filter(
      (f) => !/\.(test|spec|bench)\.tsx?$/.test(f) && !/[/\\](__tests__|test-utils)[/\\]/.test(f),
    );
    const distFiles = listFiles(join(p.dir, 'dist'), /\.(m|c)?js$|\.d\.(m|c)?ts$/);
    expect(distFiles.length).toBeGreaterThan(0);
    const undeclared = importedPackages([...srcFiles, ...distFiles])
      .filter((i) => !declared.has(i.pkg))
      .map((i) => `${i.file.slice(p.dir.length + 1)} imports ${i.spec}`);
    expect([...new Set(undeclared)]).toEqual([]);
  });
});

describe.each(packages.filter((p) => STANDALONE.includes(p.name)).map((p) => [p.name, p] as const))(
  '%s (standalone)',
  (_name, p) => {
    const pkg = p.pkg;
    it('stays standalone: no tfjs, no @glossa/core', () => {
      const deps = [
        ...Object.keys(pkg.dependencies ?? {}),
        ...Object.keys(pkg.peerDependencies ?? {}),
        ...Object.keys(pkg.optionalDependencies ?? {}),
      ];
      expect(deps.filter((d) => TENSOR.test(d))).toEqual([]);
      const files = [
        ...listFiles(join(p.dir, 'src'), /\.(m|c)?tsx?$/),
        ...listFiles(join(p.dir, 'dist'), /\.(m|c)?js$|\.d\.(m|c)?ts$/),
      ];
      const tensorImports = importedPackages(files)
        .filter((i) => TENSOR.test(i.pkg))
        .map((i) => `${i.file.slice(p.dir.length + 1)} imports ${i.spec}`);
      expect(tensorImports).toEqual([]);
    });
  },
);
