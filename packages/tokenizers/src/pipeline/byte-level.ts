import { BYTE_TO_CHAR } from '../utf8';
import type { JsonObject } from './json';
import { NormalizedString } from './normalized-string';
import { compileOniguruma } from './oniguruma';
import type { PreTokenizer } from './pre-tokenizer';
import { applyBehavior, regexRanges } from './split';

/** GPT-2's split pattern (used by `ByteLevel` with `use_regex`). */
export const GPT2_PATTERN =
  "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

/**
 * GPT-2 byte-level: optional prefix space, optional GPT-2 regex split, then every UTF-8 byte becomes
 * one printable char (`Ġ` for a space) aligned to its source character.
 */
export class ByteLevel implements PreTokenizer {
  private readonly re: RegExp;
  constructor(
    readonly addPrefixSpace = false,
    readonly useRegex = true,
    readonly trimOffsets = true,
  ) {
    // Hugging Face runs this pattern on Oniguruma: \s is White_Space (U+0085 yes, U+FEFF no)
    this.re = compileOniguruma(GPT2_PATTERN, 'pre_tokenizer.pattern');
  }
  preTokenize(pieces: NormalizedString[]): NormalizedString[] {
    let ps = pieces;
    if (this.addPrefixSpace)
      ps = ps.map((p) => (p.text.length && !p.text.startsWith(' ') ? p.prepend(' ') : p));
    if (this.useRegex)
      ps = ps.flatMap((p) => applyBehavior(p, regexRanges(this.re, p.text, false), 'isolated'));
    return ps.map(toByteLevel);
  }
  toJSON(): JsonObject {
    return {
      type: 'ByteLevel',
      add_prefix_space: this.addPrefixSpace,
      trim_offsets: this.trimOffsets,
      use_regex: this.useRegex,
    };
  }
}

/** ASCII text in byte-level form: only controls, space and DEL change (`Ġ` for a space). */
function asciiByteLevel(t: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c <= 32 || c === 127) {
      out += t.slice(last, i) + BYTE_TO_CHAR[c]!;
      last = i + 1;
    }
  }
  return last === 0 ? t : out + t.slice(last);
}

/**
 * Maps a piece to byte-level chars (each UTF-8 byte one printable char, `Ġ` for a space), each aligned to the
 * original range of its source character.
 *
 * @example
 * ```ts
 * toByteLevel(new NormalizedString(' é')).text; // 'ĠÃ©'
 * ```
 */
export function toByteLevel(p: NormalizedString): NormalizedString {
  const t = p.text;
  let ascii = true;
  for (let i = 0; i < t.length && ascii; i++) if (t.charCodeAt(i) > 126) ascii = false;
  // ASCII: one byte per unit, so the alignment is unchanged
  if (ascii) return new NormalizedString(asciiByteLevel(t), p.base, p.align);
  let out = '';
  const al = new Int32Array(2 * 3 * t.length);
  let n = 0;
  const B = BYTE_TO_CHAR;
  for (let i = 0; i < t.length; ) {
    let cp = t.charCodeAt(i);
    let w = 1;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < t.length && (t.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      cp = 0x10000 + ((cp - 0xd800) << 10) + (t.charCodeAt(i + 1) - 0xdc00);
      w = 2;
    } else if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    let s: number;
    let e: number;
    if (p.align === null) {
      s = p.base + i;
      e = s + w;
    } else [s, e] = p.originalRange(i, i + w);
    let k: number;
    if (cp < 0x80) {
      out += B[cp]!;
      k = 1;
    } else if (cp < 0x800) {
      out += B[0xc0 | (cp >> 6)]! + B[0x80 | (cp & 63)]!;
      k = 2;
    } else if (cp < 0x10000) {
      out += B[0xe0 | (cp >> 12)]! + B[0x80 | ((cp >> 6) & 63)]! + B[0x80 | (cp & 63)]!;
      k = 3;
    } else {
      out +=
        B[0xf0 | (cp >> 18)]! +
        B[0x80 | ((cp >> 12) & 63)]! +
        B[0x80 | ((cp >> 6) & 63)]! +
        B[0x80 | (cp & 63)]!;
      k = 4;
    }
    for (let j = 0; j < k; j++) {
      al[n++] = s;
      al[n++] = e;
    }
    i += w;
  }
  return new NormalizedString(out, 0, al.slice(0, n));
}
