import { describe, expect, it } from 'vitest';
import { tinyRanks } from '../../test/helpers';
import { FormatError } from '../errors';
import { formatTiktokenRanks, parseTiktokenRanks } from './ranks';

function formatError(src: string): FormatError {
  try {
    parseTiktokenRanks(src);
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw e;
  }
  throw new Error('no FormatError');
}

describe('tiktoken rank files', () => {
  it('parses bytes or text, skips blank lines, accepts CRLF, and round-trips through formatTiktokenRanks', () => {
    const src = tinyRanks(['ab', 'abc']);
    const t = parseTiktokenRanks(new TextEncoder().encode(src.replace(/\n/g, '\r\n')));
    expect(t.size).toBe(258);
    expect(t.lookup(new TextEncoder().encode('abc'), 0, 3)).toBe(257);
    expect(formatTiktokenRanks(t)).toBe(src);
    expect(parseTiktokenRanks(`\n\nYQ== 0\n\n`).count).toBe(1);
  });

  it('names the line of each kind of malformation', () => {
    const ok = 'YQ== 0\nYg== 1\n';
    expect(formatError(`${ok}YWI=2\n`).line).toBe(3);
    expect(formatError(`${ok}YWI= two\n`).message).toMatch(/line 3.*non-negative integer/);
    expect(formatError(`${ok}YW 2\n`).message).toMatch(/line 3.*base64/);
    expect(formatError(`${ok}Y!== 2\n`).line).toBe(3);
    expect(formatError(`${ok}YWI= \n`).message).toMatch(/missing rank/);
    expect(formatError(`${ok}YWI= 1\n`).message).toMatch(/line 3: rank 1 already given on line 2/);
    expect(formatError(`${ok}YQ== 2\n`).message).toMatch(
      /line 3: the same token bytes already have rank 0 \(line 1\)/,
    );
    expect(formatError(`${ok} 2\n`).message).toMatch(/empty token/);
    expect(formatError('').message).toMatch(/no tokens/);
    expect(formatError('YQ== 99999999').message).toMatch(/far beyond/);
  });
});
