import { describeValue, FormatError } from '../errors';
import { toBase64 } from './base64';
import { RankBuilder } from './rank-builder';
import type { TokenTable } from './token-table';

/**
 * Parses a tiktoken rank file (`<base64 bytes> <rank>` per line) into a {@link TokenTable}.
 * Blank lines are skipped and `\r\n` endings accepted. Any other deviation — bad base64, a missing
 * or non-integer rank, a repeated rank or repeated bytes — is a {@link FormatError} naming the line.
 *
 * @example
 * ```ts
 * const table = parseTiktokenRanks('YQ== 0\nYg== 1\n');
 * table.size; // 2
 * ```
 */
export function parseTiktokenRanks(ranks: string | Uint8Array): TokenTable {
  const src = typeof ranks === 'string' ? new TextEncoder().encode(ranks) : ranks;
  if (!(src instanceof Uint8Array)) {
    throw new FormatError(
      `tiktoken ranks: expected a string or Uint8Array, received ${describeValue(ranks)}`,
    );
  }
  const n = src.length;
  const builder = new RankBuilder(src, 'tiktoken ranks');
  let line = 0;
  let i = 0;
  while (i < n) {
    line++;
    let eol = src.indexOf(10, i);
    if (eol < 0) eol = n;
    let end = eol;
    if (end > i && src[end - 1] === 13) end--;
    if (end === i) {
      i = eol + 1;
      continue;
    }
    const sp = src.indexOf(32, i);
    if (sp < 0 || sp >= end) bad(line, src, i, end, 'no space between token and rank');
    if (sp === i) bad(line, src, i, end, 'empty token');
    if (sp + 1 >= end) bad(line, src, i, end, 'missing rank');
    let rank = 0;
    for (let j = sp + 1; j < end; j++) {
      const d = src[j]! - 48;
      if (d < 0 || d > 9) bad(line, src, i, end, 'rank is not a non-negative integer');
      rank = rank * 10 + d;
      if (rank > 0x7fffffff) bad(line, src, i, end, 'rank too large');
    }
    if (!builder.add(i, sp, rank, line)) bad(line, src, i, end, 'token is not valid base64');
    i = eol + 1;
  }
  return builder.build();
}

/** A line of a rank file for an error message: JSON-quoted, cut after `max` characters with `…`. */
function preview(text: string, max = 40): string {
  return text.length > max ? `${JSON.stringify(text.slice(0, max))}…` : JSON.stringify(text);
}

/** Throws the {@link FormatError} for a malformed line `line` (bytes `s..e` of `src`). */
function bad(line: number, src: Uint8Array, s: number, e: number, why: string): never {
  const text = new TextDecoder().decode(src.subarray(s, Math.min(e, s + 60)));
  throw new FormatError(
    `tiktoken ranks line ${line}: expected "<base64 token> <integer rank>", ${why} in ${preview(text)}`,
    { line },
  );
}

/**
 * Serializes a token table back to the tiktoken rank-file format.
 *
 * @example
 * ```ts
 * formatTiktokenRanks(parseTiktokenRanks('YQ== 0')); // 'YQ== 0\n'
 * ```
 */
export function formatTiktokenRanks(table: TokenTable): string {
  const parts: string[] = [];
  for (let r = 0; r < table.size; r++) {
    if (!table.has(r)) continue;
    parts.push(`${toBase64(table.tokenBytes(r))} ${r}`);
  }
  return `${parts.join('\n')}\n`;
}
