import { ArgumentError } from './errors';
import { FuseDecoder } from './pipeline/decoders';
import { NormalizedString } from './pipeline/normalized-string';
import { PipelineTokenizer } from './pipeline/pipeline-tokenizer';
import { WordLevelSegmenter } from './pipeline/segmenters/word-level';
import { graphemes, Split } from './pipeline/split';
import { buildVocab, type VocabOptions } from './vocab-builder';
import { normalizerOf } from './word';

/** Options of {@link trainCharTokenizer}. */
export interface CharTokenizerOptions extends VocabOptions {
  /** Split into grapheme clusters (`Intl.Segmenter`; 👩🏾‍💻 is one token) instead of code points. Default `false`. */
  graphemes?: boolean;
  /** Unicode normalization. Default none (characters are kept exactly). */
  normalization?: 'NFC' | 'NFKC' | null;
  /** Lowercase. Default `false`. */
  lowercase?: boolean;
}

/**
 * Trains a character tokenizer: one token per Unicode code point (or grapheme cluster), vocabulary
 * from the corpus by frequency; characters outside it become `[UNK]` (or, with `unkToken: null`, a
 * `VocabularyError`). Decoding concatenates.
 *
 * @example
 * ```ts
 * const tok = trainCharTokenizer(text, { specialTokens: [] , unkToken: null });
 * tok.encode('hi').ids; // two ids
 * ```
 */
export function trainCharTokenizer(
  corpus: string | Iterable<string>,
  options: CharTokenizerOptions = {},
): PipelineTokenizer {
  const normalizer = normalizerOf(options, null);
  const counts = new Map<string, number>();
  const texts = typeof corpus === 'string' ? [corpus] : corpus;
  if (!texts || typeof (texts as Iterable<string>)[Symbol.iterator] !== 'function') {
    throw new ArgumentError('trainCharTokenizer(corpus)', 'a string or an iterable of strings', corpus);
  }
  for (const t of texts) {
    if (typeof t !== 'string') throw new ArgumentError('trainCharTokenizer(corpus)', 'strings', t);
    const s = normalizer ? normalizer.normalize(new NormalizedString(t)).text : t;
    if (options.graphemes) for (const g of graphemes(s)) counts.set(g, (counts.get(g) ?? 0) + 1);
    else for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const { vocab, specials, unk } = buildVocab(counts, options, 'trainCharTokenizer');
  return new PipelineTokenizer({
    normalizer,
    preTokenizer: new Split({ Regex: options.graphemes ? '\\X' : '[\\s\\S]' }, 'isolated'),
    segmenter: new WordLevelSegmenter(vocab, unk),
    decoder: new FuseDecoder(),
    addedTokens: specials.map((content) => ({ id: vocab.get(content)!, content, special: true })),
  });
}
