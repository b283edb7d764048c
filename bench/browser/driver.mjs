// Driver side of the browser benches (bench support, not a *.bench.mjs entry): runs work.mjs in a
// Node child process (node-run.mjs) or in a fresh headless Chromium page (page.mjs bundled with
// esbuild with worker.mjs for `inWorker` runs, served cross-origin isolated by tooling/browser's
// server), and reads the CPU time of the
// Chromium process tree from /proc so that a page's figures can be given per CPU second like Node's.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bench = join(here, '..');
const tooling = join(bench, '..', 'tooling');

/** Runs work.mjs in a Node child process on wasm with `config` (threads, relaxedSimd). */
export function nodeRun(config, work) {
  const flags = config.relaxedSimd ? ['--experimental-wasm-relaxed-simd'] : [];
  const r = spawnSync(
    process.execPath,
    [...flags, join(here, 'node-run.mjs'), JSON.stringify({ ...config, work })],
    { encoding: 'utf8', timeout: 600_000, cwd: bench },
  );
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('@@'));
  if (!line)
    return { error: (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(line.slice(2));
}

const TICK_MS = 10; // Linux USER_HZ = 100

/**
 * CPU milliseconds (user + system) of every live descendant of this process: Chromium's browser,
 * GPU, renderer and utility processes with all their threads (Web Workers run in the renderer).
 * `NaN` where /proc is missing.
 */
export function descendantsCpuMs() {
  let entries;
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return Number.NaN;
  }
  const procs = new Map();
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(pid), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) * TICK_MS });
    } catch {
      // exited meanwhile
    }
  }
  const children = new Map();
  for (const [pid, p] of procs) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid).push(pid);
  }
  let total = 0;
  const stack = [...(children.get(process.pid) ?? [])];
  while (stack.length) {
    const pid = stack.pop();
    total += procs.get(pid).cpu;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Starts Chromium and the page server; `run(config, work)` runs one page; `close()` stops both. */
export async function openBrowser() {
  const { startServer, launchChromium, chromiumMissingReason } = await import(
    join(tooling, 'browser', 'index.mjs')
  );
  const missing = chromiumMissingReason();
  if (missing) return { run: async () => ({ error: missing }), close: async () => {} };
  const esbuild = await import(join(tooling, 'node_modules', 'esbuild', 'lib', 'main.js'));
  const outdir = mkdtempSync(join(tmpdir(), 'glossa-browser-bench-'));
  await esbuild.build({
    entryPoints: [join(here, 'page.mjs'), join(here, 'worker.mjs')],
    outdir,
    entryNames: '[name]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    logLevel: 'error',
    // A browser bundle of tfjs-core / backends references Node built-ins behind runtime checks.
    external: ['fs', 'path', 'os', 'crypto', 'worker_threads', 'perf_hooks', 'util'],
  });
  writeFileSync(
    join(outdir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>glossa browser bench</title><script type="module" src="page.js"></script>',
  );
  const dist = join(bench, '..', 'packages', 'core', 'dist');
  for (const f of readdirSync(dist).filter((f) => f.endsWith('.wasm')))
    copyFileSync(join(dist, f), join(outdir, f));
  const server = await startServer({ root: outdir });
  const browser = await launchChromium();

  async function run(config, work) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    let done;
    const result = new Promise((r) => {
      done = r;
    });
    page.on('pageerror', (e) => {
      errors.push(String(e));
      done({ error: `page error: ${errors.join('; ')}` });
    });
    page.on('console', (m) => {
      if (process.env.BENCH_DEBUG) console.error(`[page] ${m.text()}`);
    });
    await page.exposeFunction('__benchDone', (r) => done(r));
    await page.exposeFunction('__benchCpu', () => descendantsCpuMs());
    const q = new URLSearchParams({ config: JSON.stringify({ ...config, work }) });
    if (config.isolate === false) q.set('isolate', '0');
    await page.goto(`${server.url}?${q}`);
    let timer;
    const timeout = new Promise((r) => {
      timer = setTimeout(() => r({ error: `timed out ${errors.join('; ')}` }), 600_000);
    });
    const r = await Promise.race([result, timeout]);
    clearTimeout(timer);
    if (errors.length && !r.error) r.pageErrors = errors;
    await context.close();
    return r;
  }

  async function close() {
    await browser.close();
    await server.close();
    rmSync(outdir, { recursive: true, force: true });
  }
  return { run, close };
}
