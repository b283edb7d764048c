import { describe, expect, it } from 'vitest';
import { jsTiktokenRanks } from '../../test/peers';
import { FormatError } from '../errors';
import { readShippedRanks } from '../shipped-ranks';
import { decodeCompactRanks } from './compact-ranks';
import { fromTiktoken } from './from-tiktoken';
import { looksLikeJsTiktokenRanks, parseJsTiktokenRanks } from './js-tiktoken-ranks';

function formatError(src: string): FormatError {
  try {
    parseJsTiktokenRanks(src);
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw e;
  }
  throw new Error('no FormatError');
}

describe("js-tiktoken's compressed ranks", () => {
  it('lines of "<prefix> <first rank> <base64>…" give consecutive ranks; gaps between lines stay gaps', () => {
    const t = parseJsTiktokenRanks('! 0 YQ== Yg==\n! 3 YWI=\n');
    expect(t.size).toBe(4);
    expect(t.count).toBe(3);
    expect(t.has(2)).toBe(false);
    expect(t.lookup(new TextEncoder().encode('ab'), 0, 2)).toBe(3);
  });

  it('tells itself apart from a .tiktoken file', () => {
    const enc = new TextEncoder();
    expect(looksLikeJsTiktokenRanks(enc.encode('! 0 IQ== Ig=='))).toBe(true);
    expect(looksLikeJsTiktokenRanks(enc.encode('\n\n! 5 IQ=='))).toBe(true);
    expect(looksLikeJsTiktokenRanks(enc.encode('IQ== 0\nIg== 1 x'))).toBe(false);
  });

  it.each(['r50k_base', 'p50k_base', 'cl100k_base', 'o200k_base'])(
    "%s from js-tiktoken's module equals the shipped ranks",
    async (name) => {
      const js = await jsTiktokenRanks(name);
      const shipped = decodeCompactRanks(readShippedRanks(name));
      const t = parseJsTiktokenRanks(js.bpe_ranks);
      expect(t.size).toBe(shipped.table.size);
      expect(t.checksum()).toBe(shipped.checksum);
    },
  );

  it("fromTiktoken takes js-tiktoken's module whole: its pattern and special tokens come along", async () => {
    const enc = fromTiktoken(await jsTiktokenRanks('r50k_base'));
    expect(enc.encode('hello world<|endoftext|>', { allowedSpecial: 'all' }).ids).toEqual([
      31373, 995, 50256,
    ]);
    expect(() => fromTiktoken('YQ== 0')).toThrow(/fromTiktoken\(options.pattern\): expected the split regex/);
  });

  it('names the line and token of each malformation', () => {
    expect(formatError('!').message).toMatch(
      /line 1: expected a line "<prefix> <first rank> <base64 token> …", found no space/,
    );
    expect(formatError('! \n').message).toMatch(
      /line 1: expected the first rank after the prefix, found none/,
    );
    expect(formatError('! 0 YQ==\n! x1 Yg==').message).toMatch(
      /line 2: expected the first rank as a non-negative integer, found "x1 Yg=="/,
    );
    expect(formatError('! 0 YQ==  Yg==').message).toMatch(
      /line 1: expected token 1: a base64 token, found an empty one/,
    );
    expect(formatError('! 0 YQ== ').message).toMatch(/found an empty one/);
    expect(formatError('! 0 YQ== Y!==').message).toMatch(/token 1: a base64 token, found "Y!=="/);
    expect(formatError('! 0 YQ==\n! 0 Yg==').message).toMatch(/line 2: rank 0 already given on line 1/);
    expect(formatError('! 0 YQ== YQ==').message).toMatch(/the same token bytes already have rank 0/);
    expect(formatError('! 99999999999 YQ==').message).toMatch(/below 2\^31/);
    expect(formatError('! 2000000000 YQ==').message).toMatch(/far beyond/);
    expect(formatError('\n\n').message).toMatch(/no tokens/);
  });
});
