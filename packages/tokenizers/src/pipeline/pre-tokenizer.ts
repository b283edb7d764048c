import type { JsonObject } from './json';
import type { NormalizedString } from './normalized-string';

/**
 * A pre-tokenizer: splits normalized text into pieces ("words") that the segmenter tokenizes independently,
 * keeping each piece aligned to the original text.
 *
 * @example
 * ```ts
 * const pre: PreTokenizer = new WhitespaceSplit();
 * pre.preTokenize([new NormalizedString('hello world')]).map((p) => p.text); // ['hello', 'world']
 * ```
 */
export interface PreTokenizer {
  preTokenize(pieces: NormalizedString[]): NormalizedString[];
  /** The `pre_tokenizer` object of `tokenizer.json`. */
  toJSON(): JsonObject;
}
