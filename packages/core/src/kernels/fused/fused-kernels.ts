/** Shared plumbing of glossa's fused kernels (layer norm, GELU) on the wasm and cpu backends. */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

/** The part of tfjs's cpu backend a fused kernel uses. */
export type CpuBackend = {
  data: { get(id: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
};

type Pair = readonly [forward: unknown, backward: unknown];

/** The forward and gradient kernel configs of one fused op for `backendName`. */
export function fusedKernels(
  names: readonly [forward: string, backward: string],
  backendName: 'wasm' | 'cpu',
  funcs: { wasm: Pair; cpu: Pair },
): KernelConfig[] {
  const [fwd, bwd] = funcs[backendName];
  return [
    { kernelName: names[0], backendName, kernelFunc: fwd as KernelFunc },
    { kernelName: names[1], backendName, kernelFunc: bwd as KernelFunc },
  ];
}
