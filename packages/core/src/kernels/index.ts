/**
 * glossa's own kernels for what backends lack or do slowly, registered by `ensureTfjsExtras` (which
 * `useBackend` calls) once each backend's package has been loaded.
 */
import {
  getGradient,
  getKernel,
  type KernelConfig,
  registerGradient,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import { geluGradConfig, geluKernels } from './gelu';
import { layerNormGradConfig, layerNormKernels } from './layer-norm';
import { batchMatMulGradConfig } from './mat-mul-grad';
import { meanGradConfig, sumGradConfig } from './reduce-grads';
import { makeWasmBatchMatMul } from './wasm-batch-mat-mul';
import { makeWasmCast, makeWasmIdentity } from './wasm-identity';
import {
  makeWasmBinary,
  makeWasmErf,
  makeWasmExp,
  makeWasmGather,
  makeWasmSquare,
  makeWasmTranspose,
} from './wasm-simd-kernels';
import { makeWasmSlice, makeWasmSplitV } from './wasm-slice';
import { makeWasmMean, makeWasmSum } from './wasm-sum';
import { makeWasmTile } from './wasm-tile';
import { wasmUnsortedSegmentSumConfig } from './wasm-unsorted-segment-sum';
import { makeWebgpuPad } from './webgpu-pad';

/** Kernel functions registered by glossa, so that a second call replaces nothing. */
const ours = new WeakSet<object>();

function backendLoaded(backend: string): boolean {
  // Every backend registers `Add`; its absence means the backend's package was not imported.
  return getKernel('Add', backend) !== undefined;
}

/** Registers `config`, replacing a registration that is not glossa's. */
function install(config: KernelConfig): void {
  const existing = getKernel(config.kernelName, config.backendName);
  if (existing && ours.has(existing.kernelFunc)) return;
  if (existing) unregisterKernel(config.kernelName, config.backendName);
  ours.add(config.kernelFunc);
  registerKernel(config);
}

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
    'GlossaGelu, GlossaGeluGrad (fused exact GELU, SIMD)',
    'Add, Sub, Multiply, RealDiv (SIMD; whole, scalar, row and column broadcasts), Square',
  ],
  webgpu: ['PadV2 (rank ≥ 5)'],
  cpu: [
    'GlossaLayerNorm, GlossaLayerNormGrad (fused layer norm)',
    'GlossaGelu, GlossaGeluGrad (fused exact GELU)',
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
    // Fused layer norm and GELU (speed only: without them `layerNorm` and `gelu` run composite ops).
    for (const grad of [layerNormGradConfig, geluGradConfig])
      if (getGradient(grad.kernelName) !== grad) registerGradient(grad);
    for (const b of ['cpu', 'wasm'] as const)
      if (backendLoaded(b))
        for (const k of [...layerNormKernels(b), ...geluKernels(b)])
          if (!getKernel(k.kernelName, b)) install(k);
  }
  if (backendLoaded('wasm')) {
    if (!getKernel('UnsortedSegmentSum', 'wasm')) install(wasmUnsortedSegmentSumConfig);
    if (options.fast !== false) {
      for (const [name, make] of WASM_WRAPPERS) {
        const k = getKernel(name, 'wasm');
        if (k && !ours.has(k.kernelFunc)) install(make(k));
      }
    }
  }
  const pad = getKernel('PadV2', 'webgpu');
  if (pad && !ours.has(pad.kernelFunc)) install(makeWebgpuPad(pad));
}
