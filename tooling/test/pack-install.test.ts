// "Install only what you need": every publishable package is packed (`pnpm pack`), installed
// from its tarball into a fresh project outside the workspace with plain npm, and run from
// Node ESM, Node CJS and (standalone packages) an esbuild browser bundle. Standalone packages
// must pull in no @tensorflow/*; tensor packages must work with only the wasm backend
// installed and bring their @glossa dependencies with them. Hits the npm registry (tfjs peers).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPackage, publicPackages, root } from '../release/workspace.mjs';
import { browserEntry, cjsProgram, esmProgram, GENERIC, NODE_SMOKES, SMOKES } from './smoke';

const run = promisify(execFile);
const packages = publicPackages();
const byName = new Map(packages.map((p) => [p.name, p]));
const work = mkdtempSync(join(tmpdir(), 'glossa-pack-install-'));
const tarballs = new Map<string, string>();
const installErrors = new Map<string, string>();

/** Every @glossa package a package needs at runtime, transitively (itself included). */
function closure(name: string, seen = new Set<string>()): Set<string> {
  if (seen.has(name)) return seen;
  seen.add(name);
  const pkg = byName.get(name)?.pkg ?? {};
  for (const field of ['dependencies', 'peerDependencies']) {
    for (const dep of Object.keys(pkg[field] ?? {})) if (byName.has(dep)) closure(dep, seen);
  }
  return seen;
}
const usesTensors = (name: string) => closure(name).has('@glossa/core');
const projectDir = (name: string) => join(work, name.replace('@glossa/', 'app-'));
const smokeOf = (name: string) => SMOKES[name] ?? GENERIC;

/** Creates the temporary project for one package and npm-installs its tarball. */
async function install(name: string): Promise<void> {
  const dir = projectDir(name);
  mkdirSync(dir, { recursive: true });
  const dependencies: Record<string, string> = { [name]: `file:${tarballs.get(name)}` };
  if (usesTensors(name)) {
    // Only the wasm backend: cpu and tfjs-core arrive as (required) peers; webgpu stays out.
    const corePeers = byName.get('@glossa/core')!.pkg.peerDependencies;
    dependencies['@tensorflow/tfjs-backend-wasm'] = corePeers['@tensorflow/tfjs-backend-wasm'];
  }
  // Internal dependencies resolve to the local tarballs, never to the registry.
  const overrides = Object.fromEntries(
    [...tarballs].filter(([n]) => n !== name).map(([n, t]) => [n, `file:${t}`]),
  );
  const manifest = {
    name: `smoke-${name.split('/')[1]}`,
    private: true,
    version: '1.0.0',
    dependencies,
    overrides,
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    timeout: 180_000,
    env: { ...process.env, npm_config_workspaces: undefined, npm_config_user_agent: undefined },
  });
}

async function node(dir: string, file: string): Promise<unknown> {
  const { stdout } = await run(process.execPath, [file], { cwd: dir, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

beforeAll(async () => {
  const packDir = join(work, 'tarballs');
  for (const p of packages) tarballs.set(p.name, packPackage(p.dir, packDir));
  // Two installs at a time: npm is mostly waiting on the network and the disk.
  const queue = packages.map((p) => p.name);
  const worker = async () => {
    for (let n = queue.shift(); n; n = queue.shift()) {
      await install(n).catch((e: Error & { stderr?: string }) => installErrors.set(n, e.stderr || e.message));
    }
  };
  await Promise.all([worker(), worker()]);
}, 400_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

it('the temporary projects live outside the workspace', () => {
  expect(work.startsWith(root)).toBe(false);
  expect(packages.length).toBeGreaterThanOrEqual(5);
});

describe.each(packages.map((p) => [p.name] as const))('%s from its tarball', (name) => {
  const dir = projectDir(name);

  it('installs with npm outside the workspace', () => {
    expect(installErrors.get(name)).toBeUndefined();
    expect(existsSync(join(dir, 'node_modules', ...name.split('/'), 'package.json'))).toBe(true);
  });

  it('brings exactly the tensor stack it needs', () => {
    const nm = join(dir, 'node_modules');
    for (const dep of closure(name)) expect(existsSync(join(nm, ...dep.split('/'))), dep).toBe(true);
    if (usesTensors(name)) {
      expect(existsSync(join(nm, '@tensorflow', 'tfjs-core'))).toBe(true);
      expect(existsSync(join(nm, '@tensorflow', 'tfjs-backend-wasm'))).toBe(true);
      expect(existsSync(join(nm, '@tensorflow', 'tfjs-backend-webgpu'))).toBe(false);
      expect(existsSync(join(nm, 'webgpu'))).toBe(false);
    } else {
      expect(existsSync(join(nm, '@tensorflow'))).toBe(false);
      expect(existsSync(join(nm, '@glossa', 'core'))).toBe(false);
    }
  });

  it('runs from Node ESM', async () => {
    writeFileSync(join(dir, 'smoke.mjs'), esmProgram(name, smokeOf(name)));
    expect(await node(dir, 'smoke.mjs')).toEqual(smokeOf(name).expected);
  });

  it('runs from Node CommonJS', async () => {
    writeFileSync(join(dir, 'smoke.cjs'), cjsProgram(name, smokeOf(name)));
    expect(await node(dir, 'smoke.cjs')).toEqual(smokeOf(name).expected);
  });

  const nodeSmoke = NODE_SMOKES[name];
  if (nodeSmoke) {
    it('its Node-only entries run from Node ESM and CommonJS', async () => {
      writeFileSync(join(dir, 'smoke-node.mjs'), esmProgram(name, nodeSmoke));
      writeFileSync(join(dir, 'smoke-node.cjs'), cjsProgram(name, nodeSmoke));
      expect(await node(dir, 'smoke-node.mjs')).toEqual(nodeSmoke.expected);
      expect(await node(dir, 'smoke-node.cjs')).toEqual(nodeSmoke.expected);
    });
  }

  it('type-checks in a strict user project (skipLibCheck: false, no automatic @types)', async () => {
    // tfjs-core's declarations need @types/long's global `Long`; core references it (see
    // packages/core/scripts/reference-long-types.mjs), so this passes without user settings.
    const tsconfig = {
      compilerOptions: {
        strict: true,
        module: 'node16',
        moduleResolution: 'node16',
        target: 'es2022',
        skipLibCheck: false,
        noEmit: true,
        types: [],
      },
      files: ['strict.mts'],
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    writeFileSync(
      join(dir, 'strict.mts'),
      `import * as pkg from '${name}';\nexport const keys: string[] = Object.keys(pkg);\n`,
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, timeout: 120_000 }).catch(
      (e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? 'failed' }),
    );
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
  });
});

describe.skipIf(!byName.has('@glossa/core'))('@glossa/core in a browser bundle (esbuild)', () => {
  it('resolves #io-fs and #platform to the stubs, so Node stays out', async () => {
    const dir = projectDir('@glossa/core');
    writeFileSync(
      join(dir, 'browser-core.mjs'),
      "import { loadPretrained } from '@glossa/core';\nconsole.log(typeof loadPretrained);\n",
    );
    const result = await build({
      entryPoints: [join(dir, 'browser-core.mjs')],
      absWorkingDir: dir,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      // tfjs is the app's (only the wasm backend is installed here); nothing of Node may be needed:
      // the Node side of start-up is `#platform`'s node file (browser-bundles.test.ts bundles it all).
      external: ['@tensorflow/*'],
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.endsWith('node_modules/@glossa/core/dist/io-fs-browser.js'))).toBe(true);
    expect(inputs.some((i) => i.endsWith('node_modules/@glossa/core/dist/platform-browser.js'))).toBe(true);
    expect(inputs.filter((i) => /io-fs-node|platform-node/.test(i))).toEqual([]);
  });
});

describe.each(packages.filter((p) => !usesTensors(p.name)).map((p) => [p.name] as const))(
  '%s in a browser bundle (esbuild)',
  (name) => {
    it('bundles for the browser with no tensor library and runs', async () => {
      const dir = projectDir(name);
      writeFileSync(join(dir, 'browser-entry.mjs'), browserEntry(name, smokeOf(name)));
      const result = await build({
        entryPoints: [join(dir, 'browser-entry.mjs')],
        absWorkingDir: dir,
        bundle: true,
        platform: 'browser',
        format: 'iife',
        minify: false,
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.some((i) => i.includes(`node_modules/${name}/`))).toBe(true);
      expect(inputs.filter((i) => /@tensorflow|tfjs|@glossa\/core/.test(i))).toEqual([]);
      const code = result.outputFiles[0]!.text;
      expect(code).not.toMatch(/@tensorflow|tfjs-core/);
      writeFileSync(join(dir, 'bundle.js'), code);
      expect(await node(dir, 'bundle.js')).toEqual(smokeOf(name).expected);
    });
  },
);
