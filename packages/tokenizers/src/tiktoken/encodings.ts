import { ArgumentError } from '../errors';
import type { EncodingName, EncodingOptions, EncodingSpec } from './encoding-spec';
import { PATTERNS } from './patterns';
import { checkRanks } from './rank-check';
import { type RankSource, readRanks } from './rank-source';
import { TiktokenTokenizer } from './tiktoken';

const { r50k: R50K, cl100k: CL100K, o200k: O200K } = PATTERNS;

/**
 * The OpenAI encodings (from OpenAI's tiktoken, MIT): JS split patterns (as in tiktoken's
 * `encodings.json`), special tokens, and the count and checksum of the ranks. The ranks themselves ship
 * in `@glossa/tokenizers/encodings/<name>` modules, loaded by `loadEncoding(name)`.
 *
 * @example
 * ```ts
 * ENCODINGS.cl100k_base.specialTokens['<|endoftext|>']; // 100257
 * ```
 */
export const ENCODINGS: Readonly<Record<string, EncodingSpec>> = {
  r50k_base: {
    pattern: R50K,
    specialTokens: { '<|endoftext|>': 50256 },
    ranks: 50256,
    checksum: 0xcaeef2dc,
  },
  p50k_base: {
    pattern: R50K,
    specialTokens: { '<|endoftext|>': 50256 },
    ranks: 50280,
    checksum: 0xd13c42a0,
  },
  p50k_edit: {
    pattern: R50K,
    specialTokens: {
      '<|endoftext|>': 50256,
      '<|fim_prefix|>': 50281,
      '<|fim_middle|>': 50282,
      '<|fim_suffix|>': 50283,
    },
    ranks: 50280,
    checksum: 0xd13c42a0,
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
    checksum: 0x581d7d0a,
  },
  o200k_base: {
    pattern: O200K,
    specialTokens: { '<|endoftext|>': 199999, '<|endofprompt|>': 200018 },
    ranks: 199998,
    checksum: 0xe261e4f7,
  },
};

/**
 * A known encoding from rank data you already have, synchronously: the shipped compact ranks
 * (`import { ranks } from '@glossa/tokenizers/encodings/cl100k_base'`), a `.tiktoken` file's contents
 * (bytes or text), or js-tiktoken's rank module. `gpt2` is `r50k_base`. The data must be exactly that
 * encoding's ranks (count and checksum are checked): another encoding's ranks, a file cut short or an
 * edited one is an {@link ArgumentError} saying which. Without rank data at hand, use
 * `await loadEncoding(name)`.
 *
 * @example
 * ```ts
 * import { ranks } from '@glossa/tokenizers/encodings/cl100k_base';
 * const enc = getEncoding('cl100k_base', ranks);
 * enc.encode('hello world').ids; // [15339, 1917]
 * ```
 */
export function getEncoding(
  name: EncodingName | string,
  ranks: RankSource,
  options?: EncodingOptions,
): TiktokenTokenizer {
  const spec = encodingSpec(name);
  const canonical = canonicalName(name);
  if (ranks === undefined) {
    throw new ArgumentError(
      'getEncoding(ranks)',
      `the rank data of ${canonical} (\`import { ranks } from '@glossa/tokenizers/encodings/${shippedModule(canonical)}'\`, a .tiktoken file's contents or js-tiktoken's ranks) — or call \`await loadEncoding(${JSON.stringify(name)})\`, which needs none`,
      ranks,
    );
  }
  const { table } = readRanks(ranks, 'getEncoding(ranks)');
  checkRanks(table, canonical, ENCODINGS, 'getEncoding(ranks)');
  return new TiktokenTokenizer(table, {
    ...options,
    pattern: spec.pattern,
    specialTokens: spec.specialTokens,
    name: canonical,
  });
}

/**
 * The spec of a known encoding (`gpt2` is `r50k_base`), or an {@link ArgumentError} listing the known names.
 *
 * @example
 * ```ts
 * encodingSpec('gpt2').ranks; // 50256
 * ```
 */
export function encodingSpec(name: string): EncodingSpec {
  const spec = Object.hasOwn(ENCODINGS, canonicalName(name)) ? ENCODINGS[canonicalName(name)] : undefined;
  if (!spec) {
    throw new ArgumentError('encoding name', `one of ${Object.keys(ENCODINGS).join(', ')}, gpt2`, name);
  }
  return spec;
}

/** `gpt2` is `r50k_base`; other names are themselves. */
export function canonicalName(name: string): string {
  return name === 'gpt2' ? 'r50k_base' : name;
}

/** The shipped module holding a known encoding's ranks (p50k_edit has p50k_base's). */
export function shippedModule(canonical: string): string {
  return canonical === 'p50k_edit' ? 'p50k_base' : canonical;
}
