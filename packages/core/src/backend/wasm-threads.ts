/**
 * Multithreaded wasm in Node. tfjs-backend-wasm 4.22 turns threads off under Node: its pthread worker
 * script is handed to `new Worker` as a Blob URL (Node needs a file) and loads the threaded glue from a
 * Blob (Node's worker `importScripts` reads files), and it caps threads at half the cores. While the
 * backend initialises, this module writes tfjs's own worker script to a temporary file, makes it load
 * the package's threaded glue by path, and reports twice the cores so that the cap allows `threads`.
 * Every patch is undone when initialisation ends. Workers are unref'd so that they never keep a Node
 * process alive.
 */
import * as tf from '@tensorflow/tfjs-core';

const LOAD_BY_BLOB =
  /if\(typeof e\.data\.urlOrBlob=="string"\)\{importScripts\(e\.data\.urlOrBlob\)\}else\{var objectUrl=URL\.createObjectURL\(e\.data\.urlOrBlob\);importScripts\(objectUrl\);URL\.revokeObjectURL\(objectUrl\)\}/;

// Node built-ins, imported when threads are first started (this module is Node-only: `#platform`).
const nodeImport = (m: string) => import(/* @vite-ignore */ m);

/**
 * Runs `init` (which must call `tf.setBackend('wasm')` for the first time) with threads enabled.
 * @returns the number of threads the backend runs with, and why it is 1 when it is.
 */
export async function initWasmWithNodeThreads(
  threads: number,
  setThreadsCount: (n: number) => void,
  init: () => Promise<boolean>,
): Promise<{ ok: boolean; note?: string }> {
  const os = (await nodeImport('node:os')) as typeof import('node:os');
  const fs = (await nodeImport('node:fs')) as typeof import('node:fs');
  const path = (await nodeImport('node:path')) as typeof import('node:path');
  const { createRequire } = (await nodeImport('node:module')) as typeof import('node:module');
  let glue: string;
  try {
    const pkg = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
    glue = path.join(path.dirname(pkg), 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js');
    if (!fs.existsSync(glue)) throw new Error(`${glue} is missing`);
  } catch (e) {
    return {
      ok: await init(),
      note: `wasm threads unavailable: threaded glue not found (${(e as Error).message})`,
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossa-wasm-'));
  const g = globalThis as unknown as { Blob: typeof Blob };
  const RealBlob = g.Blob;
  const realCreate = URL.createObjectURL;
  // The module object itself (what tfjs's `require('os')` sees), not the frozen ESM namespace.
  const osMod = ((os as unknown as { default?: unknown }).default ?? os) as {
    cpus: () => import('node:os').CpuInfo[];
  };
  const realCpus = osMod.cpus;
  let patched = true;
  class RecordingBlob extends RealBlob {
    readonly glossaText: string;
    constructor(parts: BlobPart[] = [], options?: BlobPropertyBag) {
      super(parts, options);
      this.glossaText = parts.map((p) => (typeof p === 'string' ? p : '')).join('');
    }
  }
  g.Blob = RecordingBlob as unknown as typeof Blob;
  let n = 0;
  URL.createObjectURL = (obj: Blob | MediaSource) => {
    const text = (obj as Partial<RecordingBlob>).glossaText;
    if (patched && typeof text === 'string' && text.includes('ENVIRONMENT_IS_PTHREAD')) {
      const patchedText = text.replace(LOAD_BY_BLOB, `importScripts(${JSON.stringify(glue)});`);
      if (patchedText === text)
        throw new Error('glossa: unexpected tfjs-backend-wasm worker script (version mismatch)');
      const file = path.join(dir, `pthread-worker-${n++}.js`);
      fs.writeFileSync(file, patchedText);
      return file;
    }
    return realCreate(obj as Blob);
  };
  osMod.cpus = () => {
    const c = realCpus();
    while (c.length < 2 * threads) c.push(...realCpus());
    return c;
  };
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  try {
    return { ok: await init() };
  } finally {
    patched = false;
    g.Blob = RealBlob;
    URL.createObjectURL = realCreate;
    osMod.cpus = realCpus;
    unrefWorkers();
  }
}

/** Lets Node exit while wasm pthread workers are idle. */
function unrefWorkers(): void {
  const registry = (tf.engine() as unknown as { registry: Record<string, unknown> }).registry;
  const backend = registry.wasm as
    | { wasm?: { PThread?: { unusedWorkers: unknown[]; runningWorkers: unknown[] } } }
    | undefined;
  const pt = backend?.wasm?.PThread;
  if (!pt) return;
  for (const w of [...pt.unusedWorkers, ...pt.runningWorkers]) (w as { unref?: () => void }).unref?.();
}
