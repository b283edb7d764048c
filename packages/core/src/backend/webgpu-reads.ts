/**
 * Synchronous reads on webgpu outside browsers. tfjs-backend-webgpu reads a GPU buffer synchronously
 * by drawing it into an `OffscreenCanvas`; Node (Dawn) has none, so `dataSync()`, `arraySync()`,
 * `bufferSync()` and `print()` of a tensor that lives on the GPU threw "OffscreenCanvas is not
 * defined". There is no synchronous GPU read-back in Node at all, so glossa reads asynchronously
 * everywhere, and a synchronous read by the user becomes a `BackendError` that says what to do
 * instead. Reads of values still held on the CPU side (tensors made from arrays and not yet used on
 * the GPU) keep working.
 */
import { BackendError } from '../errors';

/** The part of tfjs-backend-webgpu's backend object this touches. */
interface WebgpuReads {
  readSync(dataId: object): unknown;
  tensorMap?: { get(dataId: object): { values?: unknown; dtype?: string } | undefined };
}

const guarded = new WeakSet<object>();

/** The error a synchronous GPU read raises where it cannot work. */
export function syncReadError(): BackendError {
  return new BackendError(
    'webgpu: synchronous reads (dataSync(), arraySync(), bufferSync(), print()) of a tensor held on the GPU need OffscreenCanvas, which this environment (Node) does not have; read it asynchronously with `await t.data()` or `await t.array()`',
    'webgpu',
  );
}

/**
 * Makes `backend.readSync` throw `syncReadError()` for GPU-resident data where `OffscreenCanvas` is
 * missing; a no-op in browsers (where tfjs's synchronous read works) and when already done.
 */
export function guardWebgpuSyncReads(backend: object): void {
  if (typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas !== 'undefined') return;
  if (guarded.has(backend)) return;
  guarded.add(backend);
  const b = backend as WebgpuReads;
  const readSync = b.readSync.bind(b);
  b.readSync = (dataId: object) => {
    const data = b.tensorMap?.get(dataId);
    if (data && (data.values != null || data.dtype === 'string')) return readSync(dataId);
    throw syncReadError();
  };
}
