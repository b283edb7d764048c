import { ArgumentError } from '@glossa/core';
import { type IdSentences, idSentences } from './byte-sentences';
import { nodeImport } from './node-import';
import { splitWhitespace } from './sentences';
import type { WordTable } from './word-table';

/** What {@link LineSentences} reads: a file path (Node), a `Blob`/`File`, or a function opening a stream. */
export type LineSource =
  | string
  | URL
  | Blob
  | (() => ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>);

/** Options of {@link LineSentences}. */
export interface LineSentencesOptions {
  /** Lines longer than this many tokens are cut into several sentences. Default `10000` (as gensim). */
  maxSentenceLength?: number;
  /** Lower-case each line before splitting. Default `false`. */
  lowercase?: boolean;
  /** Splits a line into tokens. Default: on whitespace (Python's `str.split()`). */
  tokenize?: (line: string) => string[];
  /** Stop after this many lines. Default: all. */
  limit?: number;
}

async function* chunks(source: LineSource): AsyncGenerator<Uint8Array | string> {
  if (typeof source === 'string' || source instanceof URL) {
    const fs = (await nodeImport('node:fs')) as typeof import('node:fs');
    yield* fs.createReadStream(source, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>;
    return;
  }
  const opened =
    typeof Blob !== 'undefined' && source instanceof Blob ? source.stream() : (source as () => unknown)();
  if (opened && typeof (opened as ReadableStream).getReader === 'function') {
    const reader = (opened as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  if (opened && typeof (opened as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    yield* opened as AsyncIterable<Uint8Array | string>;
    return;
  }
  throw new ArgumentError('LineSentences(source)', 'a ReadableStream or an async iterable of chunks', opened);
}

/**
 * Sentences from text, one per line, read as a stream (never the whole file at once) and afresh
 * on every pass, so it can be handed to `Word2Vec.train` directly — gensim's `LineSentence`.
 * A string is a file path (Node only; `node:fs` is imported lazily); in browsers pass a `Blob`/`File`
 * or a function returning a `ReadableStream` (e.g. `() => fetch(url).then(...)` wrapped to a stream).
 * Empty lines yield no sentence.
 *
 * @example
 * ```ts
 * const sentences = new LineSentences('corpus.txt', { lowercase: true });
 * const model = await Word2Vec.train(sentences, { mode: 'skipgram', vectorSize: 100 });
 * for await (const s of sentences) console.log(s); // ['the', 'quick', …]
 * ```
 */
export class LineSentences implements AsyncIterable<string[]> {
  private readonly source: LineSource;
  private readonly options: Required<Omit<LineSentencesOptions, 'tokenize' | 'limit'>> &
    Pick<LineSentencesOptions, 'tokenize' | 'limit'>;

  constructor(source: LineSource, options: LineSentencesOptions = {}) {
    const { maxSentenceLength = 10000, lowercase = false, tokenize, limit } = options;
    if (!Number.isInteger(maxSentenceLength) || maxSentenceLength < 1) {
      throw new ArgumentError('LineSentences(maxSentenceLength)', 'an integer >= 1', maxSentenceLength);
    }
    const ok =
      typeof source === 'string' ||
      typeof source === 'function' ||
      source instanceof URL ||
      (typeof Blob !== 'undefined' && source instanceof Blob);
    if (!ok) throw new ArgumentError('LineSentences(source)', 'a path, a URL, a Blob or a function', source);
    this.source = source;
    this.options = { maxSentenceLength, lowercase, tokenize, limit };
  }

  /**
   * The sentences in batches (one per chunk read): what training uses, with fewer awaits.
   *
   * @example
   * ```ts
   * for await (const batch of new LineSentences('corpus.txt').batches()) console.log(batch.length);
   * ```
   */
  async *batches(): AsyncGenerator<string[][]> {
    const { maxSentenceLength, lowercase, tokenize = splitWhitespace, limit } = this.options;
    const decoder = new TextDecoder('utf-8');
    let rest = '';
    let lines = 0;
    const push = (out: string[][], line: string): void => {
      const tokens = tokenize(lowercase ? line.toLowerCase() : line);
      for (let i = 0; i < tokens.length; i += maxSentenceLength) {
        out.push(
          i === 0 && tokens.length <= maxSentenceLength ? tokens : tokens.slice(i, i + maxSentenceLength),
        );
      }
    };
    for await (const chunk of chunks(this.source)) {
      const text = rest + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
      const parts = text.split('\n');
      rest = parts.pop()!;
      const out: string[][] = [];
      for (const line of parts) {
        if (limit !== undefined && lines >= limit) break;
        lines++;
        push(out, line);
      }
      if (out.length > 0) yield out;
      if (limit !== undefined && lines >= limit) return;
    }
    rest += decoder.decode();
    if (rest !== '' && (limit === undefined || lines < limit)) {
      const out: string[][] = [];
      push(out, rest);
      if (out.length > 0) yield out;
    }
  }

  /**
   * The sentences as word indices in `table`, read from the bytes without a string per token (what
   * `Word2Vec.train` uses); `null` with a custom `tokenize`, which needs strings.
   *
   * @example
   * ```ts
   * const table = new WordTable();
   * for await (const s of new LineSentences('corpus.txt').idSentences(table, true)!) console.log(s.sentences);
   * ```
   */
  idSentences(table: WordTable, insert: boolean): AsyncGenerator<IdSentences> | null {
    const { maxSentenceLength, lowercase, tokenize, limit } = this.options;
    if (tokenize) return null;
    return idSentences(chunks(this.source), table, { insert, lowercase, maxSentenceLength, limit });
  }

  /** One sentence at a time. */
  async *[Symbol.asyncIterator](): AsyncGenerator<string[]> {
    for await (const batch of this.batches()) yield* batch;
  }
}
