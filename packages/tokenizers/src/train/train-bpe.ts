import { ArgumentError } from '../errors';
import type { AddedToken } from '../pipeline/added-tokens';
import { ByteLevel } from '../pipeline/byte-level';
import { BPEDecoder, ByteLevelDecoder } from '../pipeline/decoders';
import { NormalizedString } from '../pipeline/normalized-string';
import { Lowercase, type Normalizer, NormalizerSequence, UnicodeNormalizer } from '../pipeline/normalizers';
import { PipelineTokenizer } from '../pipeline/pipeline-tokenizer';
import type { PreTokenizer } from '../pipeline/pre-tokenizer';
import { PreTokenizerSequence, Whitespace } from '../pipeline/pre-tokenizers';
import { BPESegmenter } from '../pipeline/segmenters/bpe';
import { Split } from '../pipeline/split';
import { ENCODINGS } from '../tiktoken/encodings';
import { BYTE_TO_CHAR, utf8Bytes } from '../utf8';
import { learnMerges, type TrainProgress } from './bpe-trainer';
import { type Corpus, countCorpus, WordCounter } from './word-counter';

/** Options of {@link trainBPE}. */
export interface TrainBPEOptions {
  /** Target vocabulary size, special tokens and the base alphabet included. */
  vocabSize: number;
  /**
   * `'byte-level'` (default): GPT-2/tiktoken style, 256 byte tokens, no unknown tokens, any text
   * round-trips. `'classic'`: Sennrich subword BPE over characters with an end-of-word suffix.
   */
  kind?: 'byte-level' | 'classic';
  /** Stop when the most frequent pair occurs fewer times than this. Default 2. */
  minFrequency?: number;
  /** Special tokens, given ids 0, 1, … in this order. Default none (byte-level) / `['[UNK]']` (classic). */
  specialTokens?: string[];
  /** Split regex (byte-level). Default: the cl100k_base (GPT-4) pattern. */
  pattern?: string;
  /** Unicode normalization applied before splitting. Default none. */
  normalization?: 'NFC' | 'NFKC' | null;
  /** Lowercase before splitting. Default false. */
  lowercase?: boolean;
  /** End-of-word suffix of classic BPE. Default `'</w>'`. */
  endOfWordSuffix?: string;
  /** Unknown token of classic BPE (must be among `specialTokens`; added if missing). Default `'[UNK]'`. */
  unkToken?: string;
  /** Longest token, in base symbols (bytes or characters). Default unlimited. */
  maxTokenLength?: number;
  /** Progress callback (counting, then every 100 merges, then done). */
  onProgress?: (p: TrainProgress) => void;
}

/** A trained BPE tokenizer and what training learned. */
export type TrainedBPE = PipelineTokenizer;

/**
 * Trains a BPE tokenizer from a corpus (a string, any iterable of strings, or a word-frequency
 * table; in Node use `trainBPEFromFile` of `@glossa/tokenizers/node`). Pair counts are updated
 * incrementally and merges chosen from a priority queue, so 8 MB of text trains to 8,000 tokens in
 * a second or two. The result saves to `tokenizer.json` (`toTokenizerJson()`).
 *
 * @example
 * ```ts
 * const tok = trainBPE(lines, { vocabSize: 8000, specialTokens: ['<|endoftext|>'] });
 * tok.decode(tok.encode('any text at all ✓').ids); // 'any text at all ✓'
 * ```
 */
export function trainBPE(corpus: Corpus, options: TrainBPEOptions): PipelineTokenizer {
  const o = checkOptions(options);
  const kind = o.kind ?? 'byte-level';
  if (kind !== 'byte-level' && kind !== 'classic') {
    throw new ArgumentError('trainBPE(options.kind)', "'byte-level' or 'classic'", kind);
  }
  const normalizer = makeNormalizer(o);
  const norm = normalizer ? (s: string) => normalizer.normalize(new NormalizedString(s)).text : null;
  if (kind === 'byte-level') {
    const pattern = o.pattern ?? ENCODINGS.cl100k_base!.pattern;
    const counter = countCorpus(corpus, new WordCounter(pattern, norm), (n) =>
      o.onProgress?.({ phase: 'count', done: n, total: 0 }),
    );
    requireText(counter, corpus);
    return trainByteLevel(counter, o, pattern, normalizer);
  }
  const counter = countCorpus(corpus, new WordCounter(WORD_PATTERN, norm), (n) =>
    o.onProgress?.({ phase: 'count', done: n, total: 0 }),
  );
  requireText(counter, corpus);
  return trainClassic(counter, o, normalizer);
}

/**
 * An {@link ArgumentError} unless the counted corpus has a word with a non-whitespace character: an empty or
 * all-whitespace corpus has nothing to learn from (as in `@glossa/ngram`, where an empty corpus is an error).
 */
function requireText(counter: WordCounter, corpus: Corpus): void {
  if (counter.hasText()) return;
  throw new ArgumentError(
    'trainBPE(corpus)',
    'text with at least one non-whitespace character (an empty or all-whitespace corpus has nothing to learn)',
    corpus,
    corpus instanceof WordCounter
      ? { shown: `a WordCounter with no words (${counter.texts} texts added)` }
      : {},
  );
}

// Whitespace pre-tokenizer pattern: \w+|[^\w\s]+
const WORD_PATTERN =
  '[\\p{L}\\p{N}\\p{M}\\p{Pc}\\u200c\\u200d]+|[^\\p{L}\\p{N}\\p{M}\\p{Pc}\\u200c\\u200d\\s]+';

function checkOptions(options: TrainBPEOptions): TrainBPEOptions {
  if (!options || typeof options !== 'object')
    throw new ArgumentError('trainBPE(options)', '{ vocabSize, … }', options);
  const { vocabSize } = options;
  if (!Number.isInteger(vocabSize) || vocabSize < 1) {
    throw new ArgumentError('trainBPE(options.vocabSize)', 'a positive integer', vocabSize);
  }
  if (options.minFrequency !== undefined && !(options.minFrequency >= 1)) {
    throw new ArgumentError('trainBPE(options.minFrequency)', 'a number >= 1', options.minFrequency);
  }
  return options;
}

function makeNormalizer(o: TrainBPEOptions): Normalizer | null {
  const list: Normalizer[] = [];
  if (o.normalization) list.push(new UnicodeNormalizer(o.normalization));
  if (o.lowercase) list.push(new Lowercase());
  return list.length === 0 ? null : list.length === 1 ? list[0]! : new NormalizerSequence(list);
}

function specialsOf(list: string[], where: string): AddedToken[] {
  const seen = new Set<string>();
  return list.map((content, id) => {
    if (typeof content !== 'string' || !content)
      throw new ArgumentError(`${where}[${id}]`, 'a non-empty string', content);
    if (seen.has(content)) throw new ArgumentError(`${where}[${id}]`, 'a token not listed twice', content);
    seen.add(content);
    return { id, content, special: true };
  });
}

/** Unique words as flat symbol arrays. */
function flatten(counts: Map<string, number>, symbolsOf: (w: string) => ArrayLike<number>) {
  const n = counts.size;
  const wordStart = new Int32Array(n + 1);
  const freq = new Float64Array(n);
  const parts: ArrayLike<number>[] = new Array(n);
  let total = 0;
  let w = 0;
  for (const [word, c] of counts) {
    const s = symbolsOf(word);
    parts[w] = s;
    freq[w] = c;
    wordStart[w] = total;
    total += s.length;
    w++;
  }
  wordStart[n] = total;
  const symbols = new Int32Array(total);
  for (let i = 0; i < n; i++) symbols.set(parts[i]!, wordStart[i]!);
  return { symbols, wordStart, freq };
}

function trainByteLevel(
  counter: WordCounter,
  o: TrainBPEOptions,
  pattern: string,
  normalizer: Normalizer | null,
): PipelineTokenizer {
  const specials = specialsOf(o.specialTokens ?? [], 'trainBPE(options.specialTokens)');
  const base = specials.length;
  const alphabet = 256;
  if (o.vocabSize < base + alphabet) {
    throw new ArgumentError(
      'trainBPE(options.vocabSize)',
      `at least ${base + alphabet} for byte-level BPE (256 bytes + ${base} special tokens)`,
      o.vocabSize,
    );
  }
  const { symbols, wordStart, freq } = flatten(counter.counts, (w) => utf8Bytes(w));
  // token strings by training id (bytes as byte-level chars)
  const str: string[] = BYTE_TO_CHAR.slice();
  const vocab = new Map<string, number>();
  for (const s of specials) vocab.set(s.content, s.id);
  for (let b = 0; b < 256; b++) vocab.set(BYTE_TO_CHAR[b]!, base + b);
  const merges: [string, string][] = [];
  const room = o.vocabSize - base - alphabet;
  if (room > 0) {
    learnMerges({
      symbols,
      wordStart,
      freq,
      firstId: alphabet,
      maxMerges: Number.MAX_SAFE_INTEGER,
      minFrequency: o.minFrequency ?? 2,
      maxTokenLength: o.maxTokenLength,
      onProgress: o.onProgress ? (p) => o.onProgress!({ ...p, total: room }) : undefined,
      onMerge: (a, b, id) => {
        const s = str[a]! + str[b]!;
        str[id] = s;
        merges.push([str[a]!, str[b]!]);
        if (!vocab.has(s)) vocab.set(s, vocab.size);
        return vocab.size < o.vocabSize;
      },
    });
  }
  return new PipelineTokenizer({
    normalizer,
    preTokenizer: new PreTokenizerSequence([
      new Split({ Regex: pattern }, 'isolated'),
      new ByteLevel(false, false, false),
    ]),
    segmenter: new BPESegmenter(vocab, merges, {}),
    decoder: new ByteLevelDecoder(),
    addedTokens: specials,
  });
}

function trainClassic(
  counter: WordCounter,
  o: TrainBPEOptions,
  normalizer: Normalizer | null,
): PipelineTokenizer {
  const suffix = o.endOfWordSuffix ?? '</w>';
  const unk = o.unkToken ?? '[UNK]';
  const names = o.specialTokens ?? [unk];
  if (!names.includes(unk)) names.push(unk);
  const specials = specialsOf(names, 'trainBPE(options.specialTokens)');
  const base = specials.length;
  // alphabet: every character, with and without the suffix, as it occurs
  const charCount = new Map<string, number>();
  for (const [w, c] of counter.counts) {
    const chars = Array.from(w);
    chars.forEach((ch, i) => {
      const s = i === chars.length - 1 ? ch + suffix : ch;
      charCount.set(s, (charCount.get(s) ?? 0) + c);
    });
  }
  const alphabet = [...charCount.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map((e) => e[0]);
  const maxAlpha = Math.max(0, o.vocabSize - base);
  const kept = alphabet.slice(0, maxAlpha);
  const symId = new Map(kept.map((s, i) => [s, i]));
  const str: string[] = kept.slice();
  const vocab = new Map<string, number>();
  for (const s of specials) vocab.set(s.content, s.id);
  for (const s of kept) if (!vocab.has(s)) vocab.set(s, vocab.size);
  // words with a character outside the kept alphabet are split there (those chars become [UNK])
  const { symbols, wordStart, freq } = dropUnknown(
    flatten(counter.counts, (w) => {
      const chars = Array.from(w);
      return chars.map((ch, i) => symId.get(i === chars.length - 1 ? ch + suffix : ch) ?? -1);
    }),
  );
  const merges: [string, string][] = [];
  if (vocab.size < o.vocabSize) {
    learnMerges({
      symbols: symbols,
      wordStart,
      freq,
      firstId: kept.length,
      maxMerges: Number.MAX_SAFE_INTEGER,
      minFrequency: o.minFrequency ?? 2,
      maxTokenLength: o.maxTokenLength,
      onProgress: o.onProgress ? (p) => o.onProgress!({ ...p, total: o.vocabSize - vocab.size }) : undefined,
      onMerge: (a, b, id) => {
        const s = str[a]! + str[b]!;
        str[id] = s;
        merges.push([str[a]!, str[b]!]);
        if (!vocab.has(s)) vocab.set(s, vocab.size);
        return vocab.size < o.vocabSize;
      },
    });
  }
  return new PipelineTokenizer({
    normalizer,
    preTokenizer: new Whitespace() as PreTokenizer,
    segmenter: new BPESegmenter(vocab, merges, { unkToken: unk, endOfWordSuffix: suffix }),
    decoder: new BPEDecoder(suffix),
    addedTokens: specials,
  });
}

/** Removes symbols −1 (characters outside the kept alphabet), splitting their words there. */
function dropUnknown(w: { symbols: Int32Array; wordStart: Int32Array; freq: Float64Array }) {
  if (!w.symbols.includes(-1)) return w;
  const symbols: number[] = [];
  const starts: number[] = [];
  const freq: number[] = [];
  for (let k = 0; k < w.freq.length; k++) {
    let open = false;
    for (let i = w.wordStart[k]!; i < w.wordStart[k + 1]!; i++) {
      const s = w.symbols[i]!;
      if (s === -1) {
        open = false;
        continue;
      }
      if (!open) {
        starts.push(symbols.length);
        freq.push(w.freq[k]!);
        open = true;
      }
      symbols.push(s);
    }
  }
  starts.push(symbols.length);
  return {
    symbols: Int32Array.from(symbols),
    wordStart: Int32Array.from(starts),
    freq: Float64Array.from(freq),
  };
}
