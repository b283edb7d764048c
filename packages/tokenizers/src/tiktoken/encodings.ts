import { ArgumentError } from '../errors';
import { fromTiktoken } from './from-tiktoken';
import { PATTERNS } from './patterns';
import type { TiktokenTokenizer } from './tiktoken';

/** Split pattern and special tokens of a known tiktoken encoding (the rank file is loaded separately). */
export interface EncodingSpec {
  pattern: string;
  specialTokens: Record<string, number>;
  /** Number of ordinary ranks in the rank file. */
  ranks: number;
}

const { r50k: R50K, cl100k: CL100K, o200k: O200K } = PATTERNS;

/**
 * The OpenAI encodings: JS split patterns (as in tiktoken's `encodings.json`) and special tokens.
 * Rank files are not bundled (1–4 MB each); pass their bytes to {@link getEncoding}, or use
 * `getEncoding` from `@glossa/tokenizers/node` with a file path.
 */
export const ENCODINGS: Readonly<Record<string, EncodingSpec>> = {
  r50k_base: { pattern: R50K, specialTokens: { '<|endoftext|>': 50256 }, ranks: 50256 },
  p50k_base: { pattern: R50K, specialTokens: { '<|endoftext|>': 50256 }, ranks: 50281 },
  p50k_edit: {
    pattern: R50K,
    specialTokens: {
      '<|endoftext|>': 50256,
      '<|fim_prefix|>': 50281,
      '<|fim_middle|>': 50282,
      '<|fim_suffix|>': 50283,
    },
    ranks: 50281,
  },
  cl100k_base: {
    pattern: CL100K,
    specialTokens: {
      '<|endoftext|>': 100257,
      '<|fim_prefix|>': 100258,
      '<|fim_middle|>': 100259,
      '<|fim_suffix|>': 100260,
      '<|endofprompt|>': 100276,
    },
    ranks: 100256,
  },
  o200k_base: {
    pattern: O200K,
    specialTokens: { '<|endoftext|>': 199999, '<|endofprompt|>': 200018 },
    ranks: 199998,
  },
};

/** Name of a known encoding. */
export type EncodingName = 'r50k_base' | 'p50k_base' | 'p50k_edit' | 'cl100k_base' | 'o200k_base' | 'gpt2';

/**
 * A known encoding from its rank file contents (bytes or text). `gpt2` is `r50k_base`.
 *
 * @example
 * ```ts
 * const ranks = await (await fetch('/cl100k_base.tiktoken')).arrayBuffer();
 * const enc = getEncoding('cl100k_base', new Uint8Array(ranks));
 * enc.countTokens('hello world'); // 2
 * ```
 */
export function getEncoding(name: EncodingName | string, ranks: string | Uint8Array): TiktokenTokenizer {
  const spec = encodingSpec(name);
  return fromTiktoken(ranks, {
    pattern: spec.pattern,
    specialTokens: spec.specialTokens,
    name: canonicalName(name),
  });
}

/** The spec of a known encoding, or an {@link ArgumentError} listing the known names. */
export function encodingSpec(name: string): EncodingSpec {
  const spec = ENCODINGS[canonicalName(name)];
  if (!spec) {
    throw new ArgumentError('encoding name', `one of ${Object.keys(ENCODINGS).join(', ')}, gpt2`, name);
  }
  return spec;
}

function canonicalName(name: string): string {
  return name === 'gpt2' ? 'r50k_base' : name;
}
