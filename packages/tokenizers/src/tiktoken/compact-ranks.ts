/**
 * glossa's compact rank format: a whole rank table as one printable-ASCII string, the form in which
 * the OpenAI encodings ship (`@glossa/tokenizers/encodings/<name>`). It is smaller than a `.tiktoken`
 * file (no base64, no rank numbers: ranks are positions) and gzips to less than the same tokens as a
 * JS array of strings, and a single loop decodes it.
 *
 * ```
 * glossa-ranks/1 <name> <number of ranks> <checksum, 8 hex digits> <token 0>^<token 1>^…^<token n-1>
 * ```
 *
 * Each token is its bytes written as text: printable ASCII stands for itself, except the characters
 * the format reserves (`^ | ~ \``) and those a JS string literal would escape (`" \`), so the data
 * is the same in every bundler's output, whatever charset it is served with. Escapes, with `d` a
 * base64 digit (`A–Z a–z 0–9 + /`):
 * - `|d`: one byte of a small table: controls 0x00–0x1F, 0x7F, then `" \ ^ | ~ \``;
 * - `~dd` (12 bits `v`): `v < 128` is the single byte `0x80 + v` (a byte that is not part of a whole
 *   UTF-8 character); otherwise the UTF-8 bytes of code point `v` (U+0080–U+0FFF: Latin, Greek,
 *   Cyrillic, Arabic, Hebrew, Indic…);
 * - `` `ddd `` (18 bits): the UTF-8 bytes of a code point U+1000–U+3FFFF (CJK, emoji…).
 *
 * An empty token is a rank the table skips (p50k_base has no rank 50256: that id is `<|endoftext|>`).
 * The checksum is {@link TokenTable.checksum} of the decoded table; decoding checks it and the count.
 */
import { describeValue, FormatError } from '../errors';
import { TokenTable } from './token-table';

/** The header's first field. */
export const COMPACT_RANKS_MAGIC = 'glossa-ranks/1';

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const SEP = 0x5e; // ^
const ESC_BYTE = 0x7c; // |
const ESC_12 = 0x7e; // ~
const ESC_18 = 0x60; // `
/** Bytes written as `|d`, by digit. */
const ESCAPED: number[] = [];
for (let b = 0; b < 32; b++) ESCAPED.push(b);
ESCAPED.push(0x7f, 0x22, 0x5c, SEP, ESC_BYTE, ESC_12, ESC_18);
const DIGIT_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) DIGIT_VALUE[DIGITS.charCodeAt(i)] = i;
/** For each byte: its `|d` digit, or −1 if not written that way. */
const ESCAPE_DIGIT = new Int8Array(256).fill(-1);
for (const [i, b] of ESCAPED.entries()) ESCAPE_DIGIT[b] = i;

/** A decoded compact rank string: the table and the name its header gives. */
export interface CompactRanks {
  /** The encoding's name from the header (`cl100k_base`, …). */
  name: string;
  table: TokenTable;
  /** The table's checksum (checked against the header's). */
  checksum: number;
}

/**
 * Whether a string is in the compact rank format (starts with its magic).
 *
 * @example
 * ```ts
 * isCompactRanks(ranks); // true for the export of '@glossa/tokenizers/encodings/cl100k_base'
 * ```
 */
export function isCompactRanks(text: unknown): text is string {
  return typeof text === 'string' && text.startsWith(`${COMPACT_RANKS_MAGIC} `);
}

/**
 * Decodes a compact rank string (see the module comment) into its name and {@link TokenTable}. A
 * malformed header or escape, a wrong number of ranks (a cut string) or a checksum that does not match
 * is a {@link FormatError}.
 *
 * @example
 * ```ts
 * import { ranks } from '@glossa/tokenizers/encodings/cl100k_base';
 * decodeCompactRanks(ranks).table.size; // 100256
 * ```
 */
export function decodeCompactRanks(text: string): CompactRanks {
  if (!isCompactRanks(text)) {
    throw new FormatError(
      `compact ranks: expected a string starting "${COMPACT_RANKS_MAGIC} ", received ${describeValue(text)}`,
    );
  }
  const header = /^glossa-ranks\/1 ([A-Za-z0-9_.-]{1,64}) ([1-9][0-9]{0,8}) ([0-9a-f]{8}) /.exec(
    text.slice(0, 128),
  );
  if (!header) {
    throw new FormatError(
      `compact ranks: expected the header "${COMPACT_RANKS_MAGIC} <name> <number of ranks> <8 hex digit checksum> ", received ${describeValue(text.slice(0, 100))}`,
    );
  }
  const name = header[1]!;
  const size = Number(header[2]);
  const checksum = Number.parseInt(header[3]!, 16);
  const n = text.length;
  const first = header[0].length;
  // Every character yields at most one byte (escapes yield at most as many bytes as they have characters).
  const bytes = new Uint8Array(n - first);
  const start = new Uint32Array(Math.min(size, n - first + 1) + 1);
  let pos = 0;
  let r = 0;
  let present = 0;
  for (let i = first; i < n; ) {
    const c = text.charCodeAt(i++);
    if (c === SEP) {
      if (pos > start[r]!) present++;
      if (++r >= size) {
        throw new FormatError(
          `compact ranks of ${name}: expected ${size} ranks (the header's count), received more`,
        );
      }
      start[r] = pos;
    } else if (c === ESC_BYTE) {
      const b = ESCAPED[digit(text, i)];
      if (b === undefined) bad(text, i - 1, `"|" and a digit below ${ESCAPED.length}`);
      bytes[pos++] = b;
      i += 1;
    } else if (c === ESC_12) {
      const v = (digit(text, i) << 6) | digit(text, i + 1);
      if (v < 0) bad(text, i - 1, '"~" and two base64 digits');
      i += 2;
      if (v < 0x80) bytes[pos++] = 0x80 | v;
      else if (v < 0x800) {
        bytes[pos++] = 0xc0 | (v >> 6);
        bytes[pos++] = 0x80 | (v & 63);
      } else {
        bytes[pos++] = 0xe0 | (v >> 12);
        bytes[pos++] = 0x80 | ((v >> 6) & 63);
        bytes[pos++] = 0x80 | (v & 63);
      }
    } else if (c === ESC_18) {
      const v = (digit(text, i) << 12) | (digit(text, i + 1) << 6) | digit(text, i + 2);
      if (v < 0x1000) bad(text, i - 1, '"`" and three base64 digits giving a code point of U+1000 or more');
      i += 3;
      if (v < 0x10000) {
        bytes[pos++] = 0xe0 | (v >> 12);
        bytes[pos++] = 0x80 | ((v >> 6) & 63);
        bytes[pos++] = 0x80 | (v & 63);
      } else {
        bytes[pos++] = 0xf0 | (v >> 18);
        bytes[pos++] = 0x80 | ((v >> 12) & 63);
        bytes[pos++] = 0x80 | ((v >> 6) & 63);
        bytes[pos++] = 0x80 | (v & 63);
      }
    } else if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) {
      bytes[pos++] = c;
    } else bad(text, i - 1, 'printable ASCII other than `"` and `\\`');
  }
  if (pos > start[r]!) present++;
  if (r + 1 !== size) {
    throw new FormatError(
      `compact ranks of ${name}: expected ${size} ranks (the header's count), received ${r + 1} (the string is cut short)`,
    );
  }
  start[size] = pos;
  const table = new TokenTable(bytes.slice(0, pos), start, present, (rank, earlier) => {
    throw new FormatError(
      `compact ranks of ${name}: expected distinct tokens, received the bytes of rank ${earlier} again at rank ${rank}`,
    );
  });
  const sum = table.checksum();
  if (sum !== checksum) {
    throw new FormatError(
      `compact ranks of ${name}: expected the header's checksum ${hex(checksum)}, received data with checksum ${hex(sum)} (edited or corrupted)`,
    );
  }
  return { name, table, checksum };
}

/** The value of the base64 digit at `i`, or a large negative number (so any combination stays negative). */
function digit(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const v = c < 128 ? DIGIT_VALUE[c]! : -1;
  return v < 0 ? -0x1000000 : v;
}

function bad(text: string, at: number, expected: string): never {
  throw new FormatError(
    `compact ranks, character ${at}: expected ${expected}, received ${describeValue(text.slice(at, at + 8))}`,
    { field: `character ${at}` },
  );
}

/** A checksum as 8 hex digits. */
export function hex(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/**
 * Writes a token table in the compact rank format (see the module comment), the inverse of
 * {@link decodeCompactRanks}. `name` goes into the header (letters, digits, `_ . -`).
 *
 * @example
 * ```ts
 * const text = formatCompactRanks(parseTiktokenRanks(file), 'my_encoding');
 * decodeCompactRanks(text).table.size; // the same table
 * ```
 */
export function formatCompactRanks(table: TokenTable, name: string): string {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
    throw new FormatError(
      `formatCompactRanks(name): expected 1–64 letters, digits, "_", "." or "-", received ${describeValue(name)}`,
    );
  }
  const parts: string[] = [];
  for (let r = 0; r < table.size; r++) parts.push(tokenText(table.tokenBytes(r)));
  return `${COMPACT_RANKS_MAGIC} ${name} ${table.size} ${hex(table.checksum())} ${parts.join('^')}`;
}

/** One token's bytes in the compact alphabet. */
function tokenText(t: Uint8Array): string {
  let s = '';
  for (let i = 0; i < t.length; ) {
    const b = t[i]!;
    const e = ESCAPE_DIGIT[b]!;
    if (e >= 0) {
      s += `|${DIGITS[e]}`;
      i++;
    } else if (b < 0x80) {
      s += String.fromCharCode(b);
      i++;
    } else {
      const [cp, len] = utf8At(t, i);
      if (len > 0 && cp < 0x1000) {
        s += `~${DIGITS[cp >> 6]}${DIGITS[cp & 63]}`;
      } else if (len > 0 && cp < 0x40000) {
        s += `\`${DIGITS[cp >> 12]}${DIGITS[(cp >> 6) & 63]}${DIGITS[cp & 63]}`;
      } else {
        s += `~${DIGITS[(b - 0x80) >> 6]}${DIGITS[(b - 0x80) & 63]}`;
      }
      i += len > 0 && cp < 0x40000 ? len : 1;
    }
  }
  return s;
}

/** The code point and length of the well-formed UTF-8 character at `t[i]`, or `[0, 0]`. */
function utf8At(t: Uint8Array, i: number): [number, number] {
  const b = t[i]!;
  const n = b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
  if (n === 0 || i + n > t.length) return [0, 0];
  let cp = n === 2 ? b & 31 : n === 3 ? b & 15 : b & 7;
  for (let k = 1; k < n; k++) {
    const c = t[i + k]!;
    if ((c & 0xc0) !== 0x80) return [0, 0];
    cp = (cp << 6) | (c & 63);
  }
  if (n === 3 && (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000))) return [0, 0];
  if (n === 4 && (cp < 0x10000 || cp > 0x10ffff)) return [0, 0];
  return [cp, n];
}
