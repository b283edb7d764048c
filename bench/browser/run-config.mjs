// The work of one bench page (bench support, bundled by driver.mjs into page.js and worker.js): starts
// the backend `config` names, counts WebGPU dispatches and pipelines where there are any, and runs
// work.mjs. `cpuMs` reads the Chromium process tree's CPU time (through the page: `__benchCpu`).
import { precompile, useBackend } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { measure } from './work.mjs';

export async function runConfig(config, cpuMs) {
  const info = await useBackend(config.backend, {
    verbose: false,
    threads: config.threads,
    relaxedSimd: config.relaxedSimd,
    wasmPaths: `${location.origin}/`,
  });
  if (config.withoutWgslFusion)
    for (const k of ['GlossaLayerNorm', 'GlossaLayerNormGrad', 'GlossaGelu', 'GlossaGeluGrad'])
      tf.unregisterKernel(k, 'webgpu'); // "before": layerNorm and gelu as composite ops
  let dispatches = 0;
  let countDispatches;
  if (config.backend === 'webgpu' && globalThis.GPUComputePassEncoder) {
    const proto = GPUComputePassEncoder.prototype;
    const original = proto.dispatchWorkgroups;
    proto.dispatchWorkgroups = function (...args) {
      dispatches++;
      return original.apply(this, args);
    };
    countDispatches = () => dispatches;
  }
  // Pipelines created (tfjs makes one per new program variant, sync or, when precompiling, async).
  let pipelines = 0;
  if (globalThis.GPUDevice)
    for (const name of ['createComputePipeline', 'createComputePipelineAsync']) {
      const original = GPUDevice.prototype[name];
      GPUDevice.prototype[name] = function (...args) {
        pipelines++;
        return original.apply(this, args);
      };
    }
  const work = { ...config.work, ...config.workOverride };
  const figures = await measure(tf, {
    ...work,
    countDispatches,
    countPipelines: () => pipelines,
    cpuMs,
    precompile: config.precompile ? precompile : undefined,
    log: (s) => console.log(`bench: ${s}`),
  });
  return { ...figures, reason: info.reason, threads: info.threads, relaxedSimd: info.relaxedSimd };
}
