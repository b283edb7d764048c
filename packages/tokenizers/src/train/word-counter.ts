import { ArgumentError } from '../errors';
import { stepPastEmpty } from '../regex-step';
import { compilePattern } from '../tiktoken/pattern';

/**
 * Counts pre-tokenized pieces ("words") of a corpus: feed text with {@link add}, read {@link counts}.
 * Used by the trainers; exposed so a corpus can be streamed in chunks (a file in Node) without
 * holding it in memory.
 */
export class WordCounter {
  readonly counts = new Map<string, number>();
  private readonly re: RegExp;
  /** Texts added so far. */
  texts = 0;

  /**
   * @param pattern regex whose matches are the words (e.g. a tiktoken split pattern); matches are
   *   counted as is, so a piece like `" the"` keeps its leading space.
   * @param normalize applied to each text before splitting (NFC, lowercasing, …).
   */
  constructor(
    pattern: string | RegExp,
    private readonly normalize: ((s: string) => string) | null = null,
  ) {
    this.re =
      typeof pattern === 'string'
        ? compilePattern(pattern, 'pattern')
        : new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  }

  /** Adds one text (a line, a document, or a chunk that ends at a line break). */
  add(text: string): void {
    if (typeof text !== 'string') throw new ArgumentError('corpus', 'strings', text);
    if (this.normalize) text = this.normalize(text);
    const re = this.re;
    const counts = this.counts;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const w = m[0];
      if (w.length === 0) {
        stepPastEmpty(re, text, m.index);
        continue;
      }
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    this.texts++;
  }

  /**
   * Whether any counted word has a non-whitespace character (an empty or all-whitespace corpus has none).
   *
   * @example
   * ```ts
   * const c = new WordCounter('\\S+|\\s+');
   * c.add('  \n');
   * c.hasText(); // false
   * ```
   */
  hasText(): boolean {
    for (const word of this.counts.keys()) if (/\S/u.test(word)) return true;
    return false;
  }

  /** Adds a pre-counted word-frequency table. */
  addCounts(table: Map<string, number> | Record<string, number>): void {
    const entries = table instanceof Map ? table.entries() : Object.entries(table);
    for (const [w, c] of entries) {
      if (typeof c !== 'number' || !(c > 0)) {
        throw new ArgumentError(`corpus[${JSON.stringify(w)}]`, 'a positive word count', c);
      }
      if (w.length) this.counts.set(w, (this.counts.get(w) ?? 0) + c);
    }
  }
}

/** A training corpus: one string, strings, or a word-frequency table. */
export type Corpus = string | Iterable<string> | Map<string, number> | Record<string, number> | WordCounter;

/** Feeds a corpus into a counter. */
export function countCorpus(corpus: Corpus, counter: WordCounter, onText?: (n: number) => void): WordCounter {
  if (corpus instanceof WordCounter) return corpus;
  if (typeof corpus === 'string') counter.add(corpus);
  else if (corpus instanceof Map) counter.addCounts(corpus);
  else if (corpus && typeof (corpus as Iterable<string>)[Symbol.iterator] === 'function') {
    for (const t of corpus as Iterable<string>) {
      counter.add(t);
      if (onText && counter.texts % 10000 === 0) onText(counter.texts);
    }
  } else if (corpus && typeof corpus === 'object') counter.addCounts(corpus as Record<string, number>);
  else
    throw new ArgumentError('corpus', 'a string, an iterable of strings or a word-frequency table', corpus);
  return counter;
}
