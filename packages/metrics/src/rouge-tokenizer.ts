import { porterStem } from './porter-stemmer';

/** A ROUGE tokenizer: `'default'` (rouge-score parity), `'unicode'`, or your own function. */
export type RougeTokenizer = 'default' | 'unicode' | ((text: string) => string[]);

const NON_ALNUM = /[^a-z0-9]+/g;
const VALID_TOKEN = /^[a-z0-9]+$/;

function stemCached(cache: Map<string, string>, token: string): string {
  let s = cache.get(token);
  if (s === undefined) {
    s = porterStem(token);
    cache.set(token, s);
  }
  return s;
}

/**
 * rouge-score's `DefaultTokenizer`: lowercase, every run of characters outside `[a-z0-9]` becomes a
 * space, split, Porter-stem tokens longer than 3 characters (if `useStemmer`), drop anything that
 * is not `[a-z0-9]+`. Text in other scripts (accented letters, Devanagari, Chinese, …) is removed,
 * exactly as rouge-score does.
 *
 * @example
 * ```ts
 * rougeDefaultTokenize('The cats were running!', true); // ['the', 'cat', 'were', 'run']
 * rougeDefaultTokenize('café', false); // ['caf']
 * ```
 */
export function rougeDefaultTokenize(
  text: string,
  useStemmer: boolean,
  cache: Map<string, string> = new Map(),
): string[] {
  const replaced = text.toLowerCase().replace(NON_ALNUM, ' ');
  const out: string[] = [];
  for (const raw of replaced.split(' ')) {
    if (raw === '') continue;
    const tok = useStemmer && raw.length > 3 ? stemCached(cache, raw) : raw;
    if (VALID_TOKEN.test(tok)) out.push(tok);
  }
  return out;
}

// Scripts written without spaces: one token per character.
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}';
const UNICODE_TOKEN = new RegExp(`[${CJK}]|(?:(?![${CJK}])[\\p{L}\\p{M}\\p{N}])+`, 'gu');

/**
 * A Unicode-aware ROUGE tokenizer (not in rouge-score): NFC-normalise and lowercase, tokens are runs
 * of letters, combining marks and digits of any script; Han, Hiragana and Katakana characters are
 * one token each. The Porter stemmer, being English-only, applies to `[a-z0-9]+` tokens longer than
 * 3 characters only.
 *
 * @example
 * ```ts
 * rougeUnicodeTokenize('Le café, 東京!', false); // ['le', 'café', '東', '京']
 * rougeUnicodeTokenize('नमस्ते दुनिया', false); // ['नमस्ते', 'दुनिया']
 * ```
 */
export function rougeUnicodeTokenize(
  text: string,
  useStemmer: boolean,
  cache: Map<string, string> = new Map(),
): string[] {
  const out: string[] = [];
  for (const m of text.normalize('NFC').toLowerCase().matchAll(UNICODE_TOKEN)) {
    const raw = m[0];
    out.push(useStemmer && raw.length > 3 && VALID_TOKEN.test(raw) ? stemCached(cache, raw) : raw);
  }
  return out;
}
