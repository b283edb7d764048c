/**
 * The fast path of {@link LineSentences} for training: text chunks → sentences of word indices in a
 * {@link WordTable}, straight from the UTF-8 bytes (no string per token, so the thread that feeds the
 * trainers stays nearly idle). Tokenises exactly like the string path: lines at `\n`, words at
 * JavaScript whitespace (`/\s/`, Unicode spaces included), optional lower-casing, long lines cut.
 */
import { splitWhitespace } from './sentences';
import { hashBytes, type WordTable } from './word-table';

/** Complete sentences read from one or more chunks. */
export interface IdSentences {
  /** Word indices in the table (−1: unknown, when not inserting), sentences concatenated. */
  ids: Int32Array;
  /** End offset of each sentence in `ids`. */
  ends: Int32Array;
  sentences: number;
}

/** How {@link idSentences} reads. */
export interface IdSentenceOptions {
  /** Add unseen words to the table (counting pass) instead of giving them −1. */
  insert: boolean;
  lowercase: boolean;
  maxSentenceLength: number;
  /** Stop after this many lines. */
  limit?: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
// ASCII whitespace as JavaScript's \s sees it: \t \n \v \f \r and space.
const SPACE = new Uint8Array(256);
for (const c of [9, 10, 11, 12, 13, 32]) SPACE[c] = 1;

/**
 * Reads `chunks` as sentences of word indices.
 *
 * @example
 * ```ts
 * const table = new WordTable();
 * for await (const s of idSentences(chunks, table, { insert: true, lowercase: false, maxSentenceLength: 10000 })) …
 * ```
 */
export async function* idSentences(
  chunks: AsyncIterable<Uint8Array | string>,
  table: WordTable,
  options: IdSentenceOptions,
): AsyncGenerator<IdSentences> {
  const { insert, lowercase, maxSentenceLength: maxLen, limit } = options;
  let ids: Int32Array = new Int32Array(1 << 14);
  let ends: Int32Array = new Int32Array(1 << 10);
  let n = 0; // ids written
  let sentences = 0;
  let open = 0; // ids of the sentence being read (at the end of `ids`)
  let lines = 0;
  let scratch = new Uint8Array(256);
  let carry = new Uint8Array(0); // an unfinished token from the previous chunk

  const push = (id: number): void => {
    if (n === ids.length) ids = grow(ids);
    ids[n++] = id;
    if (++open === maxLen) closeSentence();
  };
  const closeSentence = (): void => {
    if (open === 0) return;
    if (sentences === ends.length) ends = grow(ends);
    ends[sentences++] = n;
    open = 0;
  };
  const lookup = (bytes: Uint8Array, start: number, end: number): void => {
    const h = hashBytes(bytes, start, end);
    let id = table.find(bytes, start, end, h);
    if (id < 0 && insert) id = table.add(bytes, start, end, h);
    push(id);
  };
  const token = (bytes: Uint8Array, start: number, end: number): void => {
    let ascii = true;
    let upper = false;
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      if (b >= 0x80) ascii = false;
      else if (b >= 0x41 && b <= 0x5a) upper = true;
    }
    if (!ascii) {
      // Unicode whitespace may hide inside; lower-casing may change bytes: take the string path.
      const text = decoder.decode(bytes.subarray(start, end));
      for (const w of splitWhitespace(lowercase ? text.toLowerCase() : text)) {
        const b = encoder.encode(w);
        lookup(b, 0, b.length);
      }
      return;
    }
    if (lowercase && upper) {
      const len = end - start;
      if (scratch.length < len) scratch = new Uint8Array(2 * len);
      for (let i = 0; i < len; i++) {
        const b = bytes[start + i]!;
        scratch[i] = b >= 0x41 && b <= 0x5a ? b + 0x20 : b;
      }
      lookup(scratch, 0, len);
      return;
    }
    lookup(bytes, start, end);
  };
  const flush = (): IdSentences | null => {
    if (sentences === 0) return null;
    const done = ends[sentences - 1]!;
    const out = { ids: ids.slice(0, done), ends: ends.slice(0, sentences), sentences };
    ids.copyWithin(0, done, n);
    n -= done;
    sentences = 0;
    return out;
  };

  for await (const chunk of chunks) {
    const data = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    let bytes = data;
    if (carry.length > 0) {
      bytes = new Uint8Array(carry.length + data.length);
      bytes.set(carry);
      bytes.set(data, carry.length);
    }
    let start = -1; // start of the current token
    let i = 0;
    for (; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (SPACE[b] === 1) {
        if (start >= 0) {
          token(bytes, start, i);
          start = -1;
        }
        if (b === 10) {
          closeSentence();
          if (limit !== undefined && ++lines >= limit) break;
        }
      } else if (start < 0) start = i;
    }
    if (limit !== undefined && lines >= limit) {
      const out = flush();
      if (out) yield out;
      return;
    }
    carry = start >= 0 ? bytes.slice(start) : new Uint8Array(0);
    const out = flush();
    if (out) yield out;
  }
  if (carry.length > 0) token(carry, 0, carry.length);
  closeSentence();
  const out = flush();
  if (out) yield out;
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
