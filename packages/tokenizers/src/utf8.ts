/**
 * UTF-8 helpers that work on JS strings (UTF-16) without allocating per call.
 *
 * Lone surrogates, which UTF-8 cannot represent, are written as U+FFFD (`EF BF BD`), exactly as
 * `TextEncoder` does; they keep a length of one UTF-16 unit on the text side, so offsets stay exact.
 */

const decoder = new TextDecoder('utf-8');

/**
 * Writes the UTF-8 bytes of `text[start, end)` into `out` from index 0 and returns the byte count.
 * `out` must hold at least `3 * (end - start)` bytes.
 */
export function encodeUtf8Into(text: string, start: number, end: number, out: Uint8Array): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
    } else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 63);
    } else if (c < 0xd800 || c > 0xdfff) {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 63);
      out[n++] = 0x80 | (c & 63);
    } else {
      const d = i + 1 < end ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        out[n++] = 0xf0 | (c >> 18);
        out[n++] = 0x80 | ((c >> 12) & 63);
        out[n++] = 0x80 | ((c >> 6) & 63);
        out[n++] = 0x80 | (c & 63);
      } else {
        out[n++] = 0xef;
        out[n++] = 0xbf;
        out[n++] = 0xbd;
      }
    }
  }
  return n;
}

/** UTF-8 bytes of a string (lone surrogates become U+FFFD). */
export function utf8Bytes(text: string): Uint8Array {
  const buf = new Uint8Array(text.length * 3);
  return buf.slice(0, encodeUtf8Into(text, 0, text.length, buf));
}

/** Number of UTF-8 bytes of `text` (lone surrogates count 3, as U+FFFD). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Decodes UTF-8 bytes; invalid sequences become U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** A string whose char codes are the bytes (one char per byte, 0–255). */
export function bytesToLatin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = '';
  for (let i = start; i < end; i += 4096) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + 4096)) as unknown as number[]);
  }
  return s;
}

/** The GPT-2 byte↔unicode table used by byte-level BPE vocabularies (`Ġ` for a space, `Ċ` for `\n`). */
export const BYTE_TO_CHAR: readonly string[] = (() => {
  const out: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
    out[b] = String.fromCharCode(printable ? b : 256 + extra++);
  }
  return out;
})();

/** Inverse of {@link BYTE_TO_CHAR}, indexed by char code (−1 where the char is not a byte-level char). */
export const CHAR_TO_BYTE: Int16Array = (() => {
  const t = new Int16Array(324).fill(-1);
  BYTE_TO_CHAR.forEach((ch, b) => {
    t[ch.charCodeAt(0)] = b;
  });
  return t;
})();

/** Byte-level string (`"Ġhello"`) of raw bytes. */
export function bytesToByteLevel(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = '';
  for (let i = start; i < end; i++) s += BYTE_TO_CHAR[bytes[i]!];
  return s;
}

/** Raw bytes of a byte-level string, or `undefined` if it contains a char outside the byte-level alphabet. */
export function byteLevelToBytes(token: string): Uint8Array | undefined {
  const out = new Uint8Array(token.length);
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    const b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c]! : -1;
    if (b < 0) return undefined;
    out[i] = b;
  }
  return out;
}

/**
 * `[start, end)` UTF-16 offsets of consecutive tokens given their UTF-8 byte lengths over `text`.
 * A token that starts or ends inside a multi-byte character is widened to the whole character,
 * so two tokens sharing one emoji both point at it (what Hugging Face tokenizers report too).
 */
export function offsetsFromByteLengths(
  text: string,
  byteLengths: ArrayLike<number>,
  base = 0,
): [number, number][] {
  const out: [number, number][] = new Array(byteLengths.length);
  let ci = 0; // UTF-16 index of the current character
  let cb = 0; // bytes of the current character already consumed
  let clen = charInfo(text, 0); // bytes of current char (packed)
  for (let t = 0; t < byteLengths.length; t++) {
    let left = byteLengths[t]!;
    const start = ci;
    if (left === 0) {
      out[t] = [base + ci, base + ci];
      continue;
    }
    let end = ci;
    while (left > 0 && ci < text.length) {
      const bytes = clen & 7;
      const units = clen >> 3;
      const take = Math.min(left, bytes - cb);
      left -= take;
      cb += take;
      end = ci + units;
      if (cb === bytes) {
        ci += units;
        cb = 0;
        clen = charInfo(text, ci);
      }
    }
    out[t] = [base + start, base + end];
  }
  return out;
}

/** Packed (utf16Units << 3) | utf8Bytes of the code point at i. */
function charInfo(text: string, i: number): number {
  if (i >= text.length) return (1 << 3) | 1;
  const c = text.charCodeAt(i);
  if (c < 0x80) return (1 << 3) | 1;
  if (c < 0x800) return (1 << 3) | 2;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return (2 << 3) | 4;
  }
  return (1 << 3) | 3;
}
