import { describeValue, FormatError } from '../errors';
import { TokenTable } from './token-table';

const B64 = (() => {
  const t = new Int8Array(256).fill(-1);
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 64; i++) t[chars.charCodeAt(i)] = i;
  return t;
})();

/**
 * Parses a tiktoken rank file (`<base64 bytes> <rank>` per line) into a {@link TokenTable}.
 * Blank lines are skipped and `\r\n` endings accepted. Any other deviation — bad base64, a missing
 * or non-integer rank, a repeated rank or repeated bytes — is a {@link FormatError} naming the line.
 */
export function parseTiktokenRanks(ranks: string | Uint8Array): TokenTable {
  const src = typeof ranks === 'string' ? new TextEncoder().encode(ranks) : ranks;
  if (!(src instanceof Uint8Array)) {
    throw new FormatError(
      `tiktoken ranks: expected a string or Uint8Array, received ${describeValue(ranks)}`,
    );
  }
  const n = src.length;
  // Pass 1: find lines, validate, collect ranks and decoded lengths.
  let cap = 1 << 16;
  let b64s = new Uint32Array(cap);
  let b64e = new Uint32Array(cap);
  let rks = new Int32Array(cap);
  let lines = new Uint32Array(cap);
  let count = 0;
  let maxRank = -1;
  let totalBytes = 0;
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
    let rank = 0;
    if (sp + 1 >= end) bad(line, src, i, end, 'missing rank');
    for (let j = sp + 1; j < end; j++) {
      const d = src[j]! - 48;
      if (d < 0 || d > 9) bad(line, src, i, end, 'rank is not a non-negative integer');
      rank = rank * 10 + d;
      if (rank > 0x7fffffff) bad(line, src, i, end, 'rank too large');
    }
    const len = b64Length(src, i, sp);
    if (len < 0) bad(line, src, i, end, 'token is not valid base64');
    if (count === cap) {
      cap *= 2;
      b64s = grow(b64s, cap);
      b64e = grow(b64e, cap);
      rks = grow(rks, cap);
      lines = grow(lines, cap);
    }
    b64s[count] = i;
    b64e[count] = sp;
    rks[count] = rank;
    lines[count] = line;
    count++;
    totalBytes += len;
    if (rank > maxRank) maxRank = rank;
    i = eol + 1;
  }
  if (count === 0) throw new FormatError('tiktoken ranks: the file has no tokens', { line: 1 });
  if (maxRank > count * 4 + 1024) {
    const k = rks.indexOf(maxRank);
    throw new FormatError(
      `tiktoken ranks line ${lines[k]}: rank ${maxRank} is far beyond the ${count} tokens in the file`,
      { line: lines[k] },
    );
  }
  // Pass 2: decode into one buffer ordered by rank.
  const lineOfRank = new Uint32Array(maxRank + 1);
  const lenOfRank = new Uint32Array(maxRank + 1);
  const srcOfRank = new Int32Array(maxRank + 1).fill(-1);
  for (let k = 0; k < count; k++) {
    const r = rks[k]!;
    if (srcOfRank[r] !== -1) {
      throw new FormatError(
        `tiktoken ranks line ${lines[k]}: rank ${r} already given on line ${lineOfRank[r]}`,
        { line: lines[k] },
      );
    }
    srcOfRank[r] = k;
    lineOfRank[r] = lines[k]!;
    lenOfRank[r] = b64Length(src, b64s[k]!, b64e[k]!);
  }
  const start = new Uint32Array(maxRank + 2);
  const bytes = new Uint8Array(totalBytes);
  let pos = 0;
  for (let r = 0; r <= maxRank; r++) {
    start[r] = pos;
    const k = srcOfRank[r]!;
    if (k >= 0) pos = b64Decode(src, b64s[k]!, b64e[k]!, bytes, pos);
  }
  start[maxRank + 1] = pos;
  return new TokenTable(bytes, start, count, (r, o) => {
    throw new FormatError(
      `tiktoken ranks line ${lineOfRank[r]}: the same token bytes already have rank ${o} (line ${lineOfRank[o]})`,
      { line: lineOfRank[r] },
    );
  });
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

function grow<T extends Uint32Array | Int32Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

/** Decoded length of base64 `src[s, e)`, or −1 if invalid. */
function b64Length(src: Uint8Array, s: number, e: number): number {
  const len = e - s;
  if (len % 4 !== 0) return -1;
  let pad = 0;
  if (src[e - 1] === 61) pad++;
  if (len > 1 && src[e - 2] === 61) pad++;
  for (let i = s; i < e - pad; i++) if (B64[src[i]!]! < 0) return -1;
  return (len / 4) * 3 - pad;
}

function b64Decode(src: Uint8Array, s: number, e: number, out: Uint8Array, pos: number): number {
  let bits = 0;
  let nbits = 0;
  for (let i = s; i < e; i++) {
    const c = src[i]!;
    if (c === 61) break;
    bits = (bits << 6) | B64[c]!;
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out[pos++] = (bits >> nbits) & 0xff;
    }
  }
  return pos;
}

/** Serializes a token table back to the tiktoken rank-file format. */
export function formatTiktokenRanks(table: TokenTable): string {
  const parts: string[] = [];
  for (let r = 0; r < table.size; r++) {
    if (!table.has(r)) continue;
    parts.push(`${toBase64(table.tokenBytes(r))} ${r}`);
  }
  return `${parts.join('\n')}\n`;
}

function toBase64(bytes: Uint8Array): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    s += chars[v >> 18]! + chars[(v >> 12) & 63]! + chars[(v >> 6) & 63]! + chars[v & 63]!;
  }
  if (i + 1 === bytes.length) {
    const v = bytes[i]! << 16;
    s += `${chars[v >> 18]!}${chars[(v >> 12) & 63]!}==`;
  } else if (i + 2 === bytes.length) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    s += `${chars[v >> 18]!}${chars[(v >> 12) & 63]!}${chars[(v >> 6) & 63]!}=`;
  }
  return s;
}
