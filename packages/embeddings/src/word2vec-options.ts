import { ArgumentError } from '@glossa/core';

/** Progress of `Word2Vec.train`, reported through `onProgress`. */
export interface Word2VecProgress {
  /** The epoch being trained, from 1. */
  epoch: number;
  epochs: number;
  /** Share of the whole training done, in [0, 1]. */
  progress: number;
  /** Words trained so far after subsampling (gensim's "effective words"). */
  effectiveWords: number;
  /** Raw words read so far (all epochs), unknown words included. */
  rawWords: number;
  /** Effective words per second since training started (gensim's "effective words/s"). */
  wordsPerSecond: number;
  /** The learning rate of the latest job. */
  alpha: number;
  /** Seconds since training (after the vocabulary pass) started. */
  elapsedSeconds: number;
}

/** Options of `Word2Vec.train`; defaults are gensim 4's unless said otherwise. */
export interface Word2VecOptions {
  /** `'skipgram'` (each word predicts its neighbours) or `'cbow'` (the mean of the neighbours predicts the word). Default `'cbow'`, as gensim's `sg=0`. */
  mode?: 'skipgram' | 'cbow';
  /** Vector size. Default `100`. */
  vectorSize?: number;
  /** Maximum distance between the predicted and a context word; each position uses a window drawn uniformly from 1..window (word2vec's reduced window). Default `5`. */
  window?: number;
  /** Drop words seen fewer times. Default `5`. */
  minCount?: number;
  /** Keep at most this many words, as gensim's `max_final_vocab` (see `VocabularyOptions.maxVocabSize`). Default: no limit. */
  maxVocabSize?: number;
  /** Negative samples per prediction, drawn ∝ count^0.75; `0` turns negative sampling off. Default `5`. */
  negative?: number;
  /** Hierarchical softmax over a Huffman tree (alone with `negative: 0`, or beside it). Default `false`. */
  hs?: boolean;
  /** Subsampling of frequent words (gensim's formula); `0` keeps every word. Default `1e-3`. */
  sample?: number;
  /** Passes over the sentences. Default `5`. */
  epochs?: number;
  /** Initial learning rate, decayed linearly to `minAlpha` over `epochs ×` the corpus's raw words. Default `0.025` (word2vec.c uses 0.05 for CBOW). */
  alpha?: number;
  /** Final learning rate. Default `0.0001`. */
  minAlpha?: number;
  /**
   * Training threads. `1` (default) trains on the calling thread and is bit-for-bit reproducible for a
   * seed. More start worker threads (Node `worker_threads`, browser Web Workers) that update shared
   * weights without locks (Hogwild, as word2vec.c and gensim): faster, but the result then depends on
   * thread timing and is not reproducible, exactly as in gensim.
   */
  workers?: number;
  /**
   * The training loop: `'wasm'`, a WebAssembly kernel with 128-bit SIMD (4–6× faster); `'js'`, the
   * same loop on typed arrays in JavaScript (the reference; runs anywhere); `'auto'` (default),
   * `'wasm'` where WebAssembly SIMD runs and the model fits its 4 GiB memory, else `'js'`. Both use
   * the same random stream, so they differ only by float rounding.
   */
  engine?: 'auto' | 'wasm' | 'js';
  /** Seed of the initial vectors and of every job's random stream (subsampling, windows, negatives). Default `1`. */
  seed?: number;
  /** Called about every `progressInterval` ms and at the end of each epoch. */
  onProgress?: (progress: Word2VecProgress) => void;
  /** Milliseconds between `onProgress` calls. Default `1000`. */
  progressInterval?: number;
  /** Aborts training: `train` rejects with the signal's reason and stops its threads. */
  signal?: AbortSignal;
}

/** Options with every default filled in. */
export type ResolvedWord2VecOptions = Required<
  Omit<Word2VecOptions, 'maxVocabSize' | 'onProgress' | 'signal'>
> &
  Pick<Word2VecOptions, 'maxVocabSize' | 'onProgress' | 'signal'>;

const int = (name: string, v: unknown, min: number): void => {
  if (!Number.isInteger(v) || (v as number) < min) {
    throw new ArgumentError(`Word2Vec.train(${name})`, `an integer >= ${min}`, v);
  }
};

/** Fills in defaults and checks every option, naming the offending one. */
export function resolveOptions(options: Word2VecOptions = {}): ResolvedWord2VecOptions {
  const o: ResolvedWord2VecOptions = {
    mode: options.mode ?? 'cbow',
    vectorSize: options.vectorSize ?? 100,
    window: options.window ?? 5,
    minCount: options.minCount ?? 5,
    maxVocabSize: options.maxVocabSize,
    negative: options.negative ?? 5,
    hs: options.hs ?? false,
    sample: options.sample ?? 1e-3,
    epochs: options.epochs ?? 5,
    alpha: options.alpha ?? 0.025,
    minAlpha: options.minAlpha ?? 0.0001,
    workers: options.workers ?? 1,
    seed: options.seed ?? 1,
    engine: options.engine ?? 'auto',
    onProgress: options.onProgress,
    progressInterval: options.progressInterval ?? 1000,
    signal: options.signal,
  };
  if (o.mode !== 'skipgram' && o.mode !== 'cbow') {
    throw new ArgumentError('Word2Vec.train(mode)', "'skipgram' or 'cbow'", o.mode);
  }
  int('vectorSize', o.vectorSize, 1);
  int('window', o.window, 1);
  int('minCount', o.minCount, 1);
  if (o.maxVocabSize !== undefined) int('maxVocabSize', o.maxVocabSize, 1);
  int('negative', o.negative, 0);
  int('epochs', o.epochs, 1);
  int('workers', o.workers, 1);
  if (typeof o.hs !== 'boolean') throw new ArgumentError('Word2Vec.train(hs)', 'a boolean', o.hs);
  if (!o.hs && o.negative === 0) {
    throw new ArgumentError('Word2Vec.train(negative)', 'an integer >= 1 unless hs is true', o.negative);
  }
  for (const [name, v] of [
    ['sample', o.sample],
    ['alpha', o.alpha],
    ['minAlpha', o.minAlpha],
    ['progressInterval', o.progressInterval],
  ] as const) {
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) {
      throw new ArgumentError(`Word2Vec.train(${name})`, 'a finite number >= 0', v);
    }
  }
  if (!['auto', 'wasm', 'js'].includes(o.engine)) {
    throw new ArgumentError('Word2Vec.train(engine)', "'auto', 'wasm' or 'js'", o.engine);
  }
  if (!Number.isFinite(o.seed)) throw new ArgumentError('Word2Vec.train(seed)', 'a finite number', o.seed);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
    throw new ArgumentError('Word2Vec.train(onProgress)', 'a function', o.onProgress);
  }
  return o;
}
