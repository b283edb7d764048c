// What crossEntropy's target check costs (issue 23: ≤ 2 % of the reference LM step on wasm).
// Times crossEntropy forward+backward on the reference LM's logits shape [16·128, 256] with and
// without `validateTargets`, beside one step of the reference LM, in one run on the wasm backend.
//   pnpm --filter @glossa/core build && node bench/cross-entropy-check.bench.mjs
import { crossEntropy, useBackend } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { batchOf, buildLm, CONFIG } from './core-lm-model.mjs';

await useBackend('wasm', { verbose: false });
const lm = buildLm(tf);
const { ids, targets } = batchOf(tf);
const logits = tf.randomNormal([CONFIG.batch, CONFIG.seq, CONFIG.vocab]);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(fn, reps) {
  for (let i = 0; i < 2; i++) await fn();
  const out = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return median(out);
}
const ce = (validateTargets) => async () => {
  const g = tf.grad((x) => crossEntropy(x, targets, { validateTargets }))(logits);
  await g.data();
  g.dispose();
};
const step = async () => {
  const l = lm.step(ids, targets);
  await l.data();
  l.dispose();
};
const stepMs = await time(step, 10);
// Checked and unchecked calls interleaved (the machine's noise hits both alike), medians of 60 each.
const ons = [];
const offs = [];
for (let i = 0; i < 62; i++) {
  for (const [flag, out] of [
    [true, ons],
    [false, offs],
  ]) {
    const t0 = performance.now();
    await ce(flag)();
    if (i >= 2) out.push(performance.now() - t0);
  }
}
const on = median(ons);
const off = median(offs);
const cost = on - off;
console.log(`wasm, threads as default; CPU: ${(await import('node:os')).cpus()[0]?.model}`);
console.log(`reference LM step             ${stepMs.toFixed(1)} ms`);
console.log(`crossEntropy fwd+bwd, checked ${on.toFixed(2)} ms; unchecked ${off.toFixed(2)} ms`);
console.log(
  `check cost ${cost.toFixed(3)} ms = ${((100 * cost) / stepMs).toFixed(2)} % of the LM step (target ≤ 2 %)`,
);
// The check's own work, without the loss around it: the targets' read-back and the range test.
const t0 = performance.now();
for (let i = 0; i < 1000; i++) {
  const v = targets.dataSync();
  let bad = 0;
  for (let j = 0; j < v.length; j++) if (!(v[j] >= 0 && v[j] < CONFIG.vocab)) bad++;
  if (bad) throw new Error('unexpected');
}
const readUs = (1000 * (performance.now() - t0)) / 1000;
console.log(
  `read-back + range test of ${targets.size} targets: ${readUs.toFixed(1)} µs = ${((readUs / 1000 / stepMs) * 100).toFixed(4)} % of the step`,
);
