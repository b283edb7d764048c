// Bundles vitest test files for a page with esbuild: one ES-module entry (code-split, so each test file
// is evaluated when its turn comes) plus an index.html, written to `outdir`. In the bundle:
// - `vitest` is runtime/vitest-shim.mjs (describe/it/expect/vi as the tests use them);
// - a relative import of `x.ts` takes `x.browser.ts` instead when that file exists (e.g. a fixture
//   loader that reads files in Node and bundles them for the page);
// - Node built-ins become a stub whose functions throw when called (a test that needs them fails
//   with a clear message instead of the bundle failing);
// - `process.env` is the `env` of the page's configuration (see run.mjs), so tests read the same
//   variables (GLOSSA_BACKENDS, …) as under Node.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const SHIM = join(here, 'runtime', 'vitest-shim.mjs');
const PAGE = join(here, 'runtime', 'page.mjs');

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** esbuild plugin: `x.browser.ts` replaces `x.ts` (relative imports only). */
const browserVariants = {
  name: 'glossa-browser-variants',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData?.variant) return undefined;
      const r = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { variant: true },
      });
      if (r.errors.length || !r.path) return undefined;
      const variant = r.path.replace(/\.(m?[jt]s)$/, '.browser.$1');
      // The variant itself may import the file it stands in for (to re-export the rest of it).
      if (variant === r.path || variant === args.importer || !existsSync(variant)) return undefined;
      return { path: variant };
    });
  },
};

/** esbuild plugin: Node built-ins become a module whose every function throws when called. */
const nodeStubs = {
  name: 'glossa-node-stubs',
  setup(b) {
    b.onResolve({ filter: /^[a-z_:/]+$/ }, (args) =>
      BUILTINS.has(args.path) ? { path: args.path, namespace: 'node-stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'node-stub' }, async (args) => {
      // The real module's export names (read from this Node), each a function that throws.
      const names = Object.keys(await import(args.path)).filter(
        (k) => k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k),
      );
      const what = JSON.stringify(args.path);
      return {
        loader: 'js',
        contents: [
          `const fail = (k) => function () { throw new Error(${what} + '.' + String(k) + ' is not available in a browser page'); };`,
          ...names.map((k) => `export const ${k} = fail(${JSON.stringify(k)});`),
          'export default new Proxy({}, { get: (_t, k) => fail(k) });',
        ].join('\n'),
      };
    });
  },
};

/**
 * Bundles `files` for the page.
 * @param {{
 *   files: string[],
 *   root: string,
 *   outdir: string,
 *   alias?: Record<string, string>,
 *   assets?: string[],
 *   plugins?: import('esbuild').Plugin[],
 *   title?: string,
 * }} options `files`: test files (absolute, or relative to `root`); `root`: the package folder (test
 *   names are relative to it); `alias`: esbuild aliases (e.g. a package's `#imports`); `assets`: files
 *   copied beside the bundle (e.g. tfjs's `.wasm` binaries, which `new URL(…, import.meta.url)` finds
 *   there); `plugins`: more esbuild plugins.
 * @returns {Promise<{ outdir: string, files: string[], warnings: string[] }>} `files`: the test
 *   names the page knows (paths relative to `root`)
 */
export async function bundleTests({ files, root, outdir, alias = {}, assets = [], plugins = [], title }) {
  const absolute = files.map((f) => resolve(root, f));
  const names = absolute.map((f) => relative(root, f).split('\\').join('/'));
  for (const f of absolute) if (!existsSync(f)) throw new Error(`bundleTests: no such test file ${f}`);
  mkdirSync(outdir, { recursive: true });
  const entry = [
    `import { start } from ${JSON.stringify(PAGE)};`,
    `await start([`,
    ...absolute.map((f, i) => `  [${JSON.stringify(names[i])}, () => import(${JSON.stringify(f)})],`),
    `]);`,
  ].join('\n');
  const result = await build({
    stdin: { contents: entry, resolveDir: root, sourcefile: 'harness-entry.mjs', loader: 'js' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir,
    entryNames: 'entry',
    chunkNames: 'chunks/[name]-[hash]',
    alias: { vitest: SHIM, ...alias },
    plugins: [browserVariants, nodeStubs, ...plugins],
    banner: {
      js: "var process = globalThis.process ?? { env: globalThis.__GLOSSA_HARNESS__?.env ?? {}, argv: [], versions: {}, platform: 'browser', browser: true, cwd: () => '/' };",
    },
    logLevel: 'silent',
    write: true,
  });
  const warnings = result.warnings.map((w) => `${w.location?.file ?? ''}: ${w.text}`);
  for (const a of assets) copyFileSync(a, join(outdir, basename(a)));
  // Chunks load `new URL('./x.wasm', import.meta.url)` from their own folder: assets go there too.
  mkdirSync(join(outdir, 'chunks'), { recursive: true });
  for (const a of assets) copyFileSync(a, join(outdir, 'chunks', basename(a)));
  writeFileSync(
    join(outdir, 'index.html'),
    `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>${title ?? 'glossa browser tests'}</title>
<script>
  // The page's configuration (env, files) comes in the query string: ?config=<JSON>.
  globalThis.__GLOSSA_HARNESS__ = JSON.parse(new URLSearchParams(location.search).get('config') || '{}');
</script>
<script type="module" src="./entry.js"></script>
</html>
`,
  );
  return { outdir, files: names, warnings };
}
