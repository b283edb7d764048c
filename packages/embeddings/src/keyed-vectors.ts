import { ArgumentError, Embedding, ShapeError } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { parseVectors, serializeVectors, type VectorFormat } from './vector-formats';
import {
  cosines,
  cosmulScores,
  meanUnit,
  normalize,
  rowNorms,
  type Term,
  topN,
  unitRow,
} from './vector-search';

/** A query term: a word, or a vector of the right size. */
export type QueryItem = string | ArrayLike<number>;

/** A result of a similarity query. */
export interface WordSimilarity {
  word: string;
  similarity: number;
}

/** Options of {@link KeyedVectors.mostSimilar} and friends. */
export interface MostSimilarOptions {
  /** Terms that count against (3CosAdd weight −1; 3CosMul denominator). Default none. */
  negative?: readonly QueryItem[];
  /** How many results. Default `10`. */
  topN?: number;
  /** Search only the first `restrictVocab` words (the most frequent ones in a trained model). Default: all. */
  restrictVocab?: number;
}

/**
 * Word vectors with gensim `KeyedVectors`' queries: cosine similarity, nearest neighbours by
 * 3CosAdd (`mostSimilar`, unit-normalised vectors exactly as gensim) and 3CosMul, the odd one out,
 * vector arithmetic, and the word2vec text/binary and GloVe file formats both ways.
 * Vectors are one Float32Array `[size, vectorSize]`, rows in vocabulary order; norms are cached —
 * call `resetNorms()` after editing `vectors` in place.
 *
 * @example
 * ```ts
 * const wv = KeyedVectors.parse(bytes, { format: 'word2vec-binary' });
 * wv.similarity('woman', 'man');                                   // 0.73…
 * wv.mostSimilar(['king', 'woman'], { negative: ['man'], topN: 1 }); // [{ word: 'queen', similarity: 0.71… }]
 * wv.doesntMatch(['breakfast', 'cereal', 'dinner', 'lunch']);     // 'cereal'
 * const emb = wv.toEmbedding();                                     // a frozen core Embedding [V, d]
 * ```
 */
export class KeyedVectors {
  /** Words by row. */
  readonly words: readonly string[];
  /** `[size, vectorSize]`, row-major. */
  readonly vectors: Float32Array;
  readonly vectorSize: number;
  /** Counts by row when known (trained models), else `null`. */
  readonly counts: Float64Array | null;
  private readonly ids: Map<string, number>;
  private cachedNorms: Float64Array | null = null;

  /**
   * @param words one per row, distinct.
   * @param vectors `[words.length, vectorSize]` (used as is, not copied).
   */
  constructor(words: readonly string[], vectors: Float32Array, vectorSize: number, counts?: Float64Array) {
    if (!Number.isInteger(vectorSize) || vectorSize < 1) {
      throw new ArgumentError('KeyedVectors(vectorSize)', 'an integer >= 1', vectorSize);
    }
    if (!(vectors instanceof Float32Array) || vectors.length !== words.length * vectorSize) {
      throw new ShapeError(
        `KeyedVectors(vectors): expected a Float32Array of ${words.length} × ${vectorSize} values, received ${vectors?.length}`,
        [words.length, vectorSize],
        [vectors?.length ?? 0],
      );
    }
    this.words = words;
    this.vectors = vectors;
    this.vectorSize = vectorSize;
    this.counts = counts ?? null;
    this.ids = new Map();
    words.forEach((w, i) => {
      if (this.ids.has(w)) throw new ArgumentError('KeyedVectors(words)', 'distinct words', w);
      this.ids.set(w, i);
    });
  }

  /** Number of words. */
  get size(): number {
    return this.words.length;
  }

  /** The row of `word`, or `-1`. */
  indexOf(word: string): number {
    return this.ids.get(word) ?? -1;
  }

  /** Whether `word` has a vector. */
  has(word: string): boolean {
    return this.ids.has(word);
  }

  /** Euclidean norm of every row (cached). */
  norms(): Float64Array {
    this.cachedNorms ??= rowNorms(this.vectors, this.vectorSize);
    return this.cachedNorms;
  }

  /** Forgets the cached norms (after `vectors` was edited in place). */
  resetNorms(): void {
    this.cachedNorms = null;
  }

  private row(word: string, what: string): number {
    const i = this.ids.get(word);
    if (i === undefined) {
      throw new ArgumentError(what, `a word in the vocabulary (${this.size} words)`, word);
    }
    return i;
  }

  /**
   * A copy of `word`'s vector, unit-normalised with `norm: true`.
   *
   * @example
   * ```ts
   * wv.get('king'); // Float32Array(100)
   * ```
   */
  get(word: string, options: { norm?: boolean } = {}): Float32Array {
    const i = this.row(word, 'KeyedVectors.get(word)');
    const d = this.vectorSize;
    if (!options.norm) return this.vectors.slice(i * d, (i + 1) * d);
    return Float32Array.from(unitRow(this.vectors, this.norms(), d, i));
  }

  /**
   * Cosine similarity of two words (gensim's `similarity`).
   *
   * @example
   * ```ts
   * wv.similarity('monday', 'tuesday'); // 0.8…
   * ```
   */
  similarity(a: string, b: string): number {
    const i = this.row(a, 'KeyedVectors.similarity(a)');
    const j = this.row(b, 'KeyedVectors.similarity(b)');
    const u = unitRow(this.vectors, this.norms(), this.vectorSize, i);
    const v = unitRow(this.vectors, this.norms(), this.vectorSize, j);
    let s = 0;
    for (let c = 0; c < u.length; c++) s += u[c]! * v[c]!;
    return s;
  }

  private terms(items: readonly QueryItem[], weight: number, what: string): Term[] {
    return items.map((item, k) => {
      if (typeof item === 'string') return { index: this.row(item, `${what}[${k}]`), weight };
      if (item?.length !== this.vectorSize) {
        throw new ArgumentError(`${what}[${k}]`, `a word or a vector of ${this.vectorSize} numbers`, item);
      }
      return { vector: item, weight };
    });
  }

  private limits(options: MostSimilarOptions, what: string): { n: number; end: number } {
    const { topN: n = 10, restrictVocab } = options;
    if (!Number.isInteger(n) || n < 0) throw new ArgumentError(`${what}(topN)`, 'an integer >= 0', n);
    if (restrictVocab !== undefined && (!Number.isInteger(restrictVocab) || restrictVocab < 1)) {
      throw new ArgumentError(`${what}(restrictVocab)`, 'an integer >= 1', restrictVocab);
    }
    return { n, end: Math.min(this.size, restrictVocab ?? this.size) };
  }

  private named(found: { index: number; score: number }[]): WordSimilarity[] {
    return found.map((f) => ({ word: this.words[f.index]!, similarity: f.score }));
  }

  /**
   * The words nearest to the mean of the positive terms minus the negative ones (3CosAdd), as
   * gensim's `most_similar`: each word's vector is unit-normalised, the weighted mean
   * (+1 / −1) is normalised, every word is scored by cosine, and the query words are left out.
   *
   * @example
   * ```ts
   * wv.mostSimilar(['king', 'woman'], { negative: ['man'], topN: 3 }); // [{ word: 'queen', … }, …]
   * wv.mostSimilar(['paris']);                                           // 10 nearest words
   * ```
   */
  mostSimilar(positive: readonly QueryItem[] | string, options: MostSimilarOptions = {}): WordSimilarity[] {
    const what = 'KeyedVectors.mostSimilar';
    const pos = typeof positive === 'string' ? [positive] : positive;
    const terms = [
      ...this.terms(pos, 1, `${what}(positive)`),
      ...this.terms(options.negative ?? [], -1, `${what}(negative)`),
    ];
    if (terms.length === 0) throw new ArgumentError(`${what}(positive)`, 'at least one term', positive);
    const { n, end } = this.limits(options, what);
    const mean = meanUnit(this.vectors, this.norms(), this.vectorSize, terms);
    const exclude = new Set(terms.flatMap((t) => ('index' in t ? [t.index] : [])));
    return this.named(topN(cosines(this.vectors, this.norms(), this.vectorSize, mean, end), n, exclude));
  }

  /**
   * Analogy by 3CosMul (Levy & Goldberg 2014) as gensim's `most_similar_cosmul`: maximises
   * `Π_pos (1 + cos)/2 / (Π_neg (1 + cos)/2 + 1e-6)`; query words are left out.
   *
   * @example
   * ```ts
   * wv.mostSimilarCosmul(['king', 'woman'], { negative: ['man'], topN: 1 }); // [{ word: 'queen', similarity: 0.9… }]
   * ```
   */
  mostSimilarCosmul(
    positive: readonly QueryItem[] | string,
    options: MostSimilarOptions = {},
  ): WordSimilarity[] {
    const what = 'KeyedVectors.mostSimilarCosmul';
    const pos = typeof positive === 'string' ? [positive] : positive;
    if (pos.length === 0) throw new ArgumentError(`${what}(positive)`, 'at least one term', positive);
    const d = this.vectorSize;
    const unit = (terms: Term[]): ArrayLike<number>[] =>
      terms.map((t) => ('index' in t ? unitRow(this.vectors, this.norms(), d, t.index) : t.vector));
    const p = this.terms(pos, 1, `${what}(positive)`);
    const q = this.terms(options.negative ?? [], -1, `${what}(negative)`);
    const { n, end } = this.limits(options, what);
    const scores = cosmulScores(this.vectors, this.norms(), d, unit(p), unit(q), end);
    const exclude = new Set([...p, ...q].flatMap((t) => ('index' in t ? [t.index] : [])));
    return this.named(topN(scores, n, exclude));
  }

  /**
   * Nearest neighbours of a vector by cosine (gensim's `similar_by_vector`); nothing is left out.
   *
   * @example
   * ```ts
   * wv.similarByVector(wv.combine(['king', 'woman'], ['man']), { topN: 5 }); // 'king' itself is likely first
   * ```
   */
  similarByVector(
    vector: ArrayLike<number>,
    options: Omit<MostSimilarOptions, 'negative'> = {},
  ): WordSimilarity[] {
    const [t] = this.terms([vector], 1, 'KeyedVectors.similarByVector(vector)');
    const { n, end } = this.limits(options, 'KeyedVectors.similarByVector');
    const mean = meanUnit(this.vectors, this.norms(), this.vectorSize, [t!]);
    return this.named(topN(cosines(this.vectors, this.norms(), this.vectorSize, mean, end), n));
  }

  /**
   * Vector arithmetic: `Σ positive − Σ negative` of the raw vectors (with `normalize`, of the unit
   * vectors, as 3CosAdd uses them). `king − man + woman` is `combine(['king', 'woman'], ['man'])`.
   *
   * @example
   * ```ts
   * const v = wv.combine(['king', 'woman'], ['man']);
   * wv.similarByVector(v, { topN: 3 });
   * ```
   */
  combine(
    positive: readonly QueryItem[],
    negative: readonly QueryItem[] = [],
    options: { normalize?: boolean } = {},
  ): Float32Array {
    const d = this.vectorSize;
    const out = new Float64Array(d);
    const terms = [
      ...this.terms(positive, 1, 'KeyedVectors.combine(positive)'),
      ...this.terms(negative, -1, 'KeyedVectors.combine(negative)'),
    ];
    for (const t of terms) {
      const v =
        'index' in t
          ? options.normalize
            ? unitRow(this.vectors, this.norms(), d, t.index)
            : this.vectors.subarray(t.index * d, (t.index + 1) * d)
          : t.vector;
      for (let c = 0; c < d; c++) out[c]! += t.weight * v[c]!;
    }
    return Float32Array.from(out);
  }

  /**
   * The word farthest from the mean of the others (gensim's `doesnt_match`): unit vectors, their
   * normalised mean, the lowest cosine to it. Words without a vector are ignored.
   *
   * @example
   * ```ts
   * wv.doesntMatch(['breakfast', 'cereal', 'dinner', 'lunch']); // 'cereal'
   * ```
   */
  doesntMatch(words: readonly string[]): string {
    const used = words.filter((w) => this.ids.has(w));
    if (used.length === 0) {
      throw new ArgumentError(
        'KeyedVectors.doesntMatch(words)',
        'at least one word in the vocabulary',
        words,
      );
    }
    const d = this.vectorSize;
    const units = used.map((w) => unitRow(this.vectors, this.norms(), d, this.ids.get(w)!));
    const mean = new Float64Array(d);
    for (const u of units) for (let c = 0; c < d; c++) mean[c]! += u[c]! / units.length;
    normalize(mean);
    let worst = 0;
    let worstScore = Number.POSITIVE_INFINITY;
    units.forEach((u, k) => {
      let s = 0;
      for (let c = 0; c < d; c++) s += u[c]! * mean[c]!;
      // gensim sorts (score, word) pairs: on a tie the smaller word is last.
      if (s < worstScore || (s === worstScore && used[k]! < used[worst]!)) {
        worst = k;
        worstScore = s;
      }
    });
    return used[worst]!;
  }

  /**
   * The vectors as a float32 tensor `[size, vectorSize]` (the caller disposes it).
   *
   * @example
   * ```ts
   * const w = wv.toTensor(); // [V, d]
   * ```
   */
  toTensor(): tf.Tensor2D {
    return tf.tensor2d(this.vectors, [this.size, this.vectorSize], 'float32');
  }

  /**
   * A core `Embedding` holding these vectors (`weight` `[size, vectorSize]`, row = word index),
   * like `torch.nn.Embedding.from_pretrained`: frozen by default.
   *
   * @example
   * ```ts
   * const emb = wv.toEmbedding({ freeze: false });                        // fine-tune them
   * const x = emb.forward(tf.tensor2d([[wv.indexOf('king')]], [1, 1], 'int32')); // [1, 1, d]
   * ```
   */
  toEmbedding(options: { freeze?: boolean; paddingIdx?: number } = {}): Embedding {
    const weights = this.toTensor();
    try {
      return new Embedding({ weights, freeze: options.freeze ?? true, paddingIdx: options.paddingIdx });
    } finally {
      weights.dispose();
    }
  }

  /**
   * Reads word vectors: `'word2vec-binary'` and `'word2vec-text'` (the C tool's and gensim's
   * `save_word2vec_format`, header `<count> <dims>`), or `'glove'` (text without a header). Malformed
   * input throws a `FormatError` naming the line (text) or byte offset (binary); duplicate words
   * keep their first vector, as gensim.
   *
   * @example
   * ```ts
   * const wv = KeyedVectors.parse(readFileSync('vectors.bin'), { format: 'word2vec-binary' });
   * ```
   */
  static parse(bytes: Uint8Array, options: { format: VectorFormat }): KeyedVectors {
    const { words, vectors, vectorSize } = parseVectors(bytes, options?.format);
    return new KeyedVectors(words, vectors, vectorSize);
  }

  /**
   * Writes the vectors in row order as gensim's `save_word2vec_format` does (text: numpy's float32
   * `repr` of each value; binary: little-endian float32 after `word `, no newline), or as GloVe text.
   *
   * @example
   * ```ts
   * writeFileSync('vectors.txt', wv.serialize({ format: 'word2vec-text' }));
   * ```
   */
  serialize(options: { format: VectorFormat }): Uint8Array {
    return serializeVectors(this.words, this.vectors, this.vectorSize, options?.format);
  }
}
