/**
 * Synchronous reads on webgpu. tfjs-backend-webgpu reads a GPU buffer synchronously by drawing it into
 * an `OffscreenCanvas`. Node (Dawn) has none, so `dataSync()`, `arraySync()`, `bufferSync()` and
 * `print()` of a tensor that lives on the GPU threw "OffscreenCanvas is not defined". On a software
 * adapter (headless Chromium's SwiftShader) the canvas read-back returned zeros and then destroyed the
 * GPU device ("A valid external Instance reference no longer exists"), breaking every later op. glossa
 * reads asynchronously everywhere; in those two cases synchronous reads of GPU-resident data become a
 * `BackendError` that says to `await t.data()` instead. Reads of values still held on the CPU side
 * (tensors made from arrays and not yet used on the GPU) keep working, and so does every synchronous
 * read on a hardware adapter in a browser.
 */
import { BackendError } from '../errors';

/** The part of tfjs-backend-webgpu's backend object this touches. */
interface WebgpuReads {
  readSync(dataId: object): unknown;
  tensorMap?: { get(dataId: object): { values?: unknown; dtype?: string } | undefined };
}

const guarded = new WeakSet<object>();

const hasOffscreenCanvas = () =>
  typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas !== 'undefined';

/** Why synchronous GPU reads are refused here, or `undefined` when tfjs's own read works. */
export function syncReadProblem(adapter: { software: boolean } | undefined): string | undefined {
  if (!hasOffscreenCanvas())
    return 'tfjs reads them through an OffscreenCanvas, which this environment (Node) does not have';
  if (adapter?.software)
    return 'tfjs reads them through an OffscreenCanvas, and on a software adapter (SwiftShader) that read-back returns zeros and loses the GPU device';
  return undefined;
}

/** The error a synchronous GPU read raises where it cannot work. */
export function syncReadError(problem: string): BackendError {
  return new BackendError(
    `webgpu: synchronous reads (dataSync(), arraySync(), bufferSync(), print()) of a tensor held on the GPU do not work here (${problem}); read it asynchronously with \`await t.data()\` or \`await t.array()\``,
    'webgpu',
  );
}

/**
 * Where synchronous GPU reads cannot work (`syncReadProblem`), makes `backend.readSync` (the active
 * webgpu backend's) throw `syncReadError` for GPU-resident data. Idempotent.
 * @returns whether synchronous reads are refused
 */
export function guardWebgpuSyncReads(backend: object, adapter: { software: boolean } | undefined): boolean {
  if (guarded.has(backend)) return true;
  const problem = syncReadProblem(adapter);
  if (!problem) return false;
  guarded.add(backend);
  const b = backend as WebgpuReads;
  const readSync = b.readSync.bind(b);
  b.readSync = (dataId: object) => {
    const data = b.tensorMap?.get(dataId);
    if (data && (data.values != null || data.dtype === 'string')) return readSync(dataId);
    throw syncReadError(problem);
  };
  return true;
}
