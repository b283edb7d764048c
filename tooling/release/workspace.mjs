// Helpers shared by the release scripts and the hygiene tests in tooling/test:
// discover the workspace packages (never a hard-coded list), pack them with pnpm, and
// write files atomically.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the monorepo root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Every workspace package under the given groups (default: `packages`), read from disk.
 * @param {string[]} [groups] folders holding packages (`packages`, `apps`), or `.`-style single packages (`bench`, `tooling`)
 * @returns {{ name: string, dir: string, rel: string, pkg: Record<string, any> }[]} sorted by name
 */
export function workspacePackages(groups = ['packages']) {
  const out = [];
  for (const group of groups) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    const single = existsSync(join(dir, 'package.json'));
    const dirs = single ? [dir] : readdirSync(dir).map((n) => join(dir, n));
    for (const d of dirs) {
      const file = join(d, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      out.push({ name: pkg.name, dir: d, rel: relative(root, d), pkg });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** The packages that get published: `packages/*` that are not private. */
export function publicPackages() {
  return workspacePackages(['packages']).filter((p) => !p.pkg.private);
}

/** Every workspace package: packages, apps, tooling, bench. */
export function allWorkspacePackages() {
  return workspacePackages(['packages', 'apps', 'tooling', 'bench']);
}

/**
 * How to run pnpm from here: the pnpm that runs this script (npm_execpath), else `pnpm` on PATH.
 * @returns {[string, string[]]}
 */
export function pnpmCommand() {
  const exec = process.env.npm_execpath;
  if (exec && /pnpm/.test(exec) && existsSync(exec)) {
    return exec.endsWith('.js') || exec.endsWith('.cjs') ? [process.execPath, [exec]] : [exec, []];
  }
  return ['pnpm', []];
}

/**
 * `pnpm pack` one package into `dest` (workspace: ranges become real versions, as on publish).
 * @param {string} dir package folder
 * @param {string} dest folder for the tarball (created)
 * @returns {string} absolute path of the tarball
 */
export function packPackage(dir, dest) {
  mkdirSync(dest, { recursive: true });
  const [cmd, pre] = pnpmCommand();
  const out = execFileSync(cmd, [...pre, 'pack', '--pack-destination', dest], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  const line = out
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .reverse()
    .find((l) => l.endsWith('.tgz'));
  if (!line) throw new Error(`pnpm pack in ${dir} printed no tarball path:\n${out}`);
  return line.startsWith('/') ? line : join(dest, line);
}

/**
 * The entry points of a package's exports map (not `./package.json`), with the file each
 * condition points to.
 * @returns {{ subpath: string, import?: string, require?: string, importTypes?: string, requireTypes?: string }[]}
 */
export function exportEntries(pkg) {
  const entries = [];
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    if (subpath.endsWith('package.json') || typeof target !== 'object' || target === null) continue;
    entries.push({
      subpath,
      import: target.import?.default,
      importTypes: target.import?.types,
      require: target.require?.default,
      requireTypes: target.require?.types,
    });
  }
  return entries;
}

/** Writes a file atomically: a temporary file beside it, then a rename. */
export function writeFileAtomic(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
