// The work bench/browser.bench.mjs (and browser-vs-node.bench.mjs) times, shared by their Node child
// processes and their Chromium pages (bench support, not a *.bench.mjs entry): matMul 1024 and one
// training step of the reference Transformer LM (core-lm-model.mjs), each after warm-up steps,
// reading the result back every time. Besides wall time it records CPU time (when the caller can
// measure it: the Node process, or the Chromium process tree read by the driver from /proc) and, on
// webgpu, GPU dispatches and the pipelines created by each phase.
import { batchOf, buildLm, CONFIG } from '../core-lm-model.mjs';

const now = () => performance.now();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * @param tf tfjs-core, with the backend already chosen
 * @param {{ matMulReps?: number, lmSteps?: number, countDispatches?: () => number,
 *   countPipelines?: () => number, cpuMs?: () => number | Promise<number>,
 *   precompile?: (run: () => unknown, o: object) => Promise<{ pipelines: number }>,
 *   log?: (s: string) => void, lm?: object }} options
 *   `countDispatches` / `countPipelines`: running counts of GPU dispatches and created pipelines
 *   (webgpu pages); `cpuMs`: a running CPU-time reading in ms; `precompile`: @glossa/core's, run on
 *   the LM step before the first one; `log`: progress lines; `lm`: the LM's configuration (default
 *   core-lm-model.mjs's CONFIG)
 */
export async function measure(
  tf,
  {
    matMulReps = 5,
    lmSteps = 5,
    countDispatches,
    countPipelines = () => 0,
    cpuMs,
    precompile,
    log = () => {},
    lm = CONFIG,
  } = {},
) {
  const cpu = async () => (cpuMs ? await cpuMs() : Number.NaN);
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
  if (times.length) log(`matMul 1024: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  const matMulGflops = times.length ? (2 * n ** 3) / (median(times) / 1000) / 1e9 : undefined;

  const model = buildLm(tf, lm);
  const { ids, targets } = batchOf(tf, lm);
  const stepOnce = async () => {
    const l = model.step(ids, targets);
    const v = (await l.data())[0];
    l.dispose();
    return v;
  };
  let pipelinesBefore = countPipelines();
  let precompileMs;
  let precompilePipelines;
  let precompileCpuMs;
  if (precompile) {
    const c = await cpu();
    const t0 = now();
    const r = await precompile(() => model.step(ids, targets), { optimizers: [model.opt] });
    precompileMs = now() - t0;
    precompileCpuMs = (await cpu()) - c;
    precompilePipelines = countPipelines() - pipelinesBefore;
    pipelinesBefore = countPipelines();
    log(`precompile ${precompileMs.toFixed(0)} ms, ${r.pipelines} pipelines`);
  }
  let c0 = await cpu();
  let t0 = now();
  const firstLoss = await stepOnce(); // the first step: kernels compiled, pipelines created, memory grown
  const lmFirstMs = now() - t0;
  const lmFirstCpuMs = (await cpu()) - c0;
  const firstStepPipelines = countPipelines() - pipelinesBefore;
  log(`LM first step ${lmFirstMs.toFixed(0)} ms, ${firstStepPipelines} pipelines created`);
  await stepOnce();
  let dispatchesPerStep;
  if (countDispatches) {
    const before = countDispatches();
    await stepOnce();
    dispatchesPerStep = countDispatches() - before;
  }
  const steps = [];
  const cpuSteps = [];
  let loss = 0;
  for (let s = 0; s < lmSteps; s++) {
    c0 = await cpu();
    t0 = now();
    loss = await stepOnce();
    steps.push(now() - t0);
    cpuSteps.push((await cpu()) - c0);
    log(`LM step ${steps.at(-1).toFixed(0)} ms`);
  }
  tf.dispose([ids, targets, ...model.vars]);
  model.opt.dispose();
  const lmStepMs = median(steps);
  const lmCpuMs = median(cpuSteps);
  return {
    matMulGflops,
    lmFirstMs,
    lmFirstCpuMs,
    firstLoss,
    lmStepMs,
    lmCpuMs,
    tokensPerS: (lm.batch * lm.seq) / (lmStepMs / 1000),
    tokensPerCpuS: (lm.batch * lm.seq) / (lmCpuMs / 1000),
    loss,
    dispatchesPerStep,
    firstStepPipelines,
    totalPipelines: countPipelines(),
    precompileMs,
    precompileCpuMs,
    precompilePipelines,
  };
}
