import { stepPastEmpty } from '../regex-step';
import type { JsonObject } from './json';
import { codePointChunks, markClusters, NormalizedString } from './normalized-string';
import { patternRegex } from './oniguruma';

/** A normalizer rewrites text before pre-tokenization, keeping alignment to the original. */
export interface Normalizer {
  normalize(s: NormalizedString): NormalizedString;
  toJSON(): JsonObject;
}

/** Unicode normalization form (`NFC`, `NFD`, `NFKC`, `NFKD`). */
export class UnicodeNormalizer implements Normalizer {
  constructor(readonly form: 'NFC' | 'NFD' | 'NFKC' | 'NFKD') {}
  normalize(s: NormalizedString): NormalizedString {
    const t = s.text.normalize(this.form);
    if (t === s.text) return s;
    return s.mapChunks(markClusters(s.text), (c) => c.normalize(this.form));
  }
  toJSON(): JsonObject {
    return { type: this.form };
  }
}

/** Lowercases (full Unicode lowercasing). */
export class Lowercase implements Normalizer {
  normalize(s: NormalizedString): NormalizedString {
    const t = s.text.toLowerCase();
    if (t === s.text) return s;
    if (t.length === s.text.length) return new NormalizedString(t, s.base, s.align);
    return s.mapChunks(codePointChunks(s.text), (c) => c.toLowerCase());
  }
  toJSON(): JsonObject {
    return { type: 'Lowercase' };
  }
}

/** Removes whitespace at the start and/or end. */
export class Strip implements Normalizer {
  constructor(
    readonly left = true,
    readonly right = true,
  ) {}
  normalize(s: NormalizedString): NormalizedString {
    let a = 0;
    let b = s.text.length;
    if (this.left) while (a < b && /\s/.test(s.text[a]!)) a++;
    if (this.right) while (b > a && /\s/.test(s.text[b - 1]!)) b--;
    return s.slice(a, b);
  }
  toJSON(): JsonObject {
    return { type: 'Strip', strip_left: this.left, strip_right: this.right };
  }
}

/** Removes combining marks (use after NFD/NFKD to strip accents: `é` → `e`). */
export class StripAccents implements Normalizer {
  normalize(s: NormalizedString): NormalizedString {
    if (!/\p{Mn}/u.test(s.text)) return s;
    return s.mapChunks(markClusters(s.text), (c) => c.replace(/\p{Mn}/gu, ''));
  }
  toJSON(): JsonObject {
    return { type: 'StripAccents' };
  }
}

/** Replaces every match of a literal string or regex by `content`. */
export class Replace implements Normalizer {
  private readonly re: RegExp;
  constructor(
    readonly pattern: { String: string } | { Regex: string },
    readonly content: string,
  ) {
    this.re = patternRegex(pattern, 'Replace.pattern');
  }
  normalize(s: NormalizedString): NormalizedString {
    const chunks = [...matchChunks(this.re, s.text)];
    if (!chunks.some((c) => c[2])) return s;
    return s.mapChunks(
      chunks.map(([a, b]) => [a, b] as [number, number]),
      (c, i) => (chunks[i]![2] ? this.content : c),
    );
  }
  toJSON(): JsonObject {
    return { type: 'Replace', pattern: this.pattern, content: this.content };
  }
}

/** Prepends a string (e.g. `▁`) to non-empty text. */
export class Prepend implements Normalizer {
  constructor(readonly prefix: string) {}
  normalize(s: NormalizedString): NormalizedString {
    return s.text.length ? s.prepend(this.prefix) : s;
  }
  toJSON(): JsonObject {
    return { type: 'Prepend', prepend: this.prefix };
  }
}

/** BERT's normalizer: clean control chars, space out CJK ideographs, strip accents, lowercase. */
export class BertNormalizer implements Normalizer {
  constructor(
    readonly cleanText = true,
    readonly handleChineseChars = true,
    readonly stripAccents: boolean | null = null,
    readonly lowercase = true,
  ) {}
  normalize(s: NormalizedString): NormalizedString {
    const strip = this.stripAccents ?? this.lowercase;
    const lower = this.lowercase;
    return s.mapChunks(markClusters(s.text), (cluster) => {
      let out = '';
      for (const ch of cluster) out += this.mapChar(ch, strip, lower);
      return out;
    });
  }
  private mapChar(c: string, strip: boolean, lower: boolean): string {
    {
      const cp = c.codePointAt(0)!;
      if (this.cleanText) {
        if (cp === 0 || cp === 0xfffd || (isControl(c) && c !== '\t' && c !== '\n' && c !== '\r')) return '';
        if (/^\s$/u.test(c)) c = ' ';
      }
      if (this.handleChineseChars && isChinese(cp)) return ` ${c} `;
      if (strip) c = c.normalize('NFD').replace(/\p{Mn}/gu, '');
      if (lower) c = c.toLowerCase();
      return c;
    }
  }
  toJSON(): JsonObject {
    return {
      type: 'BertNormalizer',
      clean_text: this.cleanText,
      handle_chinese_chars: this.handleChineseChars,
      strip_accents: this.stripAccents,
      lowercase: this.lowercase,
    };
  }
}

/** Several normalizers in order. */
export class NormalizerSequence implements Normalizer {
  constructor(readonly normalizers: Normalizer[]) {}
  normalize(s: NormalizedString): NormalizedString {
    for (const n of this.normalizers) s = n.normalize(s);
    return s;
  }
  toJSON(): JsonObject {
    return { type: 'Sequence', normalizers: this.normalizers.map((n) => n.toJSON()) };
  }
}

/**
 * SentencePiece's `Precompiled` char map is approximated by NFKC (what nearly all such maps encode);
 * the original map is kept so that saving writes it back unchanged.
 */
export class PrecompiledApprox implements Normalizer {
  constructor(readonly json: JsonObject) {}
  normalize(s: NormalizedString): NormalizedString {
    return new UnicodeNormalizer('NFKC').normalize(s);
  }
  toJSON(): JsonObject {
    return this.json;
  }
}

function isControl(c: string): boolean {
  return /^[\p{Cc}\p{Cf}]$/u.test(c);
}

function isChinese(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/** Match ranges (flag true) and the gaps between them (split per code point, flag false). */
export function matchChunks(re: RegExp, text: string): [number, number, boolean][] {
  const out: [number, number, boolean][] = [];
  re.lastIndex = 0;
  let last = 0;
  const gap = (a: number, b: number) => {
    for (const c of codePointChunks(text.slice(a, b))) out.push([c[0] + a, c[1] + a, false]);
  };
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      stepPastEmpty(re, text, m.index);
      continue;
    }
    gap(last, m.index);
    out.push([m.index, m.index + m[0].length, true]);
    last = m.index + m[0].length;
  }
  gap(last, text.length);
  return out;
}
