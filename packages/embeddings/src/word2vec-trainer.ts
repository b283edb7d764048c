/**
 * The epoch loop of word2vec: packs the corpus into jobs, gives each its learning rate (linear
 * decay from alpha to minAlpha over epochs × raw words, per job as gensim) and its own seed, and
 * trains them on the calling thread or on a pool of worker threads; reports progress, honours an
 * AbortSignal.
 */
import type { Generator } from '@glossa/core';
import type { Corpus } from './corpus';
import { modelViews } from './kernel-layout';
import { type RunnerInit, word2vecRunner } from './kernel-runner';
import type { Vocabulary } from './vocabulary';
import { word2vecKernel } from './word2vec-kernel';
import type { ResolvedWord2VecOptions, Word2VecProgress } from './word2vec-options';
import { WorkerPool } from './worker-pool';

/** Figures of a training run. */
export interface TrainStats {
  /** Raw words read over all epochs. */
  rawWords: number;
  /** Words trained after subsampling, over all epochs. */
  effectiveWords: number;
  /** Seconds of the epochs (the vocabulary pass excluded). */
  seconds: number;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());
const macrotask = (): Promise<void> =>
  new Promise((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
  );

/** Trains the model that `init` describes (already initialised) for `o.epochs` epochs over `corpus`. */
export async function trainEpochs(
  corpus: Corpus,
  vocab: Vocabulary,
  init: (thread: number) => RunnerInit,
  o: ResolvedWord2VecOptions,
  jobSeeds: Generator,
): Promise<TrainStats> {
  const { epochs, alpha: alpha0, minAlpha, workers, signal, onProgress, progressInterval } = o;
  const total = vocab.totalWords * epochs;
  signal?.throwIfAborted();
  const pool = workers > 1 ? await WorkerPool.start(workers, init) : null;
  const run = pool ? null : word2vecRunner(init(0), word2vecKernel, modelViews);
  const started = now();
  let lastReport = started;
  let lastYield = started;
  let rawDone = 0;
  let rawQueued = 0;
  let effective = 0;
  let alpha = alpha0;
  let epoch = 0;
  const report = (): void => {
    if (!onProgress) return;
    const elapsed = (now() - started) / 1000;
    const p: Word2VecProgress = {
      epoch: epoch + 1,
      epochs,
      progress: total > 0 ? Math.min(1, rawDone / total) : 1,
      effectiveWords: effective,
      rawWords: rawDone,
      wordsPerSecond: elapsed > 0 ? effective / elapsed : 0,
      alpha,
      elapsedSeconds: elapsed,
    };
    onProgress(p);
  };
  const done = (raw: number, kept: number): void => {
    rawDone += raw;
    effective += kept;
    const t = now();
    if (onProgress && t - lastReport >= progressInterval) {
      lastReport = t;
      report();
    }
  };
  let failure: unknown = null;
  const inFlight = new Set<Promise<unknown>>();
  try {
    for (epoch = 0; epoch < epochs; epoch++) {
      for await (const job of corpus.jobs(vocab, signal)) {
        signal?.throwIfAborted();
        if (failure) throw failure;
        const progress = total > 0 ? rawQueued / total : 0;
        alpha = Math.max(minAlpha, alpha0 - (alpha0 - minAlpha) * progress);
        rawQueued += job.rawWords;
        const seed = jobSeeds.nextUint32();
        if (run) {
          done(job.rawWords, run(job.words, job.ends, job.sentences, alpha, seed));
          if (now() - lastYield > 50) {
            await macrotask(); // lets timers, abort and progress listeners run
            lastYield = now();
          }
        } else {
          const raw = job.rawWords;
          const { done: trained } = await pool!.submit(job, alpha, seed);
          const settled = trained.then(
            (kept) => done(raw, kept),
            (e) => {
              failure ??= e;
            },
          );
          inFlight.add(settled);
          void settled.finally(() => inFlight.delete(settled));
        }
      }
      await Promise.all(inFlight);
      if (failure) throw failure;
      report();
    }
  } finally {
    pool?.close();
  }
  return { rawWords: rawDone, effectiveWords: effective, seconds: (now() - started) / 1000 };
}
