import { ArgumentError } from './errors';
import { NormalizedString } from './pipeline/normalized-string';
import { Lowercase, type Normalizer, NormalizerSequence, UnicodeNormalizer } from './pipeline/normalizers';
import { PipelineTokenizer } from './pipeline/pipeline-tokenizer';
import type { PreTokenizer } from './pipeline/pre-tokenizer';
import { BertPreTokenizer, Whitespace, WhitespaceSplit } from './pipeline/pre-tokenizers';
import { WordLevelSegmenter } from './pipeline/segmenters/word-level';
import { Split } from './pipeline/split';
import { buildVocab, type VocabOptions } from './vocab-builder';

/** Options of {@link trainWordTokenizer}. */
export interface WordTokenizerOptions extends VocabOptions {
  /** Unicode normalization. Default `'NFC'`. */
  normalization?: 'NFC' | 'NFKC' | null;
  /** Lowercase. Default `false`. */
  lowercase?: boolean;
  /**
   * How text is split into words: `'whitespace'` (runs of non-space), `'punctuation'` (default;
   * words and runs of punctuation apart, `\w+|[^\w\s]+`), `'bert'` (each punctuation char apart),
   * or `{ regex }` whose matches are the words.
   */
  split?: 'whitespace' | 'punctuation' | 'bert' | { regex: string };
}

function normalizerOf(
  o: { normalization?: 'NFC' | 'NFKC' | null; lowercase?: boolean },
  dflt: 'NFC' | null,
): Normalizer | null {
  const list: Normalizer[] = [];
  const form = o.normalization === undefined ? dflt : o.normalization;
  if (form) list.push(new UnicodeNormalizer(form));
  if (o.lowercase) list.push(new Lowercase());
  return list.length === 0 ? null : list.length === 1 ? list[0]! : new NormalizerSequence(list);
}

function splitterOf(split: WordTokenizerOptions['split']): PreTokenizer {
  if (split === undefined || split === 'punctuation') return new Whitespace();
  if (split === 'whitespace') return new WhitespaceSplit();
  if (split === 'bert') return new BertPreTokenizer();
  if (split && typeof split === 'object' && typeof split.regex === 'string')
    return new Split({ Regex: split.regex }, 'removed', true);
  throw new ArgumentError(
    'trainWordTokenizer(options.split)',
    "'whitespace', 'punctuation', 'bert' or { regex }",
    split,
  );
}

/**
 * Trains a word-level tokenizer: normalise, split into words, keep words seen at least
 * `minFrequency` times (at most `maxSize` ids); everything else becomes `[UNK]`. Use `oovRate(text)`
 * to see how much of a text falls outside the vocabulary.
 *
 * @example
 * ```ts
 * const tok = trainWordTokenizer(['the cat sat', 'the dog sat'], { lowercase: true });
 * tok.encode('the bird sat').tokens; // ['the', '[UNK]', 'sat']
 * tok.oovRate('the bird sat').rate;  // 1/3
 * ```
 */
export function trainWordTokenizer(
  corpus: string | Iterable<string>,
  options: WordTokenizerOptions = {},
): PipelineTokenizer {
  const normalizer = normalizerOf(options, 'NFC');
  const pre = splitterOf(options.split);
  const counts = new Map<string, number>();
  const texts = typeof corpus === 'string' ? [corpus] : corpus;
  if (!texts || typeof (texts as Iterable<string>)[Symbol.iterator] !== 'function') {
    throw new ArgumentError('trainWordTokenizer(corpus)', 'a string or an iterable of strings', corpus);
  }
  for (const t of texts) {
    if (typeof t !== 'string') throw new ArgumentError('trainWordTokenizer(corpus)', 'strings', t);
    let ns = new NormalizedString(t);
    if (normalizer) ns = normalizer.normalize(ns);
    for (const p of pre.preTokenize([ns])) counts.set(p.text, (counts.get(p.text) ?? 0) + 1);
  }
  const { vocab, specials, unk } = buildVocab(counts, options, 'trainWordTokenizer');
  return new PipelineTokenizer({
    normalizer,
    preTokenizer: pre,
    segmenter: new WordLevelSegmenter(vocab, unk),
    addedTokens: specials.map((content) => ({ id: vocab.get(content)!, content, special: true })),
  });
}

export { normalizerOf };
