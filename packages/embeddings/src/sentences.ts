/**
 * Where training sentences come from: arrays, iterables, async iterables, functions returning a
 * fresh one for every pass, and {@link LineSentences} (text files and streams read line by line).
 */

/** A tokenised sentence, or a line of text that is split on whitespace (as Python's `str.split()`). */
export type SentenceItem = readonly string[] | string;

/**
 * Training sentences. Training passes over them `epochs + 1` times (one pass counts the vocabulary),
 * so pass something that can be iterated again — an array, a `Set`, {@link LineSentences}, any
 * object whose `[Symbol.iterator]`/`[Symbol.asyncIterator]` starts afresh each time, or a function
 * returning a fresh iterable. A one-shot iterator (a generator object, an async generator) is read
 * once and its words kept in memory as 32-bit ids (4 bytes a word).
 */
export type Sentences =
  | Iterable<SentenceItem>
  | AsyncIterable<SentenceItem>
  | (() => Iterable<SentenceItem> | AsyncIterable<SentenceItem>);

/** Splits on runs of whitespace and drops empty tokens, like Python's `str.split()`. */
export function splitWhitespace(line: string): string[] {
  const out = line.split(/\s+/);
  if (out.length > 0 && out[0] === '') out.shift();
  if (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

const toTokens = (item: SentenceItem): readonly string[] =>
  typeof item === 'string' ? splitWhitespace(item) : item;

/** Something with a method yielding sentences in batches (LineSentences has one: fewer awaits). */
interface Batched {
  batches(): AsyncIterable<string[][]>;
}

const isBatched = (x: unknown): x is Batched =>
  typeof x === 'object' && x !== null && typeof (x as Batched).batches === 'function';

/** Whether `source` is an iterator that can be read only once (a generator object, …). */
export function isOneShot(source: Sentences): boolean {
  return (
    typeof source === 'object' &&
    source !== null &&
    !Array.isArray(source) &&
    typeof (source as { next?: unknown }).next === 'function'
  );
}

const BATCH = 512;

/**
 * Reads one pass of `source` as batches of tokenised sentences (internal).
 *
 * @example
 * ```ts
 * for await (const batch of sentenceBatches([['a', 'b'], 'c d'])) console.log(batch); // [['a','b'],['c','d']]
 * ```
 */
export async function* sentenceBatches(source: Sentences): AsyncGenerator<readonly (readonly string[])[]> {
  const src = typeof source === 'function' ? source() : source;
  if (isBatched(src)) {
    yield* src.batches();
    return;
  }
  if (Array.isArray(src)) {
    for (let i = 0; i < src.length; i += BATCH) {
      yield (src as SentenceItem[]).slice(i, i + BATCH).map(toTokens);
    }
    return;
  }
  let batch: (readonly string[])[] = [];
  if (typeof (src as Iterable<SentenceItem>)[Symbol.iterator] === 'function') {
    for (const item of src as Iterable<SentenceItem>) {
      batch.push(toTokens(item));
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
  } else {
    for await (const item of src as AsyncIterable<SentenceItem>) {
      batch.push(toTokens(item));
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}
