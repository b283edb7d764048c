/**
 * The small part of tfjs-backend-wasm's `BackendWasm` that glossa's wasm kernels use, typed locally so
 * that `@glossa/core` does not need the (optional) wasm package to type-check or load.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';

/** A tensor as kernels see it. */
export type TensorInfo = tf.TensorInfo;

interface WasmModule {
  HEAPU8: Uint8Array;
  cwrap(name: string, ret: null | string, args: string[]): (...args: never[]) => unknown;
  _free(ptr: number): void;
  tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
}

/** The wasm backend object a kernel receives (`args.backend`). */
export interface WasmBackend {
  wasm: WasmModule;
  dataIdMap: {
    get(dataId: object): { id: number; memoryOffset: number; refCount: number };
    delete(dataId: object): void;
  };
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** The wasm-side tensor id of `t` (what the C++ kernels take). */
export function wasmId(backend: WasmBackend, t: TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).id;
}

/** Byte offset of `t`'s data in the wasm heap. */
export function heapOffset(backend: WasmBackend, t: TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).memoryOffset;
}

/**
 * A tensor that aliases `shape`'s worth of float32 memory at `byteOffset` inside another tensor's
 * buffer (no copy). Release it with {@link releaseView}, never with `disposeData` (that would free an
 * interior pointer).
 */
export function makeView(backend: WasmBackend, shape: number[], byteOffset: number): TensorInfo {
  return backend.makeOutput(shape, 'float32', byteOffset);
}

/** Forgets a view made by {@link makeView} without freeing the memory it aliases. */
export function releaseView(backend: WasmBackend, view: TensorInfo): void {
  const { id } = backend.dataIdMap.get(view.dataId);
  backend.wasm.tfjs.disposeData(id);
  backend.dataIdMap.delete(view.dataId);
}

/** Releases an intermediate tensor a kernel made (not one of its inputs or its output). */
export function disposeIntermediate(backend: WasmBackend, t: TensorInfo): void {
  backend.disposeData(t.dataId);
}

/** A wasm registration of `original`'s kernel (same set-up) running `kernelFunc` instead. */
export function replaceKernel<A>(original: KernelConfig, kernelFunc: (args: A) => TensorInfo): KernelConfig {
  return {
    kernelName: original.kernelName,
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    kernelFunc: kernelFunc as unknown as KernelFunc,
  };
}
