/**
 * A training corpus: one pass counts the words, then every epoch reads the sentences again and
 * packs them into jobs of vocabulary ids (gensim's job producer). One-shot sources are kept in
 * memory as raw word ids after the counting pass.
 */
import { ArgumentError } from '@glossa/core';
import { isOneShot, type Sentences, sentenceBatches } from './sentences';
import type { Vocabulary } from './vocabulary';

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
  counts: Map<string, number>;
  totalWords: number;
  sentences: number;
}

/** Jobs hold at most this many raw words (gensim's `batch_words`) and sentences at most this many. */
export const BATCH_WORDS = 10000;

export class Corpus {
  private readonly source: Sentences;
  private readonly oneShot: boolean;
  /** Raw ids (first-appearance order) of a one-shot source, and its sentence ends. */
  private cacheIds: Int32Array | null = null;
  private cacheEnds: Int32Array | null = null;
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
    const counts = new Map<string, number>();
    let total = 0;
    let sentences = 0;
    let ids = this.oneShot ? new Int32Array(1 << 16) : null;
    let ends = this.oneShot ? new Int32Array(1 << 12) : null;
    const rawIds = this.oneShot ? new Map<string, number>() : null;
    for await (const batch of sentenceBatches(this.source)) {
      signal?.throwIfAborted();
      for (const s of batch) {
        for (let i = 0; i < s.length; i += BATCH_WORDS) {
          const end = Math.min(s.length, i + BATCH_WORDS);
          for (let j = i; j < end; j++) {
            const w = s[j]!;
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
    }
    if (ids && ends) {
      this.cacheIds = ids.subarray(0, total);
      this.cacheEnds = ends.subarray(0, sentences);
    }
    this.scanned = { counts, totalWords: total, sentences };
    return this.scanned;
  }

  /** One epoch of jobs over `vocab` (call `scan` first). */
  async *jobs(vocab: Vocabulary, signal?: AbortSignal): AsyncGenerator<Job> {
    const scanned = this.scanned;
    if (!scanned) throw new Error('Corpus.jobs: scan() first');
    let words = new Int32Array(BATCH_WORDS);
    let ends = new Int32Array(256);
    let n = 0;
    let sentences = 0;
    let raw = 0;
    const flush = (): Job => {
      const job = { words: words.slice(0, n), ends: ends.slice(0, sentences), sentences, rawWords: raw };
      n = 0;
      sentences = 0;
      raw = 0;
      return job;
    };
    if (this.cacheIds && this.cacheEnds) {
      // rawId → vocabulary id, the words in first-appearance order as the Map holds them.
      const map = new Int32Array(scanned.counts.size);
      let r = 0;
      for (const w of scanned.counts.keys()) map[r++] = vocab.indexOf(w);
      const cids = this.cacheIds;
      let start = 0;
      for (const end of this.cacheEnds) {
        const len = end - start;
        if (raw + len > BATCH_WORDS && sentences > 0) yield flush();
        for (let i = start; i < end; i++) {
          const id = map[cids[i]!]!;
          if (id >= 0) words[n++] = id;
        }
        if (sentences >= ends.length) ends = grow(ends);
        ends[sentences++] = n;
        raw += len;
        start = end;
      }
      if (sentences > 0) yield flush();
      return;
    }
    let seen = 0;
    for await (const batch of sentenceBatches(this.source)) {
      signal?.throwIfAborted();
      for (const s of batch) {
        for (let i = 0; i < s.length; i += BATCH_WORDS) {
          const end = Math.min(s.length, i + BATCH_WORDS);
          const len = end - i;
          if (raw + len > BATCH_WORDS && sentences > 0) yield flush();
          if (n + len > words.length) words = grow(words);
          for (let j = i; j < end; j++) {
            const id = vocab.indexOf(s[j]!);
            if (id >= 0) words[n++] = id;
          }
          if (sentences >= ends.length) ends = grow(ends);
          ends[sentences++] = n;
          raw += len;
          seen += len;
        }
      }
    }
    if (sentences > 0) yield flush();
    if (seen === 0 && scanned.totalWords > 0) {
      throw new ArgumentError(
        'Word2Vec.train(sentences)',
        'a source that can be read again for every epoch (an array, LineSentences, or a function returning a fresh iterable)',
        this.source,
      );
    }
  }
}

function grow<T extends Int32Array>(a: T): T {
  const b = new Int32Array(a.length * 2) as T;
  b.set(a);
  return b;
}
