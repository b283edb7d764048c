import { FormatError } from '@glossa/core';
import { describe, expect, it } from 'vitest';
import { fixtureBytes } from '../test/helpers';
import { KeyedVectors } from './keyed-vectors';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const text = fixtureBytes('gensim-vectors.txt');
const binary = fixtureBytes('gensim-vectors.bin');

function formatError(fn: () => unknown): FormatError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  throw new Error('expected a FormatError');
}

describe('word2vec and GloVe files', () => {
  it("reads gensim's text and binary files to the same float32 vectors", () => {
    const a = KeyedVectors.parse(text, { format: 'word2vec-text' });
    const b = KeyedVectors.parse(binary, { format: 'word2vec-binary' });
    expect(a.words).toEqual(b.words);
    expect(a.vectors).toEqual(b.vectors);
  });

  it("writes byte for byte what gensim's save_word2vec_format wrote (text and binary)", () => {
    const wv = KeyedVectors.parse(binary, { format: 'word2vec-binary' });
    // Buffer.equals: vitest's element-wise toEqual on 100 KB arrays is slow.
    expect(Buffer.from(wv.serialize({ format: 'word2vec-text' })).equals(text)).toBe(true);
    expect(Buffer.from(wv.serialize({ format: 'word2vec-binary' })).equals(binary)).toBe(true);
  });

  it('GloVe text is word2vec text without the header, both ways', () => {
    const wv = KeyedVectors.parse(text, { format: 'word2vec-text' });
    const glove = wv.serialize({ format: 'glove' });
    expect(dec(glove)).toBe(dec(text).slice(dec(text).indexOf('\n') + 1));
    const back = KeyedVectors.parse(glove, { format: 'glove' });
    expect(back.words).toEqual(wv.words);
    expect(back.vectors).toEqual(wv.vectors);
  });

  it("reads word2vec.c's binary layout (a newline after each vector) and keeps the first of duplicates", () => {
    const f32 = (xs: number[]) => new Uint8Array(Float32Array.from(xs).buffer);
    const bytes = new Uint8Array([
      ...enc('3 2\n'),
      ...enc('a '),
      ...f32([1, 2]),
      10,
      ...enc('b '),
      ...f32([3, 4]),
      10,
      ...enc('a '),
      ...f32([5, 6]),
      10,
    ]);
    const wv = KeyedVectors.parse(bytes, { format: 'word2vec-binary' });
    expect(wv.words).toEqual(['a', 'b']);
    expect([...wv.vectors]).toEqual([1, 2, 3, 4]);
  });

  it('accepts trailing spaces (word2vec.c text) and ignores lines past the header count', () => {
    const wv = KeyedVectors.parse(enc('2 2\nx 1 2 \ny 3 4\nz 5 6\n'), { format: 'word2vec-text' });
    expect(wv.words).toEqual(['x', 'y']);
  });

  it('names the line of a malformed text file', () => {
    const bad = (s: string, format: 'word2vec-text' | 'glove' = 'word2vec-text') =>
      formatError(() => KeyedVectors.parse(enc(s), { format }));
    expect(bad('2 two\nx 1 2\n').line).toBe(1);
    expect(bad('2 2\nx 1 2\ny 3\n')).toMatchObject({ line: 3 });
    expect(bad('2 2\nx 1 2\ny 3\n').message).toMatch(/line 3: expected a word and 2 numbers/);
    const nan = bad('2 2\nx 1 2\ny 3 four\n');
    expect(nan).toMatchObject({ line: 3, field: 'y' });
    expect(nan.message).toMatch(/value 2 of "y" is not a number: "four"/);
    expect(bad('3 2\nx 1 2\ny 3 4\n').message).toMatch(
      /unexpected end of input at line 4.*promised 3 vectors, found 2/,
    );
    expect(bad('a 1 2\nb 1\n', 'glove').line).toBe(2);
    expect(
      formatError(() =>
        KeyedVectors.parse(Uint8Array.of(0x32, 0x20, 0x32, 10, 0xff, 0x20), { format: 'word2vec-text' }),
      ).message,
    ).toMatch(/UTF-8/);
  });

  it('names the byte offset of a truncated binary file', () => {
    const cut = binary.subarray(0, binary.length - 10);
    const e = formatError(() => KeyedVectors.parse(cut, { format: 'word2vec-binary' }));
    expect(e.message).toMatch(/unexpected end of input at byte offset \d+ \(entry 599 of 599\)/);
    const offset = Number(/byte offset (\d+)/.exec(e.message)![1]);
    expect(dec(binary.subarray(offset, binary.indexOf(32, offset)))).toBe(
      KeyedVectors.parse(binary, { format: 'word2vec-binary' }).words[598],
    );
    expect(formatError(() => KeyedVectors.parse(enc('no header'), { format: 'word2vec-binary' })).line).toBe(
      1,
    );
  });

  it('rejects unknown formats and unwritable words', () => {
    expect(() => KeyedVectors.parse(text, { format: 'fasttext' as never })).toThrow(
      /'word2vec-binary', 'word2vec-text', 'glove'/,
    );
    const wv = new KeyedVectors(['a b'], Float32Array.of(1), 1);
    expect(() => wv.serialize({ format: 'word2vec-text' })).toThrow(/without spaces/);
  });
});
