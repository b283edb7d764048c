import { ArgumentError } from '@glossa/core';

/** Options of {@link Vocabulary.fromCounts} and {@link Vocabulary.fromSentences}. */
export interface VocabularyOptions {
  /** Drop words seen fewer than this many times. Default `1` (word2vec's own default is 5). */
  minCount?: number;
  /**
   * Keep at most this many words, the most frequent, by raising the effective `minCount` exactly as
   * gensim's `max_final_vocab`: when there are more words, the new threshold is (count of the word
   * at rank `maxVocabSize`) + 1, so words tied at the boundary are all dropped and the result may
   * be smaller than `maxVocabSize`. Default: no limit.
   */
  maxVocabSize?: number;
}

/**
 * Words and their counts, sorted by descending count (ties keep their order of first appearance),
 * as word2vec and gensim's `sorted_vocab=1` build them: id 0 is the most frequent word.
 *
 * @example
 * ```ts
 * const v = Vocabulary.fromSentences([['a', 'b', 'a'], ['c', 'a', 'b']], { minCount: 2 });
 * v.words;          // ['a', 'b']
 * v.counts;         // Float64Array [3, 2]
 * v.indexOf('c');   // -1 (dropped)
 * v.totalWords;     // 6 raw tokens seen, dropped words included
 * ```
 */
export class Vocabulary {
  /** Words by id, most frequent first. */
  readonly words: readonly string[];
  /** Count of each word, by id. */
  readonly counts: Float64Array;
  /** Raw tokens counted, including the words that were dropped. */
  readonly totalWords: number;
  /** Sum of the kept words' counts. */
  readonly retainedWords: number;
  /** The `minCount` actually applied (raised by `maxVocabSize`, as gensim's `effective_min_count`). */
  readonly effectiveMinCount: number;
  private readonly ids: Map<string, number>;

  private constructor(words: string[], counts: Float64Array, totalWords: number, effectiveMinCount: number) {
    this.words = words;
    this.counts = counts;
    this.totalWords = totalWords;
    this.effectiveMinCount = effectiveMinCount;
    this.ids = new Map(words.map((w, i) => [w, i]));
    let kept = 0;
    for (const c of counts) kept += c;
    this.retainedWords = kept;
  }

  /** Number of words. */
  get size(): number {
    return this.words.length;
  }

  /**
   * The id of `word`, or `-1` when it is not in the vocabulary.
   *
   * @example
   * ```ts
   * Vocabulary.fromSentences([['x', 'y', 'x']]).indexOf('x'); // 0
   * ```
   */
  indexOf(word: string): number {
    return this.ids.get(word) ?? -1;
  }

  /**
   * Whether `word` is in the vocabulary.
   *
   * @example
   * ```ts
   * Vocabulary.fromSentences([['x']]).has('y'); // false
   * ```
   */
  has(word: string): boolean {
    return this.ids.has(word);
  }

  /**
   * Builds a vocabulary from raw counts (in order of first appearance, as a `Map` keeps them).
   *
   * @param totalWords raw tokens seen; default: the sum of `counts`.
   * @example
   * ```ts
   * Vocabulary.fromCounts(new Map([['a', 5], ['b', 9], ['c', 1]]), { minCount: 2 }).words; // ['b', 'a']
   * ```
   */
  static fromCounts(
    counts: Map<string, number> | Iterable<readonly [string, number]>,
    options: VocabularyOptions = {},
    totalWords?: number,
  ): Vocabulary {
    const { minCount = 1, maxVocabSize } = options;
    if (!Number.isInteger(minCount) || minCount < 1) {
      throw new ArgumentError('Vocabulary(minCount)', 'an integer >= 1', minCount);
    }
    if (maxVocabSize !== undefined && (!Number.isInteger(maxVocabSize) || maxVocabSize < 1)) {
      throw new ArgumentError('Vocabulary(maxVocabSize)', 'an integer >= 1', maxVocabSize);
    }
    const entries = [...counts];
    let total = 0;
    for (const [w, c] of entries) {
      if (!(Number.isInteger(c) && c >= 0)) {
        throw new ArgumentError(`Vocabulary(counts[${JSON.stringify(w)}])`, 'a non-negative integer', c);
      }
      total += c;
    }
    // Stable: ties keep their order of first appearance.
    const sorted = entries.map((e, i) => [e[0], e[1], i] as const).sort((a, b) => b[1] - a[1] || a[2] - b[2]);
    let effective = minCount;
    if (maxVocabSize !== undefined && maxVocabSize < sorted.length) {
      effective = Math.max(minCount, sorted[maxVocabSize]![1] + 1);
    }
    const kept = sorted.filter((e) => e[1] >= effective);
    return new Vocabulary(
      kept.map((e) => e[0]),
      Float64Array.from(kept, (e) => e[1]),
      totalWords ?? total,
      effective,
    );
  }

  /**
   * Counts the words of tokenised sentences and builds the vocabulary.
   *
   * @example
   * ```ts
   * Vocabulary.fromSentences([['to', 'be'], ['or', 'not', 'to', 'be']], { minCount: 2 }).words; // ['to', 'be']
   * ```
   */
  static fromSentences(sentences: Iterable<readonly string[]>, options: VocabularyOptions = {}): Vocabulary {
    const counts = new Map<string, number>();
    for (const s of sentences) for (const w of s) counts.set(w, (counts.get(w) ?? 0) + 1);
    return Vocabulary.fromCounts(counts, options);
  }

  /**
   * Maps a sentence to ids, dropping unknown words (word2vec's behaviour) or replacing them with `unkId`.
   *
   * @example
   * ```ts
   * const v = Vocabulary.fromSentences([['a', 'a', 'b']]);
   * v.encode(['b', 'z', 'a']);     // Int32Array [1, 0]
   * v.encode(['b', 'z', 'a'], 7);  // Int32Array [1, 7, 0]
   * ```
   */
  encode(sentence: readonly string[], unkId?: number): Int32Array {
    const out: number[] = [];
    for (const w of sentence) {
      const id = this.ids.get(w);
      if (id !== undefined) out.push(id);
      else if (unkId !== undefined) out.push(unkId);
    }
    return Int32Array.from(out);
  }
}
