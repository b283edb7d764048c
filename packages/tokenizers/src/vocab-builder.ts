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
): { vocab: Map<string, number>; specials: string[]; unk: string | null } {
  const minFrequency = o.minFrequency ?? 1;
  if (!(minFrequency >= 1))
    throw new ArgumentError(`minFrequency: expected a number >= 1, received ${minFrequency}`);
  const maxSize = o.maxSize ?? Number.POSITIVE_INFINITY;
  if (!(maxSize >= 1)) throw new ArgumentError(`maxSize: expected a positive integer, received ${maxSize}`);
  const unk = o.unkToken === undefined ? '[UNK]' : o.unkToken;
  const specials = (o.specialTokens ?? ['[PAD]', '[UNK]']).slice();
  if (unk !== null && !specials.includes(unk)) specials.push(unk);
  const vocab = new Map<string, number>();
  for (const s of specials) {
    if (typeof s !== 'string' || !s) throw new ArgumentError('specialTokens: expected non-empty strings');
    if (vocab.has(s)) throw new ArgumentError(`specialTokens: ${JSON.stringify(s)} is listed twice`);
    vocab.set(s, vocab.size);
  }
  if (vocab.size > maxSize)
    throw new ArgumentError(`maxSize: ${maxSize} is smaller than the ${vocab.size} special tokens`);
  const entries = [...counts].filter(([t, c]) => c >= minFrequency && !vocab.has(t));
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [t] of entries) {
    if (vocab.size >= maxSize) break;
    vocab.set(t, vocab.size);
  }
  return { vocab, specials, unk };
}
