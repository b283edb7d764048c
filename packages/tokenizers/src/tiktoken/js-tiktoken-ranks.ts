import { describeValue, FormatError } from '../errors';
import { RankBuilder } from './rank-builder';
import type { TokenTable } from './token-table';

/**
 * The default export of js-tiktoken's rank modules (`js-tiktoken/ranks/cl100k_base`, …): the split
 * pattern, the special tokens, and the ranks in js-tiktoken's compressed form.
 */
export interface JsTiktokenRanks {
  /** The split regex (JS syntax). */
  pat_str: string;
  /** Special tokens and their ids. */
  special_tokens: Record<string, number>;
  /**
   * Lines of `<anything> <first rank> <base64 token> <base64 token> …`: the tokens of a line have
   * consecutive ranks from the first one.
   */
  bpe_ranks: string;
}

const WHAT = 'js-tiktoken bpe_ranks';

/**
 * Parses js-tiktoken's compressed ranks (the `bpe_ranks` string of its rank modules) into a
 * {@link TokenTable}. Blank lines are skipped; anything else malformed — a missing or non-integer
 * first rank, an empty token, bad base64, a repeated rank or repeated bytes — is a
 * {@link FormatError} naming the line and the token.
 *
 * @example
 * ```ts
 * import cl100k from 'js-tiktoken/ranks/cl100k_base';
 * parseJsTiktokenRanks(cl100k.bpe_ranks).size; // 100256
 * ```
 */
export function parseJsTiktokenRanks(bpeRanks: string | Uint8Array): TokenTable {
  const src = typeof bpeRanks === 'string' ? new TextEncoder().encode(bpeRanks) : bpeRanks;
  if (!(src instanceof Uint8Array)) {
    throw new FormatError(`${WHAT}: expected a string, received ${describeValue(bpeRanks)}`);
  }
  const n = src.length;
  const builder = new RankBuilder(src, WHAT);
  let line = 0;
  let i = 0;
  while (i < n) {
    line++;
    let eol = src.indexOf(10, i);
    if (eol < 0) eol = n;
    let end = eol;
    if (end > i && src[end - 1] === 13) end--;
    if (end > i) parseLine(src, i, end, line, builder);
    i = eol + 1;
  }
  return builder.build();
}

function parseLine(src: Uint8Array, s: number, end: number, line: number, builder: RankBuilder): void {
  const sp = src.indexOf(32, s);
  if (sp < 0 || sp >= end) bad(line, 'a line "<prefix> <first rank> <base64 token> …", found no space');
  let j = sp + 1;
  let rank = 0;
  if (j >= end || src[j] === 32) bad(line, 'the first rank after the prefix, found none');
  for (; j < end && src[j] !== 32; j++) {
    const d = src[j]! - 48;
    if (d < 0 || d > 9)
      bad(line, `the first rank as a non-negative integer, found ${preview(src, sp + 1, end)}`);
    rank = rank * 10 + d;
    if (rank > 0x7fffffff) bad(line, 'a first rank below 2^31');
  }
  let token = 0;
  while (j < end) {
    const ts = j + 1; // j is at a space
    let te = src.indexOf(32, ts);
    if (te < 0 || te > end) te = end;
    if (te === ts)
      bad(line, `token ${token}: a base64 token, found an empty one (two spaces or a trailing space)`);
    if (rank + token > 0x7fffffff) bad(line, 'ranks below 2^31');
    if (!builder.add(ts, te, rank + token, line)) {
      bad(line, `token ${token}: a base64 token, found ${preview(src, ts, te)}`);
    }
    token++;
    j = te;
  }
}

function preview(src: Uint8Array, s: number, e: number): string {
  const text = new TextDecoder().decode(src.subarray(s, Math.min(e, s + 40)));
  return e - s > 40 ? `${JSON.stringify(text)}…` : JSON.stringify(text);
}

function bad(line: number, expected: string): never {
  throw new FormatError(`${WHAT} line ${line}: expected ${expected}`, { line });
}

/**
 * Whether a rank file's first line looks like js-tiktoken's compressed form (`<prefix> <rank> <token> <token>…`,
 * three or more fields) rather than tiktoken's `<token> <rank>` lines.
 *
 * @example
 * ```ts
 * looksLikeJsTiktokenRanks(new TextEncoder().encode('! 0 IQ== Ig==')); // true
 * looksLikeJsTiktokenRanks(new TextEncoder().encode('IQ== 0')); // false
 * ```
 */
export function looksLikeJsTiktokenRanks(src: Uint8Array): boolean {
  let i = 0;
  while (i < src.length && (src[i] === 10 || src[i] === 13)) i++;
  let spaces = 0;
  for (; i < src.length && src[i] !== 10; i++) if (src[i] === 32 && ++spaces === 2) return true;
  return false;
}
