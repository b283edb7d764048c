import { CHAR_TO_BYTE } from '../utf8';
import type { JsonObject } from './json';
import { patternRegex } from './oniguruma';

/** Turns token strings back into text. */
export interface Decoder {
  /** Maps the token list to a list of strings (concatenated by the caller). */
  decodeChain(tokens: string[]): string[];
  toJSON(): JsonObject;
}

const utf8 = new TextDecoder('utf-8');

/** Byte-level chars (`Ġ`) back to bytes, then UTF-8 (invalid sequences become U+FFFD). */
export class ByteLevelDecoder implements Decoder {
  decodeChain(tokens: string[]): string[] {
    const bytes: number[] = [];
    const enc = new TextEncoder();
    for (const t of tokens) {
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        const b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c]! : -1;
        if (b >= 0) bytes.push(b);
        else {
          const cp = t.codePointAt(i)!;
          const w = cp > 0xffff ? 2 : 1;
          for (const x of enc.encode(t.slice(i, i + w))) bytes.push(x);
          i += w - 1;
        }
      }
    }
    return [utf8.decode(Uint8Array.from(bytes))];
  }
  toJSON(): JsonObject {
    return { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true };
  }
}

/** Joins WordPiece tokens: `##` continuations glue on, other tokens get a space. */
export class WordPieceDecoder implements Decoder {
  constructor(
    readonly prefix = '##',
    readonly cleanup = true,
  ) {}
  decodeChain(tokens: string[]): string[] {
    return tokens.map((t, i) => {
      let s = t;
      if (i > 0) s = s.startsWith(this.prefix) ? s.slice(this.prefix.length) : ` ${s}`;
      return this.cleanup ? cleanupTokenization(s) : s;
    });
  }
  toJSON(): JsonObject {
    return { type: 'WordPiece', prefix: this.prefix, cleanup: this.cleanup };
  }
}

/** Hugging Face's `clean_up_tokenization`: removes spaces before punctuation and in contractions. */
export function cleanupTokenization(s: string): string {
  return s
    .replace(/ \./g, '.')
    .replace(/ \?/g, '?')
    .replace(/ !/g, '!')
    .replace(/ ,/g, ',')
    .replace(/ ' /g, "'")
    .replace(/ n't/g, "n't")
    .replace(/ 'm/g, "'m")
    .replace(/ 's/g, "'s")
    .replace(/ 've/g, "'ve")
    .replace(/ 're/g, "'re");
}

/** `▁` back to spaces; the first token's leading space is dropped when the pre-tokenizer added it. */
export class MetaspaceDecoder implements Decoder {
  constructor(
    readonly replacement = '\u2581',
    readonly prependScheme: 'always' | 'first' | 'never' = 'always',
    readonly split = true,
  ) {}
  decodeChain(tokens: string[]): string[] {
    return tokens.map((t, i) => {
      let s = t.split(this.replacement).join(' ');
      if (i === 0 && this.prependScheme !== 'never' && s.startsWith(' ')) s = s.slice(1);
      return s;
    });
  }
  toJSON(): JsonObject {
    return {
      type: 'Metaspace',
      replacement: this.replacement,
      prepend_scheme: this.prependScheme,
      split: this.split,
    };
  }
}

/** Classic BPE: the end-of-word suffix (`</w>`) becomes a space (none after the last token). */
export class BPEDecoder implements Decoder {
  constructor(readonly suffix = '</w>') {}
  decodeChain(tokens: string[]): string[] {
    return tokens.map((t, i) => t.split(this.suffix).join(i === tokens.length - 1 ? '' : ' '));
  }
  toJSON(): JsonObject {
    return { type: 'BPEDecoder', suffix: this.suffix };
  }
}

/** Replaces a literal or regex in every token. */
export class ReplaceDecoder implements Decoder {
  private readonly re: RegExp;
  constructor(
    readonly pattern: { String: string } | { Regex: string },
    readonly content: string,
  ) {
    this.re = patternRegex(pattern, 'decoder.pattern');
  }
  decodeChain(tokens: string[]): string[] {
    return tokens.map((t) => t.replace(this.re, () => this.content));
  }
  toJSON(): JsonObject {
    return { type: 'Replace', pattern: this.pattern, content: this.content };
  }
}

/** `<0x41>` byte tokens back to text (SentencePiece byte fallback). */
export class ByteFallbackDecoder implements Decoder {
  decodeChain(tokens: string[]): string[] {
    const out: string[] = [];
    let bytes: number[] = [];
    const flush = () => {
      if (bytes.length) out.push(utf8.decode(Uint8Array.from(bytes)));
      bytes = [];
    };
    for (const t of tokens) {
      const m = /^<0x([0-9A-Fa-f]{2})>$/.exec(t);
      if (m) bytes.push(Number.parseInt(m[1]!, 16));
      else {
        flush();
        out.push(t);
      }
    }
    flush();
    return out;
  }
  toJSON(): JsonObject {
    return { type: 'ByteFallback' };
  }
}

/** Joins all tokens into one string. */
export class FuseDecoder implements Decoder {
  decodeChain(tokens: string[]): string[] {
    return [tokens.join('')];
  }
  toJSON(): JsonObject {
    return { type: 'Fuse' };
  }
}

/** Removes `start` leading and `stop` trailing occurrences of `content` from each token. */
export class StripDecoder implements Decoder {
  constructor(
    readonly content: string,
    readonly start: number,
    readonly stop: number,
  ) {}
  decodeChain(tokens: string[]): string[] {
    return tokens.map((t) => {
      let a = 0;
      let b = t.length;
      for (let k = 0; k < this.start && t.startsWith(this.content, a); k++) a += this.content.length;
      for (
        let k = 0;
        k < this.stop && b - this.content.length >= a && t.startsWith(this.content, b - this.content.length);
        k++
      ) {
        b -= this.content.length;
      }
      return t.slice(a, b);
    });
  }
  toJSON(): JsonObject {
    return { type: 'Strip', content: this.content, start: this.start, stop: this.stop };
  }
}

/** Decoders applied in order. */
export class DecoderSequence implements Decoder {
  constructor(readonly decoders: Decoder[]) {}
  decodeChain(tokens: string[]): string[] {
    for (const d of this.decoders) tokens = d.decodeChain(tokens);
    return tokens;
  }
  toJSON(): JsonObject {
    return { type: 'Sequence', decoders: this.decoders.map((d) => d.toJSON()) };
  }
}
