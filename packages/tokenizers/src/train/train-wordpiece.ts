import { fromBertVocab } from '../bert';
import { ArgumentError } from '../errors';
import { NormalizedString } from '../pipeline/normalized-string';
import { BertNormalizer } from '../pipeline/normalizers';
import type { PipelineTokenizer } from '../pipeline/pipeline-tokenizer';
import { BertPreTokenizer } from '../pipeline/pre-tokenizers';
import { learnMerges, type TrainProgress } from './bpe-trainer';

/** Options of {@link trainWordPiece}. */
export interface TrainWordPieceOptions {
  /** Target vocabulary size, special tokens and the alphabet included. */
  vocabSize: number;
  /** Stop when the most frequent pair occurs fewer times than this. Default 2. */
  minFrequency?: number;
  /** Given ids 0, 1, … in this order. Default `['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']` (BERT's). */
  specialTokens?: string[];
  /** Lowercase and strip accents (BERT uncased). Default `true`. */
  lowercase?: boolean;
  /** Keep at most this many characters in the alphabet (the most frequent); others become `[UNK]`. Default all. */
  limitAlphabet?: number;
  /** Words longer than this (in characters) are `[UNK]` and not counted. Default 100 (BERT's). */
  maxInputCharsPerWord?: number;
  /** Progress callback (counting, then every 100 merges, then done). */
  onProgress?: (p: TrainProgress) => void;
}

const BERT_SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const PREFIX = '##';

/**
 * Counts a corpus's words the way BERT's tokenizer sees them: `BertNormalizer` (clean text, spaces
 * around CJK ideographs, lowercase and strip accents when `lowercase`), then whitespace and
 * punctuation splitting (`BertPreTokenizer`).
 */
export function countBertWords(corpus: string | Iterable<string>, lowercase = true): Map<string, number> {
  const normalizer = new BertNormalizer(true, true, null, lowercase);
  const pre = new BertPreTokenizer();
  const counts = new Map<string, number>();
  for (const text of typeof corpus === 'string' ? [corpus] : corpus) {
    if (typeof text !== 'string') throw new ArgumentError('trainWordPiece(corpus)', 'strings', text);
    for (const piece of pre.preTokenize([normalizer.normalize(new NormalizedString(text))])) {
      counts.set(piece.text, (counts.get(piece.text) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * Trains a WordPiece vocabulary as Hugging Face's `WordPieceTrainer` does: words counted after BERT's
 * normalisation and pre-tokenization, split into characters where every non-initial character
 * carries the `##` continuation prefix, then BPE merges (most frequent pair first) until `vocabSize`
 * distinct pieces; the merges are then forgotten, and encoding is BERT's greedy longest match.
 * Returns a BERT tokenizer (`fromBertVocab`): `[CLS] A [SEP] B [SEP]`, `toTokenizerJson()`, and
 * {@link wordPieceVocabText} for `vocab.txt` (Node: `saveWordPiece` of `@glossa/tokenizers/node`
 * writes both atomically).
 *
 * @example
 * ```ts
 * const tok = trainWordPiece(lines, { vocabSize: 8000 });
 * tok.encode('Unaffable élan 中文').tokens; // ['[CLS]', 'una', '##ff', '##able', 'elan', '中', '文', '[SEP]']
 * ```
 */
export function trainWordPiece(
  corpus: string | Iterable<string>,
  options: TrainWordPieceOptions,
): PipelineTokenizer {
  const o = checkOptions(options);
  const lowercase = o.lowercase ?? true;
  const maxChars = o.maxInputCharsPerWord ?? 100;
  const specials = o.specialTokens ?? BERT_SPECIALS;
  const counts = countBertWords(corpus, lowercase);
  o.onProgress?.({ phase: 'count', done: counts.size, total: 0 });
  const words = [...counts].filter(([w]) => Array.from(w).length <= maxChars);
  if (words.length === 0) {
    throw new ArgumentError('trainWordPiece(corpus)', 'text with at least one word', corpus);
  }
  // The alphabet: each word's first character as is, the others with the prefix; most frequent first.
  const symbolsOf = (w: string) => Array.from(w).map((ch, i) => (i === 0 ? ch : PREFIX + ch));
  const charCount = new Map<string, number>();
  for (const [w, c] of words) for (const s of symbolsOf(w)) charCount.set(s, (charCount.get(s) ?? 0) + c);
  const alphabet = [...charCount]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, o.limitAlphabet ?? Number.POSITIVE_INFINITY)
    .map((e) => e[0]);
  const vocab = new Map<string, number>();
  for (const s of specials) vocab.set(s, vocab.size);
  const str: string[] = [];
  const symId = new Map<string, number>();
  for (const s of alphabet) {
    symId.set(s, str.length);
    str.push(s);
    if (!vocab.has(s) && vocab.size < o.vocabSize) vocab.set(s, vocab.size);
  }
  if (vocab.size < o.vocabSize) {
    // Words with a character outside the alphabet are left out of the merge statistics.
    const kept = words.filter(([w]) => symbolsOf(w).every((s) => symId.has(s)));
    const wordStart = new Int32Array(kept.length + 1);
    const freq = new Float64Array(kept.length);
    const flat: number[] = [];
    kept.forEach(([w, c], i) => {
      wordStart[i] = flat.length;
      freq[i] = c;
      for (const s of symbolsOf(w)) flat.push(symId.get(s)!);
    });
    wordStart[kept.length] = flat.length;
    learnMerges({
      symbols: Int32Array.from(flat),
      wordStart,
      freq,
      firstId: str.length,
      maxMerges: Number.MAX_SAFE_INTEGER,
      minFrequency: o.minFrequency ?? 2,
      onProgress: o.onProgress ? (p) => o.onProgress!({ ...p, total: o.vocabSize }) : undefined,
      onMerge: (a, b, id) => {
        const s = str[a]! + str[b]!.slice(PREFIX.length); // the right piece always carries '##'
        str[id] = s;
        if (!vocab.has(s)) vocab.set(s, vocab.size);
        return vocab.size < o.vocabSize;
      },
    });
  }
  o.onProgress?.({ phase: 'done', done: vocab.size, total: o.vocabSize });
  return fromBertVocab(`${[...vocab.keys()].join('\n')}\n`, { lowercase, maxInputCharsPerWord: maxChars });
}

/**
 * The `vocab.txt` of a WordPiece tokenizer: one token per line, line `i` = id `i`.
 *
 * @example
 * ```ts
 * writeFileSync('vocab.txt', wordPieceVocabText(trainWordPiece(lines, { vocabSize: 8000 })));
 * ```
 */
export function wordPieceVocabText(tokenizer: PipelineTokenizer): string {
  if (tokenizer?.segmenter?.type !== 'WordPiece') {
    throw new ArgumentError('wordPieceVocabText(tokenizer)', 'a WordPiece tokenizer', tokenizer);
  }
  const vocab = tokenizer.segmenter.getVocab();
  const tokens = new Array<string>(vocab.size);
  for (const [t, id] of vocab) tokens[id] = t;
  return `${tokens.join('\n')}\n`;
}

function checkOptions(options: TrainWordPieceOptions): TrainWordPieceOptions {
  if (!options || typeof options !== 'object') {
    throw new ArgumentError('trainWordPiece(options)', '{ vocabSize, … }', options);
  }
  const { vocabSize, minFrequency, specialTokens, limitAlphabet } = options;
  const nSpecial = (specialTokens ?? BERT_SPECIALS).length;
  if (!Number.isInteger(vocabSize) || vocabSize <= nSpecial) {
    throw new ArgumentError(
      'trainWordPiece(options.vocabSize)',
      `an integer > ${nSpecial} (the special tokens)`,
      vocabSize,
    );
  }
  if (minFrequency !== undefined && !(minFrequency >= 1)) {
    throw new ArgumentError('trainWordPiece(options.minFrequency)', 'a number >= 1', minFrequency);
  }
  if (limitAlphabet !== undefined && !(Number.isInteger(limitAlphabet) && limitAlphabet >= 1)) {
    throw new ArgumentError('trainWordPiece(options.limitAlphabet)', 'a positive integer', limitAlphabet);
  }
  if (specialTokens !== undefined) {
    const ok =
      Array.isArray(specialTokens) && specialTokens.every((s) => typeof s === 'string' && s.length > 0);
    if (
      !ok ||
      new Set(specialTokens).size !== specialTokens.length ||
      !['[UNK]', '[CLS]', '[SEP]'].every((t) => specialTokens.includes(t))
    ) {
      throw new ArgumentError(
        'trainWordPiece(options.specialTokens)',
        'distinct non-empty strings including [UNK], [CLS] and [SEP]',
        specialTokens,
      );
    }
  }
  return options;
}
