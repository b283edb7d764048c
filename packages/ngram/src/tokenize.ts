/** Options of {@link simpleSentences}. */
export interface SimpleTokenizeOptions {
  /** Lower-case every token. Default true. */
  lowercase?: boolean;
}

const TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;
const SENTENCE_END = /(?<=[.!?])\s+(?=["'“‘(\p{Lu}\p{N}])/u;

/**
 * A deliberately simple tokeniser for examples and baselines: words (letters/digits with inner apostrophes)
 * and single punctuation marks. For real work use `@glossa/tokenizers` and pass its tokens to the models.
 *
 * @example
 * ```ts
 * simpleTokenize("Don't panic!"); // ["don't", 'panic', '!']
 * ```
 */
export function simpleTokenize(text: string, options: SimpleTokenizeOptions = {}): string[] {
  const t = (options.lowercase ?? true) ? text.toLowerCase() : text;
  return t.match(TOKEN) ?? [];
}

/**
 * Splits text into sentences (paragraphs at blank lines, then after `.`, `!` or `?` followed by a capital,
 * digit or quote) and tokenises each with {@link simpleTokenize}. Empty sentences are dropped.
 *
 * @example
 * ```ts
 * simpleSentences('The cat sat. It purred.\n\nThe end.');
 * // [['the', 'cat', 'sat', '.'], ['it', 'purred', '.'], ['the', 'end', '.']]
 * ```
 */
export function simpleSentences(text: string, options: SimpleTokenizeOptions = {}): string[][] {
  const out: string[][] = [];
  for (const para of text.split(/\n\s*\n/)) {
    for (const sentence of para.split(SENTENCE_END)) {
      const toks = simpleTokenize(sentence, options);
      if (toks.length > 0) out.push(toks);
    }
  }
  return out;
}
