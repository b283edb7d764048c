// Finds the bare module specifiers a package's sources and built files import, using the
// TypeScript pre-processor (so imports inside comments and JSDoc examples are not counted).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
export function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Whether a specifier names a Node builtin (`fs`, `node:fs`, `fs/promises`). */
export function isBuiltin(specifier) {
  return specifier.startsWith('node:') || builtins.has(specifier) || builtins.has(packageNameOf(specifier));
}

/**
 * Whether a specifier is bare (a package), not relative, absolute, a URL or a subpath import
 * (`#io-fs`: resolved through the importing package's own `imports` field).
 */
export function isBare(specifier) {
  return !/^(\.|\/|#|[a-z]+:)/i.test(specifier) || specifier.startsWith('node:');
}

/** Every file under `dir` whose name matches `pattern`, recursively (skipping node_modules). */
export function listFiles(dir, pattern) {
  const out = [];
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    if (name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p, pattern));
    else if (pattern.test(name)) out.push(p);
  }
  return out;
}

/**
 * Bare, non-builtin specifiers imported, re-exported, `require`d or `import()`ed by one file
 * (type-only imports included: they end up in the .d.ts that users compile against).
 * @returns {string[]}
 */
export function bareImportsOf(file) {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const specs = info.importedFiles.map((f) => f.fileName);
  // `/// <reference types="x" />` in a .d.ts makes users need x's types too ("node" is the runtime):
  // TypeScript finds them in `@types/x` (DefinitelyTyped; `@scope/x` → `@types/scope__x`), which is
  // what the package must declare (core references `long`, declaring `@types/long`).
  const typesOf = (n) => (n.startsWith('@types/') ? n : `@types/${n.replace(/^@/, '').replace('/', '__')}`);
  specs.push(
    ...info.typeReferenceDirectives
      .map((r) => r.fileName)
      .filter((n) => n !== 'node')
      .map(typesOf),
  );
  return specs.filter((s) => isBare(s) && !isBuiltin(s));
}

/**
 * The packages each file of a set imports, as `{ file, pkg }` pairs.
 * @param {string[]} files
 */
export function importedPackages(files) {
  const out = [];
  for (const file of files) {
    for (const spec of bareImportsOf(file)) out.push({ file, spec, pkg: packageNameOf(spec) });
  }
  return out;
}

/**
 * The module graph of one package's sources: each `.ts` file under `srcDir` (tests excluded) with
 * the files it imports relatively (`./x`, `../y/z`, type-only imports included).
 * @returns {Map<string, string[]>}
 */
export function relativeImportGraph(srcDir) {
  const files = listFiles(srcDir, /\.ts$/).filter((f) => !/\.test\.ts$|\.d\.ts$/.test(f));
  const known = new Set(files);
  const graph = new Map();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = [];
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const base = resolve(dirname(file), fileName.replace(/\.js$/, ''));
      const hit = [`${base}.ts`, join(base, 'index.ts')].find((c) => known.has(c));
      if (hit) targets.push(hit);
    }
    graph.set(file, targets);
  }
  return graph;
}
