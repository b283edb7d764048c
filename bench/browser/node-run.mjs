// One Node run of the browser benches (bench support, spawned by driver.mjs): starts the wasm backend
// with the config given as argv[2] (threads, relaxedSimd), runs work.mjs, and prints its figures on a
// line starting with `@@`. With `backend: 'webgpu'` (npm `webgpu`, Dawn) it counts created pipelines. CPU time is this process's (all threads: tfjs's pthreads, glossa's gemm
// helpers).
import { precompile, useBackend } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { measure } from './work.mjs';

const config = JSON.parse(process.argv[2] ?? '{}');
const info = await useBackend(config.backend ?? 'wasm', {
  verbose: false,
  threads: config.threads,
  relaxedSimd: config.relaxedSimd,
});
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
// webgpu (Dawn, e.g. on lavapipe): glossa's WGSL kernels off for the "before" row, pipelines counted.
if (config.withoutWgslFusion)
  for (const k of ['GlossaLayerNorm', 'GlossaLayerNormGrad', 'GlossaGelu', 'GlossaGeluGrad'])
    tf.unregisterKernel(k, 'webgpu');
let pipelines = 0;
const device = config.backend === 'webgpu' ? tf.backend().device : undefined;
if (device)
  for (const name of ['createComputePipeline', 'createComputePipelineAsync']) {
    const original = device[name].bind(device);
    device[name] = (...args) => {
      pipelines++;
      return original(...args);
    };
  }
const r = await measure(tf, {
  ...config.work,
  cpuMs,
  countPipelines: () => pipelines,
  precompile: config.precompile ? precompile : undefined,
});
console.log(`@@${JSON.stringify({ ...r, threads: info.threads, relaxedSimd: info.relaxedSimd })}`);
process.exit(0);
