import { describeValue, FormatError } from '../errors';
import { escapeRegExp } from '../special-tokens';
import { field, type JsonObject, optBool, reqString, type } from './json';
import { codePointChunks, markClusters, NormalizedString } from './normalized-string';

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

/** Compiles a tokenizer.json `{String}` / `{Regex}` pattern to a global JS regex. */
export function patternRegex(p: unknown, where: string): RegExp {
  if (p && typeof p === 'object') {
    const o = p as Record<string, unknown>;
    if (typeof o.String === 'string') return new RegExp(escapeRegExp(o.String), 'gu');
    if (typeof o.Regex === 'string') return compileOniguruma(o.Regex, where);
  }
  throw new FormatError(
    `${where}: expected {"String": "…"} or {"Regex": "…"}, received ${describeValue(p)}`,
    {
      field: where,
    },
  );
}

/** Translates the Oniguruma/Rust-regex features seen in tokenizer.json files to a JS `u` regex. */
export function compileOniguruma(src: string, where: string): RegExp {
  let js = dropPossessive(src)
    .replace(/\(\?i:((?:[^()\\]|\\.)*)\)/g, (_w, body: string) => `(?:${expandCase(body)})`)
    .replace(/\\A/g, '^')
    .replace(/\\z/gi, '$');
  // \p{Han} etc. → script properties
  js = js.replace(
    /\\([pP])\{(Han|Hiragana|Katakana|Hangul|Latin|Greek|Cyrillic|Arabic|Hebrew|Thai)\}/g,
    '\\$1{Script=$2}',
  );
  try {
    return new RegExp(js, 'gu');
  } catch (e) {
    throw new FormatError(
      `${where}: regex ${JSON.stringify(src)} cannot be compiled as JS (${(e as Error).message})`,
      { field: where },
      { cause: e },
    );
  }
}

/**
 * Possessive quantifiers (`a++`, `a*+`, `a?+`, `a{1,3}+`) have no JS form; dropping the `+` gives the
 * greedy quantifier, which matches the same text for the split patterns used by tokenizers.
 */
function dropPossessive(src: string): string {
  let out = '';
  let inClass = false;
  let afterQuant = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      out += c + (src[i + 1] ?? '');
      i++;
      // \p{..} / \u{..}: copy the braces too
      if ((src[i] === 'p' || src[i] === 'P' || src[i] === 'u') && src[i + 1] === '{') {
        const close = src.indexOf('}', i);
        out += src.slice(i + 1, close + 1);
        i = close;
      }
      afterQuant = false;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      afterQuant = false;
      continue;
    }
    if (c === '+' && afterQuant) {
      afterQuant = false;
      continue;
    }
    if (c === '{' && /^\{\d+(,\d*)?\}/.test(src.slice(i))) {
      const close = src.indexOf('}', i);
      out += src.slice(i, close + 1);
      i = close;
      afterQuant = true;
      continue;
    }
    afterQuant = (c === '*' || c === '+' || c === '?') && !(c === '?' && src[i - 1] === '(');
    out += c;
  }
  return out;
}

function expandCase(body: string): string {
  return body.replace(/[a-zA-Z]/g, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
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
      re.lastIndex++;
      continue;
    }
    gap(last, m.index);
    out.push([m.index, m.index + m[0].length, true]);
    last = m.index + m[0].length;
  }
  gap(last, text.length);
  return out;
}

/** Builds a normalizer from its tokenizer.json object. */
export function normalizerFromJson(j: unknown, where = 'normalizer'): Normalizer | null {
  if (j === null || j === undefined) return null;
  const o = field(j, where);
  const t = type(o, where);
  switch (t) {
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD':
      return new UnicodeNormalizer(t);
    case 'Lowercase':
      return new Lowercase();
    case 'Strip':
      return new Strip(optBool(o, 'strip_left', where, true), optBool(o, 'strip_right', where, true));
    case 'StripAccents':
      return new StripAccents();
    case 'Replace':
      return new Replace(o.pattern as { String: string }, reqString(o, 'content', where));
    case 'Prepend':
      return new Prepend(reqString(o, 'prepend', where));
    case 'BertNormalizer':
      return new BertNormalizer(
        optBool(o, 'clean_text', where, true),
        optBool(o, 'handle_chinese_chars', where, true),
        o.strip_accents === null || o.strip_accents === undefined
          ? null
          : optBool(o, 'strip_accents', where, false),
        optBool(o, 'lowercase', where, true),
      );
    case 'Sequence': {
      const list = o.normalizers;
      if (!Array.isArray(list)) {
        throw new FormatError(`${where}.normalizers: expected an array`, { field: `${where}.normalizers` });
      }
      return new NormalizerSequence(
        list
          .map((n, i) => normalizerFromJson(n, `${where}.normalizers[${i}]`))
          .filter((n): n is Normalizer => !!n),
      );
    }
    case 'Precompiled':
      return new PrecompiledApprox(o);
    default:
      throw new FormatError(
        `${where}.type: unsupported normalizer ${JSON.stringify(t)} (supported: NFC, NFD, NFKC, NFKD, Lowercase, Strip, StripAccents, Replace, Prepend, BertNormalizer, Sequence, Precompiled≈NFKC)`,
        { field: `${where}.type` },
      );
  }
}
