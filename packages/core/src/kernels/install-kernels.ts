/**
 * Installs glossa's kernels for what backends lack or do slowly: called by `ensureTfjsExtras` (which
 * `useBackend` calls) once each backend's package has been loaded. The fused kernels (core's and
 * sibling packages') come through the provider registry (`./registry`); the wasm wrappers and
 * gradient replacements below are core's own.
 */
import { getGradient, getKernel, type KernelConfig, registerGradient } from '@tensorflow/tfjs-core';
import { geluGradConfig, geluKernels, geluTanhGradConfig } from './fused/gelu';
import { kvAttentionKernels } from './fused/kv-attention';
import { layerNormGradConfig, layerNormKernels } from './fused/layer-norm';
import { batchMatMulGradConfig } from './gradients/mat-mul-grad';
import { meanGradConfig, sumGradConfig } from './gradients/reduce-grads';
import {
  backendLoaded,
  installKernel as install,
  installProviders,
  isGlossaKernel,
  type KernelProvider,
} from './registry';
import { makeWasmBatchMatMul } from './wasm/batch-mat-mul';
import { makeWasmCast, makeWasmIdentity } from './wasm/identity';
import {
  makeWasmBinary,
  makeWasmErf,
  makeWasmExp,
  makeWasmGather,
  makeWasmSquare,
  makeWasmTranspose,
} from './wasm/simd-kernels';
import { makeWasmSlice, makeWasmSplitV } from './wasm/slice';
import { makeWasmMean, makeWasmSum } from './wasm/sum';
import { makeWasmTile } from './wasm/tile';
import { wasmUnsortedSegmentSumConfig } from './wasm/unsorted-segment-sum';
import { makeWebgpuAddN } from './webgpu/add-n';
import { webgpuFusedKernels } from './webgpu/fused';
import { makeWebgpuPad } from './webgpu/pad';

/** Core's fused kernels, registered through the same registry sibling packages use. */
const FUSED: KernelProvider = {
  name: '@glossa/core fused layer norm, GELU and KV-cache attention',
  kernels: (b) =>
    b === 'webgpu'
      ? webgpuFusedKernels()
      : [...layerNormKernels(b), ...geluKernels(b), ...kvAttentionKernels(b)],
  gradients: [layerNormGradConfig, geluGradConfig, geluTanhGradConfig],
  speedOnly: true,
};

/** Names of the kernels glossa registers, per backend (for the README table). */
export const GLOSSA_KERNELS: Readonly<Record<string, readonly string[]>> = {
  wasm: [
    'UnsortedSegmentSum',
    'BatchMatMul',
    'Slice',
    'SplitV',
    'Sum, Mean (leading or trailing axes; SIMD, float64 accumulation)',
    'Identity (no copy)',
    'Tile',
    'Exp, Erf (SIMD)',
    'Transpose (last two axes, SIMD)',
    'GatherV2 (axis 0, row copies)',
    'GlossaLayerNorm, GlossaLayerNormGrad (fused layer norm, SIMD)',
    'GlossaGelu, GlossaGeluGrad (fused exact GELU, SIMD), GlossaGeluTanh (tanh GELU, SIMD)',
    'GlossaKVWrite, GlossaAttendOne (KV-cache write in place; one decoding step of attention, SIMD)',
    'Add, Sub, Multiply, RealDiv (SIMD; whole, scalar, row and column broadcasts), Square',
  ],
  webgpu: [
    'PadV2 (rank ≥ 5)',
    'GlossaLayerNorm, GlossaLayerNormGrad (fused layer norm, WGSL: 3 and 4 dispatches)',
    'GlossaGelu, GlossaGeluGrad (fused exact GELU, WGSL: 1 dispatch each)',
  ],
  cpu: [
    'GlossaLayerNorm, GlossaLayerNormGrad (fused layer norm)',
    'GlossaGelu, GlossaGeluGrad (fused exact GELU), GlossaGeluTanh (tanh GELU)',
    'GlossaKVWrite, GlossaAttendOne (KV-cache write in place; one decoding step of attention)',
  ],
  gradients: ['BatchMatMul (broadcasting batch axes)', 'Sum, Mean (broadcast, no ones tensor)'],
};

/** The wasm kernels glossa wraps (each keeps tfjs's original for the cases it does not cover). */
const WASM_WRAPPERS: ReadonlyArray<readonly [string, (original: KernelConfig) => KernelConfig]> = [
  ['BatchMatMul', makeWasmBatchMatMul],
  ['Slice', makeWasmSlice],
  ['SplitV', makeWasmSplitV],
  ['Sum', makeWasmSum],
  ['Mean', makeWasmMean],
  ['Identity', makeWasmIdentity],
  ['Cast', makeWasmCast],
  ['Tile', makeWasmTile],
  ['Exp', makeWasmExp],
  ['Erf', makeWasmErf],
  ['Transpose', makeWasmTranspose],
  ['GatherV2', makeWasmGather],
  ['Add', makeWasmBinary],
  ['Sub', makeWasmBinary],
  ['Multiply', makeWasmBinary],
  ['RealDiv', makeWasmBinary],
  ['Square', makeWasmSquare],
];

/**
 * Registers glossa's kernels for every backend whose package is loaded. Idempotent, cheap; call it
 * again after importing another backend (before `tf.setBackend`, so that kernel set-up runs).
 * `fast: false` skips the kernels that only make things faster (for before/after benchmarks).
 */
export function installKernels(options: { fast?: boolean } = {}): void {
  // Gradients are backend-independent; tfjs's own BatchMatMul gradient cannot broadcast.
  if (getGradient('BatchMatMul') !== batchMatMulGradConfig) registerGradient(batchMatMulGradConfig);
  if (options.fast !== false) {
    if (getGradient('Sum') !== sumGradConfig) registerGradient(sumGradConfig);
    if (getGradient('Mean') !== meanGradConfig) registerGradient(meanGradConfig);
  }
  // Fused layer norm and GELU (speed only: without them `layerNorm` and `gelu` run composite ops),
  // then every sibling package's kernels.
  installProviders(options.fast !== false, [FUSED]);
  if (backendLoaded('wasm')) {
    if (!getKernel('UnsortedSegmentSum', 'wasm')) install(wasmUnsortedSegmentSumConfig);
    if (options.fast !== false) {
      for (const [name, make] of WASM_WRAPPERS) {
        const k = getKernel(name, 'wasm');
        if (k && !isGlossaKernel(k.kernelFunc)) install(make(k));
      }
    }
  }
  const pad = getKernel('PadV2', 'webgpu');
  if (pad && !isGlossaKernel(pad.kernelFunc)) install(makeWebgpuPad(pad));
  const addN = getKernel('AddN', 'webgpu');
  if (addN && !isGlossaKernel(addN.kernelFunc)) install(makeWebgpuAddN(addN));
}
