// glossa in a browser bundle, as a new user meets it. Every publishable package is packed and
// installed from its tarball (with the four tfjs packages) into one fresh project outside the
// workspace; then:
// - every entry point not marked Node-only bundles with esbuild `--platform=browser` (default iife
//   format and esm, minified) with no error, no warning and no Node built-in or Node-only file;
// - core and a standalone package (tokenizers) also bundle with Vite 6 and webpack 5 without warnings,
//   and both emit tfjs's `.wasm` binaries as assets on their own;
// - a page that trains a `Linear` layer, tokenizes and runs `MultiHeadAttention` is built with Vite
//   and runs in Chromium on wasm and webgpu with no extra step and no console error (and the webpack
//   and esbuild builds of the same page on wasm, esbuild with the one documented step: copy the
//   binaries beside the bundle); minified builds keep the error names. Chromium parts are skipped,
//   with the reason, where there is none.
// Hits the npm registry (tfjs), like pack-install.test.ts.
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build as esbuild } from 'esbuild';
import { createLogger, createServer, build as viteBuild } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpack from 'webpack';
import { chromiumMissingReason, launchChromium, startServer } from '../browser/index.mjs';
import { exportEntries, packPackage, publicPackages } from '../release/workspace.mjs';
import { APP_HTML, APP_MAIN } from './browser-app';

const run = promisify(execFile);
const packages = publicPackages();
const byName = new Map(packages.map((p) => [p.name, p]));
const work = mkdtempSync(join(tmpdir(), 'glossa-browser-bundles-'));
const app = join(work, 'app');
let installError: string | undefined;

/** Entry points that are Node-only by design (file system, command line): never browser-bundled. */
const NODE_ONLY = ['@glossa/tokenizers/node', '@glossa/metrics/cli'];
/** Files that only Node may get (package.json `imports` `node` conditions). */
const NODE_FILES = /io-fs-node|platform-node/;
const BUILTIN = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const WASM = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
];

const browserEntries = packages.flatMap((p) =>
  exportEntries(p.pkg)
    .map((e: { subpath: string }) => (e.subpath === '.' ? p.name : `${p.name}/${e.subpath.slice(2)}`))
    .filter((spec: string) => !NODE_ONLY.includes(spec)),
);
const importAll = (spec: string) => `import * as m from '${spec}';\nconsole.log(Object.keys(m).length);\n`;

beforeAll(async () => {
  const tarballs = new Map(packages.map((p) => [p.name, packPackage(p.dir, join(work, 'tarballs'))]));
  const peers = byName.get('@glossa/core')?.pkg.peerDependencies ?? {};
  const file = (n: string) => `file:${tarballs.get(n)}`;
  const manifest = {
    name: 'glossa-browser-app',
    private: true,
    version: '1.0.0',
    type: 'module',
    dependencies: {
      ...Object.fromEntries(packages.map((p) => [p.name, file(p.name)])),
      ...Object.fromEntries(Object.entries(peers).filter(([n]) => n.startsWith('@tensorflow/'))),
    },
    overrides: Object.fromEntries(packages.map((p) => [p.name, file(p.name)])),
  };
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(app, 'index.html'), APP_HTML);
  writeFileSync(join(app, 'main.js'), APP_MAIN);
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: app,
    timeout: 300_000,
    env: { ...process.env, npm_config_workspaces: undefined, npm_config_user_agent: undefined },
  }).catch((e: Error & { stderr?: string }) => {
    installError = e.stderr || e.message;
  });
}, 400_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

it('installs every tarball and the tfjs backends in a project outside the workspace', () => {
  expect(installError).toBeUndefined();
  for (const p of packages) expect(existsSync(join(app, 'node_modules', ...p.name.split('/')))).toBe(true);
  for (const spec of NODE_ONLY) {
    const [scope, name, sub] = spec.split('/');
    expect(
      exportEntries(byName.get(`${scope}/${name}`)?.pkg ?? {}).map((e: { subpath: string }) => e.subpath),
    ).toContain(`./${sub}`);
  }
});

describe.each(browserEntries.map((spec: string) => [spec] as const))(
  '%s with esbuild --platform=browser',
  (spec) => {
    it.each([['iife'], ['esm']] as const)(
      'bundles (%s, minified) with no warning and nothing of Node',
      async (format) => {
        const result = await esbuild({
          stdin: { contents: importAll(spec), resolveDir: app, loader: 'js', sourcefile: 'entry.mjs' },
          bundle: true,
          platform: 'browser',
          format,
          minify: true,
          write: false,
          metafile: true,
          logLevel: 'silent',
        }).catch((e: { errors?: { text: string }[] }) => {
          throw new Error(`esbuild failed: ${(e.errors ?? []).map((x) => x.text).join('; ')}`);
        });
        expect(result.warnings.map((w) => w.text)).toEqual([]);
        const inputs = Object.keys(result.metafile.inputs);
        expect(inputs.filter((i) => NODE_FILES.test(i) || BUILTIN.has(i))).toEqual([]);
      },
    );
  },
);

/** Builds `entry` (a module or an HTML page of the app) with Vite; returns warnings and emitted files. */
async function withVite(entry: string, outDir: string): Promise<{ warnings: string[]; files: string[] }> {
  const warnings: string[] = [];
  const logger = createLogger('warn');
  logger.warn = (msg) => void warnings.push(msg);
  logger.warnOnce = (msg) => void warnings.push(msg);
  logger.error = (msg) => void warnings.push(`error: ${msg}`);
  await viteBuild({
    root: app,
    configFile: false,
    logLevel: 'warn',
    customLogger: logger,
    build: {
      outDir,
      emptyOutDir: true,
      // tfjs alone is over Vite's 500 kB advice for one chunk: that hint is about the app's size.
      chunkSizeWarningLimit: 1e9,
      rollupOptions: {
        input: join(app, entry),
        onwarn: (w) => void warnings.push(`rollup: ${w.message}`),
      },
    },
  });
  return { warnings, files: readdirSync(join(outDir, 'assets')) };
}

/** Builds `entry` with webpack 5 (production); returns warnings, errors and emitted files. */
async function withWebpack(entry: string, outDir: string) {
  const compiler = webpack({
    mode: 'production',
    context: app,
    entry: `./${entry}`,
    output: { path: outDir, filename: 'main.js', clean: true },
    target: 'web',
    // Unminified to keep the test quick (terser on tfjs takes a minute); Vite's build is minified.
    optimization: { minimize: false },
    // tfjs and the .wasm binaries are over webpack's 244 KiB advice: that hint is about the app's size.
    performance: { hints: false },
  });
  const stats = await new Promise<webpack.Stats>((resolve, reject) =>
    compiler.run((err, s) => (err || !s ? reject(err) : resolve(s))),
  );
  await new Promise((r) => compiler.close(r));
  const json = stats.toJson({ all: false, errors: true, warnings: true });
  return {
    warnings: (json.warnings ?? []).map((w) => w.message),
    errors: (json.errors ?? []).map((e) => e.message),
    files: readdirSync(outDir),
  };
}

describe('@glossa/tokenizers (standalone) with Vite 6 and webpack 5', () => {
  const entry = 'entry-tokenizers.mjs';
  beforeAll(() => writeFileSync(join(app, entry), importAll('@glossa/tokenizers')));

  it('Vite builds it without a warning', async () => {
    expect((await withVite(entry, join(work, 'vite-tokenizers'))).warnings).toEqual([]);
  });

  it('webpack builds it without a warning', async () => {
    const { warnings, errors } = await withWebpack(entry, join(work, 'webpack-tokenizers'));
    expect([...errors, ...warnings]).toEqual([]);
  });
});

// The page (core, attention, tokenizers) is core's bundler check: built once per bundler here, run in
// Chromium below.
const built = new Map<string, string>();

describe('a page using core, attention and tokenizers', () => {
  it('Vite builds it without a warning and emits the three tfjs-backend-wasm binaries itself', async () => {
    const out = join(work, 'vite-app');
    const { warnings, files } = await withVite('index.html', out);
    expect(warnings).toEqual([]);
    for (const w of WASM)
      expect(
        files.some((f) => f.startsWith(w.replace('.wasm', '-')) && f.endsWith('.wasm')),
        w,
      ).toBe(true);
    built.set('vite', out);
  });

  it('webpack builds it without a warning and emits the three tfjs-backend-wasm binaries itself', async () => {
    const out = join(work, 'webpack-app');
    const { warnings, errors, files } = await withWebpack('main.js', out);
    expect([...errors, ...warnings]).toEqual([]);
    expect(files.filter((f) => f.endsWith('.wasm')).length).toBe(WASM.length);
    writeFileSync(join(out, 'index.html'), APP_HTML);
    built.set('webpack', out);
  });

  it('esbuild builds it without a warning (the binaries are copied beside it: the documented step)', async () => {
    const out = join(work, 'esbuild-app');
    const result = await esbuild({
      entryPoints: [join(app, 'main.js')],
      absWorkingDir: app,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      minify: true,
      outfile: join(out, 'main.js'),
      logLevel: 'silent',
    });
    expect(result.warnings).toEqual([]);
    writeFileSync(join(out, 'index.html'), APP_HTML);
    for (const w of WASM) copyFileSync(join(app, 'node_modules/@glossa/core/dist', w), join(out, w));
    built.set('esbuild', out);
  });
});

const noChromium = chromiumMissingReason();

/** Opens `url` in Chromium and waits for the app's report; `requests` lists what the server answered. */
async function openApp(url: string, requests: () => { path: string; status: number }[]) {
  const browser = await launchChromium();
  const consoleErrors: string[] = [];
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
    await page.goto(url);
    await page.waitForFunction(() => (window as any).__app || (window as any).__appError, null, {
      timeout: 240_000,
    });
    const report = await page.evaluate(() => ({
      app: (window as any).__app,
      error: (window as any).__appError,
    }));
    return {
      ...report,
      consoleErrors,
      notFound: requests().filter((r) => r.status !== 200),
      wasmFetched: requests()
        .filter((r) => r.path.endsWith('.wasm'))
        .map((r) => r.path),
    };
  } finally {
    await browser.close();
  }
}

/** Serves the built `dir` (cross-origin isolated) and runs its page. */
async function runApp(dir: string, query: string) {
  const server = await startServer({ root: dir });
  try {
    return await openApp(`${server.url}?${query}`, () => server.requests);
  } finally {
    await server.close();
  }
}

function expectTrained(report: Awaited<ReturnType<typeof runApp>>, backends: string[]) {
  expect(report.error).toBeUndefined();
  expect(report.consoleErrors).toEqual([]);
  expect(report.notFound).toEqual([]);
  const out = report.app;
  expect(out.crossOriginIsolated).toBe(true);
  expect(out.tokens).toBeLessThan('lower newest'.length);
  // Minified builds keep error names (string literals) and classes.
  expect(out.minifiedErrorName).toBe('BackendError');
  expect(out.instanceOf).toBe(true);
  expect(out.runs.map((r: { backend: string }) => r.backend)).toEqual(backends);
  for (const r of out.runs) {
    expect(r.last).toBeLessThan(r.first / 4);
    expect(r.shapes).toEqual([
      [1, 3, 8],
      [1, 3, 3],
    ]);
  }
  expect(out.auto.reason).toMatch(/^auto: /);
  expect(out.tensors).toBe(0);
}

describe.skipIf(!!noChromium)(`the page in Chromium${noChromium ? ` (skipped: ${noChromium})` : ''}`, () => {
  it('Vite build: trains on wasm and webgpu with no extra step and no console error', async () => {
    const report = await runApp(built.get('vite')!, 'backends=wasm,webgpu');
    expectTrained(report, ['wasm', 'webgpu']);
    expect(report.wasmFetched).toEqual([
      expect.stringMatching(/^\/assets\/tfjs-backend-wasm-threaded-simd-.*\.wasm$/),
    ]);
  });

  it("Vite's dev server: trains on wasm with no configuration but the isolation headers", async () => {
    const requests: { path: string; status: number }[] = [];
    const server = await createServer({
      root: app,
      configFile: false,
      logLevel: 'silent',
      server: {
        host: '127.0.0.1',
        port: 0,
        headers: {
          'Cross-Origin-Opener-Policy': 'same-origin',
          'Cross-Origin-Embedder-Policy': 'require-corp',
        },
      },
      plugins: [
        {
          name: 'record-requests',
          configureServer: (s) =>
            void s.middlewares.use((req, res, next) => {
              res.on('finish', () =>
                requests.push({ path: (req.url ?? '').split('?')[0]!, status: res.statusCode }),
              );
              next();
            }),
        },
      ],
    });
    await server.listen();
    try {
      const url = server.resolvedUrls?.local[0];
      // 304s are the browser's cache at work, not missing files.
      const report = await openApp(`${url}?backends=wasm`, () => requests.filter((r) => r.status !== 304));
      expectTrained(report, ['wasm']);
      expect(report.wasmFetched).toEqual([
        '/node_modules/@glossa/core/dist/tfjs-backend-wasm-threaded-simd.wasm',
      ]);
    } finally {
      await server.close();
    }
  });

  it('webpack build: trains on wasm with no extra step and no console error', async () => {
    expectTrained(await runApp(built.get('webpack')!, 'backends=wasm'), ['wasm']);
  });

  it('esbuild build (binaries copied): trains on wasm with no console error', async () => {
    expectTrained(await runApp(built.get('esbuild')!, 'backends=wasm'), ['wasm']);
  });
});
