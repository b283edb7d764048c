/**
 * `precompile`: creates the WebGPU pipelines a function needs — asynchronously, all at once — without
 * computing anything, so that its first real run does not stop to compile each shader in turn.
 *
 * tfjs-backend-webgpu compiles one pipeline per program variant (kernel, ranks, dtypes, broadcast
 * pattern; not per shape) the first time it is dispatched, synchronously (`createComputePipeline`).
 * A training step needs ~70 of them, which makes the first step several times slower than the next.
 * With tfjs's `WEBGPU_ENGINE_COMPILE_ONLY` flag set, `runWebGPUProgram` instead starts
 * `createComputePipelineAsync` for each new variant and records nothing; the browser compiles them
 * in parallel (on the GPU process's worker threads in Chromium). Outputs are left uncomputed, so this
 * module puts back what the run changed: the values of the tf.Variables that existed before it, the
 * state of every glossa optimizer that stepped in it (and of the tfjs optimizers passed in
 * `optimizers`); variables created during the run are disposed. On other backends it does nothing.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, BackendError } from '../errors';
import { type Optimizer, type OptimizerState, observeOptimizerSteps } from '../optim/optimizer';

/** What `precompile` did. */
export interface PrecompileResult {
  /** The active backend (`precompile` compiles on webgpu only). */
  backend: string;
  /** Pipelines created by this call (0 when all were cached, or off webgpu). */
  pipelines: number;
  /** Pipelines cached by the backend after this call. */
  cached: number;
  /** Wall-clock milliseconds: recording the run, then waiting for the compilations. */
  recordMs: number;
  compileMs: number;
}

/** Options of `precompile`. */
export interface PrecompileOptions {
  /**
   * tfjs optimizers (`tf.train.*`) the run steps: their weights are saved before and set back after.
   * glossa's optimizers are found and restored without being listed.
   */
  optimizers?: tf.Optimizer[];
}

type PipelineCache = Record<string, unknown>;
type WebgpuBackend = { pipelineCache?: PipelineCache };

/**
 * Creates the WebGPU pipelines that `run` dispatches, in parallel, without computing: call it once
 * with the training (or inference) step before the first real one. `run` is called twice (see
 * below), must be synchronous and must not read tensor values back (they are not computed); its
 * tensors are disposed. Tensor state it
 * changes is put back (see the module comment); other side effects (counters, schedules) stay.
 * Off webgpu it returns at once without calling `run`.
 *
 * @example
 * ```ts
 * const step = () => {
 *   const { value, grads } = tf.variableGrads(() => lossOf(model, batch));
 *   opt.step(grads);
 *   return value;
 * };
 * await precompile(step); // webgpu: ~70 pipelines compiled in parallel; the state is unchanged
 * ```
 */
export async function precompile(
  run: () => unknown,
  options: PrecompileOptions = {},
): Promise<PrecompileResult> {
  if (typeof run !== 'function') throw new ArgumentError('precompile(run)', 'a function', run);
  const optimizers = options.optimizers ?? [];
  if (!Array.isArray(optimizers) || optimizers.some((o) => !(o instanceof tf.Optimizer)))
    throw new ArgumentError(
      'precompile(options.optimizers)',
      'an array of tfjs optimizers (tf.train.*)',
      optimizers,
    );
  const backend = tf.getBackend();
  const cache = (tf.backend() as unknown as WebgpuBackend).pipelineCache;
  const none = { backend, pipelines: 0, cached: 0, recordMs: 0, compileMs: 0 };
  if (backend !== 'webgpu' || cache === undefined) return none;

  const before = new Set(Object.keys(cache));
  const variables = Object.values(tf.engine().registeredVariables);
  const kept = variables.map((v) => tf.clone(v)); // shares the data (no kernel): the values to put back
  const tfjsWeights = await Promise.all(optimizers.map((o) => o.getWeights()));
  const glossa = new Map<Optimizer, OptimizerState>();
  const observer = (o: Optimizer) => {
    if (glossa.has(o)) return;
    const s = o.stateDict();
    const tensors = Object.fromEntries(Object.entries(s.tensors).map(([k, t]) => [k, tf.keep(t.clone())]));
    glossa.set(o, { ...s, hyper: { ...s.hyper }, paramSteps: { ...s.paramSteps }, tensors });
  };
  const t0 = performance.now();
  const flag = tf.env().getBool('WEBGPU_ENGINE_COMPILE_ONLY');
  const previousObserver = observeOptimizerSteps(observer);
  let failure: unknown;
  try {
    tf.env().set('WEBGPU_ENGINE_COMPILE_ONLY', true);
    // Twice: the first pass sees inputs still on the CPU side, as a first step does; it uploads them,
    // so the second sees them on the GPU, as later steps may (tfjs forwards small ops on CPU-side
    // data to the CPU; glossa checks GPU-resident ids with GPU programs): both sets get compiled.
    for (let pass = 0; pass < 2; pass++)
      tf.tidy(() => {
        const r = run();
        if (r instanceof Promise) {
          r.catch(() => {});
          throw new ArgumentError('precompile(run)', 'a synchronous function (it returned a Promise)', r);
        }
      });
  } catch (e) {
    failure = e;
  } finally {
    tf.env().set('WEBGPU_ENGINE_COMPILE_ONLY', flag);
    observeOptimizerSteps(previousObserver);
  }
  const t1 = performance.now();
  const compileError = await settle(cache);
  const t2 = performance.now();

  // Put the state back. Variables made during the run hold uncomputed data: disposed. tfjs's
  // setWeights wraps the (restored) slot values in new variables and recomputes its β powers with
  // `pow` (not bit-exact), so the old variables are assigned their kept values once more after it;
  // its old slot variables and the iteration scalar of getWeights are then released.
  const old = new Set(variables);
  const made = Object.values(tf.engine().registeredVariables).filter((v) => !old.has(v));
  for (const [o, s] of glossa) {
    o.loadStateDict(s);
    tf.dispose(Object.values(s.tensors));
  }
  const restore = () => {
    for (const [i, v] of variables.entries()) v.assign(kept[i]!);
  };
  restore();
  for (const v of made) v.dispose();
  if (optimizers.length > 0) {
    for (const [i, o] of optimizers.entries()) await o.setWeights(tfjsWeights[i]!);
    restore();
    for (const w of tfjsWeights) tf.dispose(w.map((x) => x.tensor));
  }
  tf.dispose(kept);
  if (failure !== undefined) throw failure;
  if (compileError !== undefined)
    throw new BackendError(
      `precompile: a WebGPU pipeline failed to compile: ${String(compileError)}`,
      'webgpu',
    );
  const after = Object.keys(cache);
  return {
    backend,
    pipelines: after.filter((k) => !before.has(k)).length,
    cached: after.length,
    recordMs: t1 - t0,
    compileMs: t2 - t1,
  };
}

/**
 * Awaits the pipelines still compiling and stores them in tfjs's cache (what its
 * `checkCompileCompletionAsync` does); a variant that failed is removed, so that its next dispatch
 * compiles it synchronously and reports the error where it is used. Returns the first failure.
 */
async function settle(cache: PipelineCache): Promise<unknown> {
  const keys = Object.keys(cache);
  const results = await Promise.allSettled(keys.map((k) => cache[k]));
  let error: unknown;
  for (const [i, r] of results.entries()) {
    const key = keys[i]!;
    if (r.status === 'fulfilled') cache[key] = r.value;
    else {
      delete cache[key];
      error ??= r.reason;
    }
  }
  return error;
}
