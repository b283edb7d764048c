// A promise interface over a Web Worker: `call(type, payload, onProgress)` posts a request and
// resolves with the worker's answer; messages `{ id, progress }` in between go to `onProgress`.
// Workers answer `{ id, result }` or `{ id, error }` (see workers/serve.js).

export function workerClient(worker) {
  let next = 0;
  const pending = new Map();
  worker.addEventListener('message', (event) => {
    const { id, result, error, progress } = event.data;
    const p = pending.get(id);
    if (!p) return;
    if (progress !== undefined) {
      p.onProgress?.(progress);
      return;
    }
    pending.delete(id);
    if (error !== undefined) p.reject(new Error(error));
    else p.resolve(result);
  });
  worker.addEventListener('error', (event) => {
    const e = new Error(`worker failed: ${event.message ?? 'unknown error'}`);
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  });
  return {
    call(type, payload, onProgress) {
      const id = ++next;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, onProgress });
        worker.postMessage({ id, type, payload });
      });
    },
    terminate() {
      worker.terminate();
      for (const p of pending.values()) p.reject(new Error('worker stopped'));
      pending.clear();
    },
  };
}
