import { describe, expect, it } from 'vitest';
import { tinyRanks } from '../../test/helpers';
import { FormatError } from '../errors';
import { decodeCompactRanks, formatCompactRanks, isCompactRanks } from './compact-ranks';
import { parseTiktokenRanks } from './ranks';
import { TokenTable } from './token-table';

/** A table from byte strings by rank (`null`: a rank the table skips). */
function table(tokens: (number[] | null)[]): TokenTable {
  const parts = tokens.map((t) => t ?? []);
  const start = new Uint32Array(parts.length + 1);
  for (let r = 0; r < parts.length; r++) start[r + 1] = start[r]! + parts[r]!.length;
  return new TokenTable(Uint8Array.from(parts.flat()), start, tokens.filter(Boolean).length);
}
const utf8 = (s: string) => [...new TextEncoder().encode(s)];

function formatError(text: string): FormatError {
  try {
    decodeCompactRanks(text);
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw e;
  }
  throw new Error('no FormatError');
}

describe('compact ranks', () => {
  it('write each token as text: printable ASCII as is, the rest escaped, ^ between tokens', () => {
    const t = table([
      utf8('a'),
      utf8(' the'),
      utf8('^|~`"\\'),
      [10, 0, 127],
      utf8('é'),
      utf8('中'),
      utf8('😀'),
      [0xe4],
      null,
      utf8('x'),
    ]);
    expect(formatCompactRanks(t, 'tiny')).toBe(
      `glossa-ranks/1 tiny 10 ${t.checksum().toString(16).padStart(8, '0')} a^ the^|j|k|l|m|h|i^|K|A|g^~Dp^\`E4t^\`fYA^~Bk^^x`,
    );
  });

  it('round-trip every single byte, 2-, 3- and 4-byte characters, partial characters and gaps', () => {
    const tokens: (number[] | null)[] = [];
    for (let b = 0; b < 256; b++) tokens.push([b]);
    tokens.push(
      utf8('Привет'),
      utf8(' naïve'),
      utf8('ﬁ'),
      utf8('\u0fff\u1000'),
      utf8('👩🏾‍💻'),
      utf8('\u{3ffff}\u{40000}\u{10ffff}'),
    );
    tokens.push(
      [0xf0, 0x9f],
      [0x98, 0x80, 0x41],
      [0xc0, 0x80],
      [0xed, 0xa0, 0x80],
      [0xff, 0xfe],
      null,
      null,
      utf8('end'),
    );
    const t = table(tokens);
    const text = formatCompactRanks(t, 'all-bytes_1.0');
    expect(text).toMatch(/^[\x20-\x7e]*$/);
    expect(text).not.toMatch(/["\\]/);
    expect(isCompactRanks(text)).toBe(true);
    const back = decodeCompactRanks(text);
    expect(back.name).toBe('all-bytes_1.0');
    expect(back.table.size).toBe(t.size);
    expect(back.table.count).toBe(t.count);
    for (let r = 0; r < t.size; r++)
      expect([...back.table.tokenBytes(r)], `rank ${r}`).toEqual([...t.tokenBytes(r)]);
    expect(back.checksum).toBe(t.checksum());
    expect(formatCompactRanks(back.table, 'all-bytes_1.0')).toBe(text);
  });

  it('round-trips a rank file', () => {
    const t = parseTiktokenRanks(tinyRanks(['ab', 'abc', ' the', 'ü', [0xe2, 0x82]]));
    expect(decodeCompactRanks(formatCompactRanks(t, 'x')).table.checksum()).toBe(t.checksum());
  });

  it('malformed headers, escapes and characters are FormatErrors saying where', () => {
    const ok = formatCompactRanks(table([utf8('a'), utf8('b')]), 'ab');
    expect(formatError('YQ== 0').message).toMatch(/expected a string starting "glossa-ranks\/1 "/);
    expect(formatError('glossa-ranks/1 a b c d').message).toMatch(/expected the header/);
    expect(formatError('glossa-ranks/1 ab 2 zzzzzzzz a^b').message).toMatch(/expected the header/);
    const head = ok.slice(0, ok.lastIndexOf(' ') + 1);
    expect(formatError(`${head}a^|`).message).toMatch(/character \d+: expected "\|" and a digit below 39/);
    expect(formatError(`${head}a^|z`).field).toMatch(/^character \d+$/);
    expect(formatError(`${head}a^~A`).message).toMatch(/expected "~" and two base64 digits/);
    expect(formatError(`${head}a^\`AAA`).message).toMatch(/code point of U\+1000 or more/);
    expect(formatError(`${head}a^b"`).message).toMatch(/printable ASCII other than/);
    expect(formatError(`${head}a^bé`).message).toMatch(/printable ASCII other than/);
    expect(formatError(`${head}a^b\n`).message).toMatch(/printable ASCII other than/);
  });

  it('a cut string, extra ranks, a wrong checksum and repeated tokens are FormatErrors', () => {
    const ok = formatCompactRanks(table([utf8('a'), utf8('b'), utf8('c')]), 'abc');
    expect(formatError(ok.slice(0, -2)).message).toMatch(
      /expected 3 ranks \(the header's count\), received 2 \(the string is cut short\)/,
    );
    expect(formatError(`${ok}^d`).message).toMatch(/expected 3 ranks \(the header's count\), received more/);
    expect(formatError(`${ok.slice(0, -1)}x`).message).toMatch(
      /expected the header's checksum [0-9a-f]{8}, received data with checksum/,
    );
    const dup = formatCompactRanks(table([utf8('a'), utf8('b'), utf8('b')]), 'dup');
    expect(formatError(dup).message).toMatch(
      /expected distinct tokens, received the bytes of rank 1 again at rank 2/,
    );
    expect(formatError(ok.replace(' 3 ', ' 999999999 ')).message).toMatch(/cut short|checksum/);
  });

  it('names in the header are checked when writing', () => {
    expect(() => formatCompactRanks(table([[1]]), 'a b')).toThrow(FormatError);
    expect(() => formatCompactRanks(table([[1]]), '')).toThrow(/1–64 letters/);
  });
});
