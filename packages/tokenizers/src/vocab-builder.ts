import { ArgumentError } from './errors';

/** Options shared by the vocabulary builders of the word and character tokenizers. */
export interface VocabOptions {
  /** Keep only entries seen at least this often. Default 1. */
  minFrequency?: number;
  /** At most this many ids in total, special tokens included. Default unlimited. */
  maxSize?: number;
  /** Special tokens, given ids 0, 1, … in order. Default `['[PAD]', '[UNK]']`. */
  specialTokens?: string[];
  /** The unknown token (must be a special token; added if missing), or `null` to make unknowns an error. Default `'[UNK]'`. */
  unkToken?: string | null;
}

/**
 * Builds `token → id` from counts: special tokens first, then by descending frequency, ties in
 * code-unit order (deterministic).
 */
export function buildVocab(
  counts: Map<string, number>,
  o: VocabOptions,
  caller: string,
): { vocab: Map<string, number>; specials: string[]; unk: string | null } {
  const minFrequency = o.minFrequency ?? 1;
  if (!(minFrequency >= 1))
    throw new ArgumentError(`${caller}(options.minFrequency)`, 'a number >= 1', minFrequency);
  const maxSize = o.maxSize ?? Number.POSITIVE_INFINITY;
  if (!(maxSize >= 1)) throw new ArgumentError(`${caller}(options.maxSize)`, 'a positive integer', maxSize);
  const unk = o.unkToken === undefined ? '[UNK]' : o.unkToken;
  const specials = (o.specialTokens ?? ['[PAD]', '[UNK]']).slice();
  if (unk !== null && !specials.includes(unk)) specials.push(unk);
  const vocab = new Map<string, number>();
  specials.forEach((s, i) => {
    const argument = `${caller}(options.specialTokens[${i}])`;
    if (typeof s !== 'string' || !s) throw new ArgumentError(argument, 'a non-empty string', s);
    if (vocab.has(s)) throw new ArgumentError(argument, 'a token not listed twice', s);
    vocab.set(s, vocab.size);
  });
  if (vocab.size > maxSize) {
    throw new ArgumentError(
      `${caller}(options.maxSize)`,
      `at least the ${vocab.size} special tokens`,
      maxSize,
    );
  }
  const entries = [...counts].filter(([t, c]) => c >= minFrequency && !vocab.has(t));
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [t] of entries) {
    if (vocab.size >= maxSize) break;
    vocab.set(t, vocab.size);
  }
  return { vocab, specials, unk };
}
