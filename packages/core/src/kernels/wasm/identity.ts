/**
 * `Identity` for the wasm backend without a copy. tfjs-core's engine clones (runs `Identity` on) every
 * tensor a kernel saves for its gradient; tfjs-wasm 4.22 copies the data each time (~190 copies, ~14 ms
 * per reference Transformer step). Tensor data is immutable in tfjs, so the clone can share the data
 * with a reference count, as tfjs's cpu backend and the wasm `Reshape` kernel already do.
 */
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import type { TensorInfo, WasmBackend } from './wasm-backend';

type IdentityArgs = { inputs: { x: TensorInfo }; backend: WasmBackend & { incRef(d: object): void } };

/** Wraps the original wasm `Identity` (still used for strings). */
export function makeWasmIdentity(original: KernelConfig): KernelConfig {
  const fallback = original.kernelFunc as unknown as (a: IdentityArgs) => TensorInfo;
  const kernelFunc = (args: IdentityArgs): TensorInfo => {
    const { x } = args.inputs;
    if (x.dtype === 'string') return fallback(args);
    args.backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  return {
    kernelName: 'Identity',
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    kernelFunc: kernelFunc as unknown as KernelFunc,
  };
}

type CastArgs = IdentityArgs & { attrs: { dtype: string } };

/**
 * `Cast` to the dtype a tensor already has (tfjs ops such as `moments` and `mean` cast float32 to
 * float32) shares the data as `Identity` does; real conversions go to the original kernel.
 */
export function makeWasmCast(original: KernelConfig): KernelConfig {
  const fallback = original.kernelFunc as unknown as (a: CastArgs) => TensorInfo;
  const kernelFunc = (args: CastArgs): TensorInfo => {
    const { x } = args.inputs;
    if (x.dtype === 'string' || x.dtype !== args.attrs.dtype) return fallback(args);
    args.backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  return {
    kernelName: 'Cast',
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    kernelFunc: kernelFunc as unknown as KernelFunc,
  };
}
