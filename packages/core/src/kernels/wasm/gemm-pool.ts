/**
 * Runs glossa's SIMD `gemm` on several threads (Node, threaded wasm backend). The backend's memory is
 * shared there, so helper threads (`worker_threads`) instantiate the same module on the same memory
 * and each computes a share of a product: whole batch entries when there is a batch, else a band of
 * rows (a multiple of 4). The caller's thread does a share too, then waits for the others.
 *
 * Hand-off is through a small SharedArrayBuffer: the caller writes each helper's arguments, bumps a
 * generation counter and wakes the helpers (`Atomics.notify`); helpers block in `Atomics.wait` between
 * jobs (no spinning, so an idle pool costs nothing), and count themselves done. Every output value is
 * computed by the same code in the same order whatever the split, so results do not depend on the
 * thread count. Helpers are unref'd and never keep Node alive.
 */
import { platform } from '#platform';
import type { SimdKernels } from './simd-exports';

type Gemm = SimdKernels['gemm'];

const GEN = 0; // generation counter (−1: shut down)
const DONE = 1; // helpers finished with the current generation
const FAILED = 2; // set by a helper whose share threw
const ARGS = 4; // 9 arguments per helper from here
const NARGS = 9;

// Helper thread body (CommonJS, evaluated by worker_threads).
const HELPER = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, control, index } = workerData;
const gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm;
const c = new Int32Array(control);
const base = ${ARGS} + index * ${NARGS};
let gen = Atomics.load(c, ${GEN});
parentPort.postMessage('ready');
for (;;) {
  Atomics.wait(c, ${GEN}, gen);
  gen = Atomics.load(c, ${GEN});
  if (gen < 0) break;
  try {
    if (c[base + 3] > 0) gemm(c[base], c[base + 1], c[base + 2], c[base + 3], c[base + 4], c[base + 5], c[base + 6], c[base + 7], c[base + 8]);
  } catch (e) {
    Atomics.store(c, ${FAILED}, 1);
  }
  Atomics.add(c, ${DONE}, 1);
  Atomics.notify(c, ${DONE});
}
`;

/** Products smaller than this many multiply-adds run on the caller's thread alone. */
const MIN_POOLED_MACS = 1 << 18;

/**
 * Starts `helpers` threads running `module` on `memory` and returns a `gemm` that uses them and the
 * caller's `local` instance; `undefined` where threads cannot be started (not Node, memory not shared).
 */
export async function startGemmPool(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  local: Gemm,
  helpers: number,
): Promise<Gemm | undefined> {
  // `#platform` gives `worker_threads`' Worker under Node only, so browser bundles never see it.
  const Worker = platform.Worker;
  if (!Worker || helpers < 1 || !(memory.buffer instanceof SharedArrayBuffer)) return undefined;
  const control = new SharedArrayBuffer((ARGS + NARGS * helpers) * 4);
  const c = new Int32Array(control);
  const workers: InstanceType<typeof Worker>[] = [];
  try {
    for (let index = 0; index < helpers; index++) {
      const w = new Worker(HELPER, { eval: true, workerData: { module, memory, control, index } });
      workers.push(w);
      await new Promise<void>((resolve, reject) => {
        w.once('message', () => resolve());
        w.once('error', reject);
      });
      w.unref();
    }
  } catch {
    Atomics.store(c, GEN, -1);
    Atomics.notify(c, GEN);
    for (const w of workers) void w.terminate();
    return undefined;
  }
  let broken = false;
  for (const w of workers)
    w.once('exit', () => {
      broken = true;
    });
  const parts = helpers + 1;

  return (a, b, out, batch, m, k, n, aStride, bStride) => {
    // Shares: whole batch entries, or bands of rows (multiples of 4) of a single product.
    const byBatch = batch >= parts;
    if (broken || batch * m * k * n < MIN_POOLED_MACS || (!byBatch && (batch !== 1 || m < 8 * parts))) {
      local(a, b, out, batch, m, k, n, aStride, bStride);
      return;
    }
    const total = byBatch ? batch : Math.ceil(m / 4);
    const shares: Array<[number, number, number, number, number, number, number, number, number]> = [];
    let start = 0;
    for (let p = 0; p < parts; p++) {
      const count = Math.floor(total / parts) + (p < total % parts ? 1 : 0);
      if (byBatch) {
        shares.push([
          a + start * aStride * 4,
          b + start * bStride * 4,
          out + start * m * n * 4,
          count,
          m,
          k,
          n,
          aStride,
          bStride,
        ]);
      } else {
        const r0 = start * 4;
        const rows = Math.min(m, (start + count) * 4) - r0;
        // One product (batch 1): a band of rows of A and of the output; B is shared.
        shares.push([a + r0 * k * 4, b, out + r0 * n * 4, rows > 0 ? 1 : 0, Math.max(rows, 0), k, n, 0, 0]);
      }
      start += count;
    }
    for (let h = 0; h < helpers; h++) c.set(shares[h + 1] as number[], ARGS + h * NARGS);
    Atomics.store(c, DONE, 0);
    Atomics.store(c, FAILED, 0);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    const own = shares[0] as Parameters<Gemm>;
    if (own[3] > 0) local(...own);
    for (;;) {
      const done = Atomics.load(c, DONE);
      if (done >= helpers) break;
      if (Atomics.wait(c, DONE, done, 10_000) === 'timed-out' && Atomics.load(c, DONE) === done) {
        broken = true;
        throw new Error('glossa: a SIMD gemm helper thread stopped responding');
      }
    }
    if (Atomics.load(c, FAILED))
      throw new Error('glossa: a SIMD gemm helper thread failed (memory access out of bounds?)');
  };
}
