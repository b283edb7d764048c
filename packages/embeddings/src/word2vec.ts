import { ArgumentError, type Embedding, Generator } from '@glossa/core';
import { Corpus } from './corpus';
import { huffmanTree } from './huffman';
import { kernelLayout, modelViews, writeKernelConfig } from './kernel-layout';
import type { RunnerInit } from './kernel-runner';
import { KeyedVectors } from './keyed-vectors';
import { cumulativeTable, keepProbabilities, sampleThresholds } from './sampling-tables';
import type { Sentences } from './sentences';
import { Vocabulary } from './vocabulary';
import { WASM_MAX_BYTES, wasmKernelModule, wasmMemory, wasmSimdSupported } from './wasm-kernel';
import { type ResolvedWord2VecOptions, resolveOptions, type Word2VecOptions } from './word2vec-options';
import { trainEpochs } from './word2vec-trainer';
import { threadsUnavailable } from './worker-pool';

/** Figures of a `Word2Vec.train` run. */
export interface Word2VecStats {
  /** Seconds of the vocabulary pass. */
  vocabSeconds: number;
  /** Seconds of the training epochs. */
  trainSeconds: number;
  /** Raw words read over all epochs (unknown words included). */
  rawWords: number;
  /** Words trained after subsampling, over all epochs. */
  effectiveWords: number;
  /** `effectiveWords / trainSeconds` (gensim's "effective words/s"). */
  wordsPerSecond: number;
  /** Threads that trained. */
  workers: number;
  /** The kernel that trained: the SIMD WebAssembly one or the JavaScript one. */
  engine: 'wasm' | 'js';
}

/** The engine `'auto'` picks: the SIMD kernel where it runs and the model fits a 32-bit memory. */
function chooseEngine(asked: 'auto' | 'wasm' | 'js', bytes: number): 'wasm' | 'js' {
  const fits = bytes <= WASM_MAX_BYTES;
  if (asked === 'js') return 'js';
  if (asked === 'wasm') {
    if (!wasmSimdSupported()) {
      throw new ArgumentError('Word2Vec.train(engine)', "'js' or 'auto' here (no WebAssembly SIMD)", asked);
    }
    if (!fits) {
      throw new ArgumentError(
        'Word2Vec.train(engine)',
        `'js' or 'auto' for a model of ${bytes} bytes (over 4 GiB)`,
        asked,
      );
    }
    return 'wasm';
  }
  return fits && wasmSimdSupported() ? 'wasm' : 'js';
}

/**
 * word2vec (Mikolov et al. 2013): skip-gram or CBOW, negative sampling and/or hierarchical softmax,
 * frequent-word subsampling, reduced windows and a linearly decaying learning rate, trained on
 * typed arrays by the same loop as word2vec.c and gensim — on the calling thread (`workers: 1`,
 * reproducible) or on worker threads over shared memory (Hogwild, not reproducible, as gensim).
 *
 * @example
 * ```ts
 * const model = await Word2Vec.train(sentences, {
 *   mode: 'skipgram', vectorSize: 100, window: 5, minCount: 5, negative: 5, sample: 1e-3,
 *   epochs: 5, workers: 2, seed: 1, onProgress: (p) => console.log(p.progress, p.wordsPerSecond),
 * });
 * model.wv.mostSimilar(['monday']);         // [{ word: 'tuesday', similarity: 0.8 }, …]
 * const emb = model.toEmbedding({ freeze: true }); // a core Embedding [V, 100]
 * ```
 */
export class Word2Vec {
  /** The trained input vectors (`syn0`), in vocabulary order. */
  readonly wv: KeyedVectors;
  /** Words and counts, most frequent first. */
  readonly vocabulary: Vocabulary;
  /** Output vectors of negative sampling `[V, d]`, or `null` with `negative: 0`. */
  readonly syn1neg: Float32Array | null;
  /** Inner-node vectors of hierarchical softmax `[V − 1, d]`, or `null` without `hs`. */
  readonly syn1: Float32Array | null;
  /** The options used, defaults filled in. */
  readonly options: Readonly<ResolvedWord2VecOptions>;
  readonly stats: Word2VecStats;

  private constructor(
    wv: KeyedVectors,
    vocabulary: Vocabulary,
    syn1neg: Float32Array | null,
    syn1: Float32Array | null,
    options: ResolvedWord2VecOptions,
    stats: Word2VecStats,
  ) {
    this.wv = wv;
    this.vocabulary = vocabulary;
    this.syn1neg = syn1neg;
    this.syn1 = syn1;
    this.options = options;
    this.stats = stats;
  }

  /**
   * Builds the vocabulary (one pass) and trains for `epochs` passes. Defaults are gensim 4's
   * (CBOW, 100 dimensions, window 5, minCount 5, negative 5, sample 1e-3, 5 epochs, alpha
   * 0.025 → 0.0001) except `workers: 1`. See {@link Word2VecOptions}.
   *
   * @param sentences `string[][]`, an iterable or async iterable of token arrays or lines, a
   * function returning one, or `LineSentences` (a file or stream, read line by line every pass).
   * @example
   * ```ts
   * const model = await Word2Vec.train([['the', 'cat', 'sat'], ['the', 'dog', 'sat']], {
   *   mode: 'cbow', vectorSize: 8, minCount: 1, epochs: 50, seed: 3,
   * });
   * model.wv.similarity('cat', 'dog');
   * ```
   */
  static async train(sentences: Sentences, options: Word2VecOptions = {}): Promise<Word2Vec> {
    const o = resolveOptions(options);
    const started = performance.now();
    const corpus = new Corpus(sentences);
    const scan = await corpus.scan(o.signal);
    const vocab = Vocabulary.fromCounts(
      scan.counts,
      { minCount: o.minCount, maxVocabSize: o.maxVocabSize },
      scan.totalWords,
    );
    const v = vocab.size;
    const d = o.vectorSize;
    const shared = o.workers > 1;
    if (shared) {
      const why = threadsUnavailable();
      if (why) throw new ArgumentError('Word2Vec.train(workers)', `1 here (${why})`, o.workers);
    }
    const tree = o.hs ? huffmanTree(vocab.counts) : null;
    const layout = kernelLayout({
      d,
      vocab: v,
      window: o.window,
      negative: o.negative,
      hs: o.hs,
      codeCount: tree?.codes.length ?? 0,
      threads: o.workers,
    });
    const engine = chooseEngine(o.engine, layout.bytes);
    const memory = engine === 'wasm' ? wasmMemory(layout.bytes, shared) : undefined;
    const buffer =
      memory?.buffer ?? (shared ? new SharedArrayBuffer(layout.bytes) : new ArrayBuffer(layout.bytes));
    const sg = o.mode === 'skipgram';
    const sample = o.sample > 0;
    const m = modelViews(buffer, layout, sg, sample);
    const generator = new Generator(o.seed);
    // As gensim 4: U(−1/d, 1/d) input vectors (word2vec.c: U(−0.5/d, 0.5/d)), zero output vectors.
    for (let i = 0; i < m.syn0.length; i++) m.syn0[i] = (2 * generator.uniform() - 1) / d;
    if (o.negative > 0) m.cumTable.set(cumulativeTable(vocab.counts));
    m.sampleInt.set(sampleThresholds(keepProbabilities(vocab.counts, o.sample, vocab.retainedWords)));
    if (tree) {
      m.codes.set(tree.codes);
      m.points.set(tree.points);
      m.codeOffsets.set(tree.offsets);
    }
    writeKernelConfig(buffer, layout, sg, sample);
    const module = engine === 'wasm' ? wasmKernelModule(shared) : undefined;
    const init = (thread: number): RunnerInit => ({
      engine,
      module,
      memory,
      buffer: engine === 'js' ? buffer : undefined,
      layout,
      thread,
      sg,
      sample,
    });
    const vocabSeconds = (performance.now() - started) / 1000;
    const trained = v > 0 ? await trainEpochs(corpus, vocab, init, o, generator) : null;
    const wv = new KeyedVectors(vocab.words, m.syn0.slice(), d, vocab.counts);
    const stats: Word2VecStats = {
      vocabSeconds,
      trainSeconds: trained?.seconds ?? 0,
      rawWords: trained?.rawWords ?? 0,
      effectiveWords: trained?.effectiveWords ?? 0,
      wordsPerSecond: trained && trained.seconds > 0 ? trained.effectiveWords / trained.seconds : 0,
      workers: o.workers,
      engine,
    };
    return new Word2Vec(
      wv,
      vocab,
      o.negative > 0 ? m.syn1neg.slice() : null,
      o.hs ? m.syn1.slice() : null,
      o,
      stats,
    );
  }

  /**
   * The trained vectors as a core `Embedding` (`weight` `[V, vectorSize]`, row = vocabulary id):
   * frozen by default, trainable with `freeze: false`.
   *
   * @example
   * ```ts
   * const emb = model.toEmbedding({ freeze: false });
   * const ids = tf.tensor2d([[model.vocabulary.indexOf('king')]], [1, 1], 'int32');
   * emb.forward(ids); // [1, 1, vectorSize]
   * ```
   */
  toEmbedding(options: { freeze?: boolean } = {}): Embedding {
    return this.wv.toEmbedding(options);
  }
}
