// One Chromium page of the browser benches (bundled by driver.mjs with esbuild): runs the URL's
// `config` (run-config.mjs) on the page's main thread, or with `inWorker` in a dedicated Web Worker
// (worker.mjs; there `Atomics.wait` is allowed, so waiting threads block instead of spinning), and
// hands the figures to the driver through `__benchDone`; CPU readings come from `__benchCpu`.
import { runConfig } from './run-config.mjs';

const config = JSON.parse(new URLSearchParams(location.search).get('config') ?? '{}');

function inWorker() {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./worker.js', location.href), { type: 'module' });
    worker.onerror = (e) => resolve({ error: `worker: ${e.message}` });
    worker.onmessage = async ({ data }) => {
      if (data.cpu !== undefined) worker.postMessage({ cpu: data.cpu, ms: await globalThis.__benchCpu() });
      else if (data.log) console.log(data.log);
      else {
        resolve(data.result);
        worker.terminate();
      }
    };
    worker.postMessage({ config });
  });
}

(config.inWorker ? inWorker() : runConfig(config, globalThis.__benchCpu)).then(
  (r) => globalThis.__benchDone(r),
  (e) => globalThis.__benchDone({ error: String(e?.stack ?? e) }),
);
