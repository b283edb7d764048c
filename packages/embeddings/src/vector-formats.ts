/**
 * The word-vector file formats: word2vec binary and text (the C tool's, gensim's
 * `save_word2vec_format`/`load_word2vec_format`) and GloVe text (no header).
 */
import { ArgumentError, FormatError } from '@glossa/core';
import { parsePythonFloat, reprFloat32 } from './float-repr';

/** A word-vector file format. */
export type VectorFormat = 'word2vec-binary' | 'word2vec-text' | 'glove';

const FORMATS: readonly VectorFormat[] = ['word2vec-binary', 'word2vec-text', 'glove'];

/** Words and their vectors as read from a file. */
export interface ParsedVectors {
  words: string[];
  vectors: Float32Array;
  vectorSize: number;
}

function checkFormat(format: unknown, what: string): asserts format is VectorFormat {
  if (!FORMATS.includes(format as VectorFormat)) {
    throw new ArgumentError(what, `one of ${FORMATS.map((f) => `'${f}'`).join(', ')}`, format);
  }
}

const strict = new TextDecoder('utf-8', { fatal: true });
const quote = (s: string): string => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

function decode(bytes: Uint8Array, format: VectorFormat, where: () => string): string {
  try {
    return strict.decode(bytes);
  } catch (e) {
    throw new FormatError(`${format}: invalid UTF-8 ${where()}`, undefined, { cause: e });
  }
}

/** Parses `<count> <dims>` (gensim: `[int(x) for x in header.split()]`). */
function header(line: string, format: VectorFormat): [number, number] {
  const parts = line.trim().split(/\s+/);
  const nums = parts.map(Number);
  if (parts.length !== 2 || !nums.every((n) => Number.isInteger(n) && n >= 0) || nums[1] === 0) {
    throw new FormatError(
      `${format}: line 1: expected a header "<count> <dimensions>", received ${quote(line)}`,
      { line: 1, field: 'header' },
    );
  }
  return nums as [number, number];
}

/**
 * Rows to allocate for a header's `count` vectors of `d` dimensions: no more than `available` bytes can
 * hold at `perEntry` bytes each (a corrupt header's 10^12 words would otherwise be allocated before the
 * file runs out); the collector grows if the estimate is short.
 */
function capacity(count: number, d: number, available: number, perEntry: number): number {
  return Math.min(count, Math.floor(available / perEntry), Math.floor(2 ** 26 / d));
}

/** Collects vectors, keeping the first of duplicate words (as gensim). */
class Collector {
  readonly words: string[] = [];
  private readonly seen = new Set<string>();
  vectors: Float32Array;
  constructor(
    capacity: number,
    readonly d: number,
  ) {
    this.vectors = new Float32Array(capacity * d);
  }
  /** The row to write `word`'s vector to, or -1 for a duplicate. */
  add(word: string): number {
    if (this.seen.has(word)) return -1;
    this.seen.add(word);
    const r = this.words.length;
    if ((r + 1) * this.d > this.vectors.length) {
      const grown = new Float32Array(Math.max(2 * this.vectors.length, (r + 1) * this.d));
      grown.set(this.vectors);
      this.vectors = grown;
    }
    this.words.push(word);
    return r;
  }
  result(): ParsedVectors {
    return {
      words: this.words,
      vectors: this.vectors.slice(0, this.words.length * this.d),
      vectorSize: this.d,
    };
  }
}

function parseText(bytes: Uint8Array, format: 'word2vec-text' | 'glove'): ParsedVectors {
  const text = decode(bytes, format, () => '');
  let pos = 0;
  let lineNo = 0;
  const nextLine = (): string | null => {
    if (pos >= text.length) return null;
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end);
    pos = end + 1;
    lineNo++;
    return line;
  };
  let count = Number.POSITIVE_INFINITY;
  let d = 0;
  if (format === 'word2vec-text') {
    const h = nextLine();
    if (h === null) throw new FormatError(`${format}: empty input, expected a header line`, { line: 1 });
    [count, d] = header(h, format);
  }
  // a line holds a word and d numbers (d spaces at least): the header's count cannot exceed what fits
  let out: Collector | null =
    format === 'word2vec-text' ? new Collector(capacity(count, d, text.length, 2 * d), d) : null;
  for (let k = 0; k < count; k++) {
    const line = nextLine();
    if (line === null) {
      if (format === 'glove') break;
      throw new FormatError(
        `${format}: unexpected end of input at line ${lineNo + 1}: the header promised ${count} vectors, found ${k}`,
        { line: lineNo + 1 },
      );
    }
    const parts = line.trimEnd().split(' ');
    if (!out) {
      d = parts.length - 1;
      if (d < 1) {
        throw new FormatError(
          `${format}: line ${lineNo}: expected a word and its vector, received ${quote(line)}`,
          {
            line: lineNo,
          },
        );
      }
      out = new Collector(1024, d);
    }
    if (parts.length !== d + 1) {
      throw new FormatError(
        `${format}: line ${lineNo}: expected a word and ${d} numbers separated by single spaces, received ${parts.length - 1} fields`,
        { line: lineNo },
      );
    }
    const r = out.add(parts[0]!);
    for (let c = 0; c < d; c++) {
      const v = parsePythonFloat(parts[c + 1]!);
      if (v === undefined) {
        throw new FormatError(
          `${format}: line ${lineNo}: value ${c + 1} of ${quote(parts[0]!)} is not a number: ${quote(parts[c + 1]!)}`,
          { line: lineNo, field: parts[0]! },
        );
      }
      if (r >= 0) out.vectors[r * d + c] = v;
    }
  }
  if (!out) throw new FormatError(`${format}: no vectors found`, { line: 1 });
  return out.result();
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function parseBinary(bytes: Uint8Array): ParsedVectors {
  const format = 'word2vec-binary';
  const nl = bytes.indexOf(10);
  if (nl < 0) throw new FormatError(`${format}: no header line (no newline found)`, { line: 1 });
  const [count, d] = header(
    decode(bytes.subarray(0, nl), format, () => 'in the header'),
    format,
  );
  const size = 4 * d;
  const out = new Collector(capacity(count, d, bytes.length - nl - 1, size + 1), d);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = nl + 1;
  for (let k = 0; k < count; k++) {
    while (pos < bytes.length && bytes[pos] === 10) pos++; // word2vec.c writes '\n' after each vector
    const start = pos;
    const space = bytes.indexOf(32, pos);
    if (space < 0 || bytes.length - (space + 1) < size) {
      throw new FormatError(
        `${format}: unexpected end of input at byte offset ${start} (entry ${k + 1} of ${count}): expected a word, a space and ${size} bytes of float32`,
        { field: `byte ${start}` },
      );
    }
    const word = decode(bytes.subarray(start, space), format, () => `in the word at byte offset ${start}`);
    const r = out.add(word);
    pos = space + 1;
    if (r >= 0) {
      if (littleEndian) {
        new Uint8Array(out.vectors.buffer, r * size, size).set(bytes.subarray(pos, pos + size));
      } else {
        for (let c = 0; c < d; c++) out.vectors[r * d + c] = view.getFloat32(pos + 4 * c, true);
      }
    }
    pos += size;
  }
  return out.result();
}

/** Parses word vectors (see `KeyedVectors.parse`). */
export function parseVectors(bytes: Uint8Array, format: VectorFormat): ParsedVectors {
  checkFormat(format, 'KeyedVectors.parse(format)');
  if (!(bytes instanceof Uint8Array))
    throw new ArgumentError('KeyedVectors.parse(bytes)', 'a Uint8Array', bytes);
  return format === 'word2vec-binary' ? parseBinary(bytes) : parseText(bytes, format);
}

/** Writes word vectors (see `KeyedVectors.serialize`). */
export function serializeVectors(
  words: readonly string[],
  vectors: Float32Array,
  d: number,
  format: VectorFormat,
): Uint8Array {
  checkFormat(format, 'KeyedVectors.serialize(format)');
  for (const w of words) {
    if (w === '' || /[ \n]/.test(w) || (format !== 'word2vec-binary' && /\s/.test(w))) {
      throw new ArgumentError(
        'KeyedVectors.serialize(words)',
        'non-empty words without spaces or line breaks',
        w,
      );
    }
  }
  const enc = new TextEncoder();
  const head = format === 'glove' ? '' : `${words.length} ${d}\n`;
  if (format !== 'word2vec-binary') {
    const lines: string[] = [head];
    for (let r = 0; r < words.length; r++) {
      const vals: string[] = new Array(d);
      for (let c = 0; c < d; c++) vals[c] = reprFloat32(vectors[r * d + c]!);
      lines.push(`${words[r]} ${vals.join(' ')}\n`);
    }
    return enc.encode(lines.join(''));
  }
  const encoded = words.map((w) => enc.encode(`${w} `));
  const headBytes = enc.encode(head);
  let total = headBytes.length;
  for (const e of encoded) total += e.length + 4 * d;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(headBytes, 0);
  let pos = headBytes.length;
  encoded.forEach((e, r) => {
    out.set(e, pos);
    pos += e.length;
    for (let c = 0; c < d; c++, pos += 4) view.setFloat32(pos, vectors[r * d + c]!, true);
  });
  return out;
}
