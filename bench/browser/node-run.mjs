// One Node run of the browser benches (bench support, spawned by driver.mjs): starts the wasm backend
// with the config given as argv[2] (threads, relaxedSimd), runs work.mjs, and prints its figures on a
// line starting with `@@`. CPU time is this process's (all threads: tfjs's pthreads, glossa's gemm
// helpers).
import { useBackend } from '@glossa/core';
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
const r = await measure(tf, { ...config.work, cpuMs });
console.log(`@@${JSON.stringify({ ...r, threads: info.threads, relaxedSimd: info.relaxedSimd })}`);
process.exit(0);
