/**
 * Registers the fused LSTM and GRU cell kernels (cpu and wasm) and their gradients through core's
 * kernel registry, on first use of a recurrent op (the package has no import-time side effects).
 * Other backends (webgpu) use the composite ops; so does `useBackend(…, { fastKernels: false })`.
 */
import { type KernelProvider, registerKernels } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import { gruCellGradConfig, gruCellKernels } from './gru-cell-kernel';
import { lstmCellGradConfig, lstmCellKernels } from './lstm-cell-kernel';

const PROVIDER: KernelProvider = {
  name: '@glossa/recurrent fused LSTM and GRU cells',
  kernels: (backend) =>
    backend === 'webgpu' ? [] : [...lstmCellKernels(backend), ...gruCellKernels(backend)],
  gradients: [lstmCellGradConfig, gruCellGradConfig],
  speedOnly: true,
};

let registered = false;

/**
 * Registers the provider once (core's registry installs it again for every backend `useBackend`
 * loads later) and says whether `kernelName` runs fused on the active backend.
 */
export function fusedAvailable(kernelName: string): boolean {
  if (!registered) {
    registered = true;
    registerKernels(PROVIDER);
  }
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}
