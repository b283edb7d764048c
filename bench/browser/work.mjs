// The work bench/browser.bench.mjs times, shared by its Node child processes and its Chromium pages
// (bench support, not a *.bench.mjs entry): matMul 1024 and one training step of the reference
// Transformer LM (core-lm-model.mjs), each after warm-up steps, reading the result back every time.
import { batchOf, buildLm, CONFIG } from '../core-lm-model.mjs';

const now = () => performance.now();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * @param tf tfjs-core, with the backend already chosen
 * @param {{ matMulReps?: number, lmSteps?: number, countDispatches?: () => number, log?: (s: string) => void }} options
 *   `countDispatches`: reads a running count of GPU dispatches (webgpu pages); `log`: progress lines;
 *   `lm`: the LM's configuration (default core-lm-model.mjs's CONFIG)
 * @returns {Promise<{ matMulGflops: number, lmFirstMs: number, lmStepMs: number, tokensPerS: number,
 *   loss: number, dispatchesPerStep?: number }>}
 */
export async function measure(
  tf,
  { matMulReps = 5, lmSteps = 5, countDispatches, log = () => {}, lm = CONFIG } = {},
) {
  const n = 1024;
  const a = tf.randomUniform([n, n], -1, 1, 'float32', 1);
  const b = tf.randomUniform([n, n], -1, 1, 'float32', 2);
  const times = [];
  for (let r = 0; matMulReps > 0 && r < matMulReps + 1; r++) {
    const t0 = now();
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
    if (r > 0) times.push(now() - t0);
  }
  tf.dispose([a, b]);
  log(`matMul 1024: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  const matMulGflops = times.length ? (2 * n ** 3) / (median(times) / 1000) / 1e9 : undefined;

  const model = buildLm(tf, lm);
  const { ids, targets } = batchOf(tf, lm);
  const stepOnce = async () => {
    const l = model.step(ids, targets);
    const v = (await l.data())[0];
    l.dispose();
    return v;
  };
  let t0 = now();
  await stepOnce(); // the first step: kernels compiled, pipelines created, memory grown
  const lmFirstMs = now() - t0;
  log(`LM first step ${lmFirstMs.toFixed(0)} ms`);
  await stepOnce();
  let dispatchesPerStep;
  if (countDispatches) {
    const before = countDispatches();
    await stepOnce();
    dispatchesPerStep = countDispatches() - before;
  }
  const steps = [];
  let loss = 0;
  for (let s = 0; s < lmSteps; s++) {
    t0 = now();
    loss = await stepOnce();
    steps.push(now() - t0);
    log(`LM step ${steps.at(-1).toFixed(0)} ms`);
  }
  tf.dispose([ids, targets, ...model.vars]);
  const lmStepMs = median(steps);
  return {
    matMulGflops,
    lmFirstMs,
    lmStepMs,
    tokensPerS: (lm.batch * lm.seq) / (lmStepMs / 1000),
    loss,
    dispatchesPerStep,
  };
}
