/**
 * A training corpus: one pass counts the words, then every epoch reads the sentences again and
 * packs them into jobs of vocabulary ids (gensim's job producer). Three ways in: strings (arrays,
 * iterables — each word looked up in the vocabulary), bytes ({@link LineSentences} with its default
 * tokenisation — words hashed straight from the file's bytes), and a cache of raw word ids kept for
 * one-shot sources after the counting pass.
 */
import { ArgumentError } from '@glossa/core';
import { LineSentences } from './line-sentences';
import { isOneShot, type Sentences, sentenceBatches } from './sentences';
import type { Vocabulary } from './vocabulary';
import { WordTable } from './word-table';

/** A job: sentences as vocabulary ids. */
export interface Job {
  /** Vocabulary ids of the kept words, sentences concatenated. */
  words: Int32Array;
  /** End offset of each sentence in `words`. */
  ends: Int32Array;
  /** Number of sentences (the used length of `ends`). */
  sentences: number;
  /** Raw tokens in these sentences, unknown words included (drives the learning-rate decay). */
  rawWords: number;
}

/** What the counting pass found. */
export interface CorpusScan {
  /** Counts in order of first appearance. */
  counts: Map<string, number>;
  totalWords: number;
  sentences: number;
}

/** Jobs hold at most this many raw words (gensim's `batch_words`) and sentences at most this many. */
export const BATCH_WORDS = 10000;

/** Packs sentences of ids into jobs of at most BATCH_WORDS raw words. */
class JobBuilder {
  private words = new Int32Array(BATCH_WORDS);
  private ends = new Int32Array(256);
  private n = 0;
  private sentences = 0;
  private raw = 0;
  readonly ready: Job[] = [];

  /** Adds a sentence: `ids[start, end)` are its words as vocabulary ids, −1 for dropped ones. */
  add(ids: ArrayLike<number>, start: number, end: number): void {
    for (let s = start; s < end; s += BATCH_WORDS) {
      const e = Math.min(end, s + BATCH_WORDS);
      const len = e - s;
      if (this.raw + len > BATCH_WORDS && this.sentences > 0) this.flush();
      for (let i = s; i < e; i++) {
        const id = ids[i]!;
        if (id >= 0) this.words[this.n++] = id;
      }
      if (this.sentences === this.ends.length) {
        const grown = new Int32Array(this.ends.length * 2);
        grown.set(this.ends);
        this.ends = grown;
      }
      this.ends[this.sentences++] = this.n;
      this.raw += len;
    }
  }

  flush(): void {
    if (this.sentences === 0) return;
    this.ready.push({
      words: this.words.slice(0, this.n),
      ends: this.ends.slice(0, this.sentences),
      sentences: this.sentences,
      rawWords: this.raw,
    });
    this.n = 0;
    this.sentences = 0;
    this.raw = 0;
  }
}

export class Corpus {
  private readonly source: Sentences;
  private readonly oneShot: boolean;
  /** Raw ids (first-appearance order) of a one-shot source, and its sentence ends. */
  private cacheIds: Int32Array | null = null;
  private cacheEnds: Int32Array | null = null;
  /** The byte-keyed table of a LineSentences source read through its fast path. */
  private table: WordTable | null = null;
  private scanned: CorpusScan | null = null;

  constructor(source: Sentences) {
    const ok =
      typeof source === 'function' ||
      (typeof source === 'object' &&
        source !== null &&
        (typeof (source as Iterable<unknown>)[Symbol.iterator] === 'function' ||
          typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'));
    if (!ok || typeof source === 'string') {
      throw new ArgumentError(
        'Word2Vec.train(sentences)',
        'an array, iterable or async iterable of sentences, LineSentences, or a function returning one',
        source,
      );
    }
    this.source = source;
    this.oneShot = isOneShot(source);
  }

  /** The counting pass (the first read of the source). */
  async scan(signal?: AbortSignal): Promise<CorpusScan> {
    if (this.source instanceof LineSentences) {
      const table = new WordTable();
      const fast = this.source.idSentences(table, true);
      if (fast) {
        let counts = new Float64Array(1024);
        let total = 0;
        let sentences = 0;
        for await (const chunk of fast) {
          signal?.throwIfAborted();
          if (table.size > counts.length) {
            const grown = new Float64Array(Math.max(2 * counts.length, table.size));
            grown.set(counts);
            counts = grown;
          }
          for (let i = 0; i < chunk.ends[chunk.sentences - 1]!; i++) counts[chunk.ids[i]!]!++;
          total += chunk.ends[chunk.sentences - 1]!;
          sentences += chunk.sentences;
        }
        const map = new Map<string, number>();
        for (let i = 0; i < table.size; i++) map.set(table.word(i), counts[i]!);
        this.table = table;
        this.scanned = { counts: map, totalWords: total, sentences };
        return this.scanned;
      }
    }
    const counts = new Map<string, number>();
    let total = 0;
    let sentences = 0;
    let ids: Int32Array | null = this.oneShot ? new Int32Array(1 << 16) : null;
    let ends: Int32Array | null = this.oneShot ? new Int32Array(1 << 12) : null;
    const rawIds = this.oneShot ? new Map<string, number>() : null;
    for await (const batch of sentenceBatches(this.source)) {
      signal?.throwIfAborted();
      for (const s of batch) {
        if (s.length === 0) continue;
        for (const w of s) {
          counts.set(w, (counts.get(w) ?? 0) + 1);
          if (rawIds) {
            let id = rawIds.get(w);
            if (id === undefined) {
              id = rawIds.size;
              rawIds.set(w, id);
            }
            if (total >= ids!.length) ids = grow(ids!);
            ids![total] = id;
          }
          total++;
        }
        if (ends) {
          if (sentences >= ends.length) ends = grow(ends);
          ends[sentences] = total;
        }
        sentences++;
      }
    }
    if (ids && ends) {
      this.cacheIds = ids.subarray(0, total);
      this.cacheEnds = ends.subarray(0, sentences);
    }
    this.scanned = { counts, totalWords: total, sentences };
    return this.scanned;
  }

  /** `map[raw id] = vocabulary id` (−1: dropped) for raw ids in first-appearance order. */
  private rawToVocab(vocab: Vocabulary): Int32Array {
    const map = new Int32Array(this.scanned!.counts.size);
    let r = 0;
    for (const w of this.scanned!.counts.keys()) map[r++] = vocab.indexOf(w);
    return map;
  }

  /** One epoch of jobs over `vocab` (call `scan` first). */
  async *jobs(vocab: Vocabulary, signal?: AbortSignal): AsyncGenerator<Job> {
    const scanned = this.scanned;
    if (!scanned) throw new Error('Corpus.jobs: scan() first');
    const out = new JobBuilder();
    let seen = 0;
    if (this.cacheIds && this.cacheEnds) {
      const map = this.rawToVocab(vocab);
      const mapped = Int32Array.from(this.cacheIds, (id) => map[id]!);
      let start = 0;
      for (const end of this.cacheEnds) {
        out.add(mapped, start, end);
        start = end;
        yield* out.ready.splice(0);
      }
    } else if (this.table) {
      const map = this.rawToVocab(vocab);
      for await (const chunk of (this.source as LineSentences).idSentences(this.table, false)!) {
        signal?.throwIfAborted();
        const ids = chunk.ids;
        for (let i = 0; i < ids.length; i++) ids[i] = ids[i]! >= 0 ? map[ids[i]!]! : -1;
        let start = 0;
        for (let s = 0; s < chunk.sentences; s++) {
          const end = chunk.ends[s]!;
          out.add(ids, start, end);
          seen += end - start;
          start = end;
        }
        yield* out.ready.splice(0);
      }
    } else {
      let buf = new Int32Array(1024);
      for await (const batch of sentenceBatches(this.source)) {
        signal?.throwIfAborted();
        for (const s of batch) {
          if (s.length > buf.length) buf = new Int32Array(2 * s.length);
          for (let j = 0; j < s.length; j++) buf[j] = vocab.indexOf(s[j]!);
          if (s.length > 0) out.add(buf, 0, s.length);
          seen += s.length;
        }
        yield* out.ready.splice(0);
      }
    }
    out.flush();
    yield* out.ready.splice(0);
    if (!this.cacheIds && seen === 0 && scanned.totalWords > 0) {
      throw new ArgumentError(
        'Word2Vec.train(sentences)',
        'a source that can be read again for every epoch (an array, LineSentences, or a function returning a fresh iterable)',
        this.source,
      );
    }
  }
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
