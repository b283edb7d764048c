/**
 * Patterns of `tokenizer.json` (written for Oniguruma / Rust's regex) compiled to JS regexes, shared by the
 * `Split` pre-tokenizer, the `Replace` normalizer and the `Replace` decoder.
 */
import { describeValue, FormatError } from '../errors';
import { escapeRegExp } from '../special-tokens';

/**
 * Compiles a tokenizer.json `{String}` / `{Regex}` pattern to a global JS regex; anything else is a
 * {@link FormatError} naming `where`.
 *
 * @example
 * ```ts
 * patternRegex({ Regex: '\\s+' }, 'pre_tokenizer.pattern'); // /\s+/gu
 * patternRegex({ String: '.' }, 'normalizer.pattern'); // /\./gu
 * ```
 */
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

/**
 * Translates the Oniguruma/Rust-regex features seen in tokenizer.json files (possessive quantifiers, `(?i:…)`,
 * `\\A`, `\\z`, script names, and the Unicode meaning of `\\s`, `\\d`, `\\w`: `\\s` is `White_Space`, which
 * has U+0085 and not U+FEFF, unlike JS's `\\s`) to a JS `u` regex; what JS still cannot compile is a {@link FormatError} naming
 * `where`.
 *
 * @example
 * ```ts
 * compileOniguruma("\\p{L}++|(?i:'s)", 'pre_tokenizer.pattern'); // /\p{L}+|(?:'[sS])/gu
 * ```
 */
export function compileOniguruma(src: string, where: string): RegExp {
  let js = unicodeShorthands(dropPossessive(src))
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

/** Oniguruma's Unicode word chars (with its Latin-1 quirks: ² ³ ¹ ¼ ½ ¾), as tokenizers.js has them. */
const WORD_CHARS = '\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\u00B2\\u00B3\\u00B9\\u00BC-\\u00BE';
const OUTSIDE: Record<string, string> = {
  s: '\\p{White_Space}',
  S: '\\P{White_Space}',
  d: '\\p{Nd}',
  D: '\\P{Nd}',
  w: `[${WORD_CHARS}]`,
  W: `[^${WORD_CHARS}]`,
};
const IN_CLASS: Record<string, string> = {
  s: '\\p{White_Space}',
  S: '\\P{White_Space}',
  d: '\\p{Nd}',
  D: '\\P{Nd}',
  w: WORD_CHARS,
};

/** `\\s`, `\\S`, `\\d`, `\\D`, `\\w`, `\\W` with Oniguruma's Unicode meaning (inside classes too, but `\\W`). */
function unicodeShorthands(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const d = src[i + 1] ?? '';
      const rep = (inClass ? IN_CLASS : OUTSIDE)[d];
      i++;
      if (rep !== undefined) {
        out += rep;
        continue;
      }
      out += c + d;
      if ((d === 'p' || d === 'P' || d === 'u' || d === 'x') && src[i + 1] === '{') {
        const close = src.indexOf('}', i);
        if (close > i) {
          out += src.slice(i + 1, close + 1);
          i = close;
        }
      }
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') out += src[++i];
      if (src[i + 1] === ']') out += src[++i]; // a leading ] is a literal
      continue;
    }
    out += c;
  }
  return out;
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

/** Each ASCII letter of `body` as a `[xX]` class (the body of an `(?i:…)` group). */
function expandCase(body: string): string {
  return body.replace(/[a-zA-Z]/g, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
}
