/**
 * Standard base64 (`A–Z a–z 0–9 + /`, `=` padding) over byte ranges, without building strings: what the
 * rank parsers need to measure and decode tokens in place.
 *
 * @example
 * ```ts
 * const src = new TextEncoder().encode('YWI=');
 * base64Length(src, 0, 4); // 2
 * ```
 */

const CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The value of each base64 character code, −1 for anything else. */
export const BASE64_VALUE: Int8Array = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let i = 0; i < 64; i++) t[CHARS.charCodeAt(i)] = i;
  return t;
})();

/**
 * Decoded length of the base64 text `src[s, e)`, or −1 if it is not valid padded base64.
 *
 * @example
 * ```ts
 * base64Length(new TextEncoder().encode('YQ=='), 0, 4); // 1
 * ```
 */
export function base64Length(src: Uint8Array, s: number, e: number): number {
  const len = e - s;
  if (len <= 0 || len % 4 !== 0) return -1;
  let pad = 0;
  if (src[e - 1] === 61) pad++;
  if (src[e - 2] === 61) pad++;
  for (let i = s; i < e - pad; i++) if (BASE64_VALUE[src[i]!]! < 0) return -1;
  return (len / 4) * 3 - pad;
}

/**
 * Decodes the (valid, see {@link base64Length}) base64 text `src[s, e)` into `out` at `pos`; returns the
 * position after the last byte written.
 *
 * @example
 * ```ts
 * const out = new Uint8Array(2);
 * base64Decode(new TextEncoder().encode('YWI='), 0, 4, out, 0); // 2, out = 'ab'
 * ```
 */
export function base64Decode(src: Uint8Array, s: number, e: number, out: Uint8Array, pos: number): number {
  let bits = 0;
  let nbits = 0;
  for (let i = s; i < e; i++) {
    const c = src[i]!;
    if (c === 61) break;
    bits = ((bits << 6) | BASE64_VALUE[c]!) & 0xffffff;
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out[pos++] = (bits >> nbits) & 0xff;
    }
  }
  return pos;
}

/**
 * Base64 text of some bytes (padded).
 *
 * @example
 * ```ts
 * toBase64(new Uint8Array([97, 98])); // 'YWI='
 * ```
 */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    s += CHARS[v >> 18]! + CHARS[(v >> 12) & 63]! + CHARS[(v >> 6) & 63]! + CHARS[v & 63]!;
  }
  if (i + 1 === bytes.length) {
    const v = bytes[i]! << 16;
    s += `${CHARS[v >> 18]!}${CHARS[(v >> 12) & 63]!}==`;
  } else if (i + 2 === bytes.length) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    s += `${CHARS[v >> 18]!}${CHARS[(v >> 12) & 63]!}${CHARS[(v >> 6) & 63]!}=`;
  }
  return s;
}
