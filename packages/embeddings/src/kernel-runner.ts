/**
 * Runs jobs on one thread with either kernel: the SIMD WebAssembly module (instantiated on the
 * model's memory) or the JavaScript loop (on views of the model's buffer). The main thread
 * (`workers: 1`) and every worker thread call this same function; like the JavaScript kernel it
 * must stay self-contained, since workers evaluate its source text.
 */
import type { KernelLayout, modelViews } from './kernel-layout';
import type { Word2VecKernel } from './word2vec-kernel';

/** What a thread needs to train: the engine, the model's memory and its layout. */
export interface RunnerInit {
  engine: 'wasm' | 'js';
  /** The compiled SIMD kernel (engine 'wasm'). */
  module?: WebAssembly.Module;
  /** The model's memory (engine 'wasm'). */
  memory?: WebAssembly.Memory;
  /** The model's buffer (engine 'js'). */
  buffer?: ArrayBufferLike;
  layout: KernelLayout;
  /** Which scratch area this thread owns. */
  thread: number;
  sg: boolean;
  sample: boolean;
}

/** Trains one job: vocabulary ids, sentence ends; returns the words kept after subsampling. */
export type RunJob = (
  words: Int32Array,
  ends: Int32Array,
  sentences: number,
  alpha: number,
  seed: number,
) => number;

/**
 * Creates the job runner of one thread. `makeKernel` is `word2vecKernel` and `views` is
 * `modelViews` (passed in so that this function has no free references).
 */
export function word2vecRunner(
  init: RunnerInit,
  makeKernel: () => Word2VecKernel,
  views: typeof modelViews,
): RunJob {
  const L = init.layout;
  if (init.engine === 'wasm') {
    const memory = init.memory!;
    const instance = new WebAssembly.Instance(init.module!, { env: { memory } });
    const train = instance.exports.trainJob as (
      cfg: number,
      scratch: number,
      sentences: number,
      alpha: number,
      seed: number,
    ) => number;
    const scratch = L.scratch + init.thread * L.scratchBytes;
    const heap = new Int32Array(memory.buffer);
    return (words, ends, sentences, alpha, seed) => {
      heap.set(words, (scratch + L.jobWords) / 4);
      heap.set(ends.subarray(0, sentences), (scratch + L.jobEnds) / 4);
      return train(L.cfg, scratch, sentences, alpha, seed | 0);
    };
  }
  const kernel = makeKernel();
  kernel.setModel(views(init.buffer!, L, init.sg, init.sample));
  return kernel.trainJob;
}
