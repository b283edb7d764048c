/**
 * Runs glossa's SIMD `gemm` on several threads (threaded wasm backend: Node, or a cross-origin-isolated
 * page). The backend's memory is shared there, so helper threads (`worker_threads` in Node, Web Workers
 * in browsers; `#platform` starts them) instantiate the same module on the same memory
 * and each computes a share of a product: whole batch entries when there is a batch, else a band of
 * rows (a multiple of 4). The caller's thread does a share too, then waits for the others.
 *
 * Hand-off is through a small SharedArrayBuffer: the caller writes each helper's arguments, bumps a
 * generation counter and wakes the helpers (`Atomics.notify`); helpers block in `Atomics.wait` between
 * jobs (no spinning, so an idle pool costs nothing), and count themselves done. The caller blocks in
 * `Atomics.wait` for them where it may (Node, a worker) and spins on `Atomics.load` where it may not (a
 * page's main thread; by then its own share is done, so the spin lasts the helpers' remainder). Every output value is
 * computed by the same code in the same order whatever the split, so results do not depend on the
 * thread count. Helpers are unref'd and never keep Node alive.
 */
import { platform } from '#platform';
import type { HelperThread } from '../../backend/platform-types';
import type { SimdKernels } from './simd-exports';

type Gemm = SimdKernels['gemm'];

const GEN = 0; // generation counter (−1: shut down)
const DONE = 1; // helpers finished with the current generation
const FAILED = 2; // set by a helper whose share threw
const ARGS = 4; // 9 arguments per helper from here
const NARGS = 9;

// Helper thread body: `#platform` defines `data` (what startGemmPool passes) and `ready()`.
const HELPER = `
const { module, memory, control, index } = data;
const gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm;
const c = new Int32Array(control);
const base = ${ARGS} + index * ${NARGS};
let gen = Atomics.load(c, ${GEN});
ready();
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

/** A helper that has not finished its share after this long is taken as dead. */
const HELPER_TIMEOUT_MS = 10_000;

/** Waits until `c[DONE]` reaches `helpers`; `false` if it did not within HELPER_TIMEOUT_MS. */
function awaitHelpers(c: Int32Array, helpers: number): boolean {
  if (platform.canBlock) {
    for (;;) {
      const done = Atomics.load(c, DONE);
      if (done >= helpers) return true;
      if (Atomics.wait(c, DONE, done, HELPER_TIMEOUT_MS) === 'timed-out' && Atomics.load(c, DONE) === done)
        return false;
    }
  }
  const deadline = Date.now() + HELPER_TIMEOUT_MS;
  for (let spins = 0; Atomics.load(c, DONE) < helpers; spins++)
    if ((spins & 0xfff) === 0 && Date.now() > deadline) return false;
  return true;
}

/**
 * Starts `helpers` threads running `module` on `memory` and returns a `gemm` that uses them and the
 * caller's `local` instance; `undefined` where threads cannot be started (memory not shared, no
 * workers: a page that is not cross-origin isolated, a CSP refusing blob workers).
 */
export async function startGemmPool(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  local: Gemm,
  helpers: number,
): Promise<Gemm | undefined> {
  if (
    helpers < 1 ||
    typeof SharedArrayBuffer === 'undefined' ||
    !(memory.buffer instanceof SharedArrayBuffer)
  )
    return undefined;
  const control = new SharedArrayBuffer((ARGS + NARGS * helpers) * 4);
  const c = new Int32Array(control);
  const threads: HelperThread[] = [];
  const stop = () => {
    Atomics.store(c, GEN, -1);
    Atomics.notify(c, GEN);
    for (const t of threads) t.terminate();
  };
  try {
    for (let index = 0; index < helpers; index++) {
      const t = await platform.startHelper(HELPER, { module, memory, control, index });
      if (!t) {
        stop();
        return undefined;
      }
      threads.push(t);
    }
  } catch {
    stop();
    return undefined;
  }
  let broken = false;
  for (const t of threads)
    t.onExit(() => {
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
    if (!awaitHelpers(c, helpers)) {
      broken = true;
      throw new Error('glossa: a SIMD gemm helper thread stopped responding');
    }
    if (Atomics.load(c, FAILED))
      throw new Error('glossa: a SIMD gemm helper thread failed (memory access out of bounds?)');
  };
}
