import { decodeCompactRanks } from './compact-ranks';
import type { EncodingName, EncodingOptions } from './encoding-spec';
import { canonicalName, ENCODINGS, encodingSpec, shippedModule } from './encodings';
import { checkRanks } from './rank-check';
import { TiktokenTokenizer } from './tiktoken';

/** A shipped rank module, as `import()` gives it (ESM, or CommonJS through Node's interop). */
type RankModule = { ranks?: string; default?: { ranks?: string } };

/**
 * The shipped rank modules, imported only when asked for: bundlers put each in a chunk of its own, so the
 * main entry carries none of the rank data.
 */
const SHIPPED: Record<string, () => Promise<RankModule>> = {
  r50k_base: () => import('../encodings/r50k_base'),
  p50k_base: () => import('../encodings/p50k_base'),
  cl100k_base: () => import('../encodings/cl100k_base'),
  o200k_base: () => import('../encodings/o200k_base'),
};

const cache = new Map<string, Promise<TiktokenTokenizer>>();

/**
 * A ready tokenizer for an OpenAI encoding — `r50k_base` (`gpt2`), `p50k_base`, `p50k_edit`,
 * `cl100k_base` (GPT-3.5/4) or `o200k_base` (GPT-4o) — in Node and in browsers, with no files and no
 * network: the ranks ship with the package in a compact form and are imported on first use (about
 * 0.2–1 MB gzipped each, in a chunk of their own). Calls with the same name and no options share one
 * tokenizer. Ids are identical to tiktoken's, js-tiktoken's and gpt-tokenizer's.
 *
 * @example
 * ```ts
 * import { loadEncoding } from '@glossa/tokenizers';
 * const enc = await loadEncoding('cl100k_base');
 * enc.encode('hello world').ids; // [15339, 1917]
 * enc.decode([15339, 1917]); // 'hello world'
 * ```
 */
export function loadEncoding(
  name: EncodingName | string,
  options?: EncodingOptions,
): Promise<TiktokenTokenizer> {
  let spec: ReturnType<typeof encodingSpec>;
  try {
    spec = encodingSpec(name);
  } catch (e) {
    return Promise.reject(e);
  }
  const canonical = canonicalName(name);
  const key = options === undefined ? canonical : '';
  const cached = key ? cache.get(key) : undefined;
  if (cached) return cached;
  const promise = SHIPPED[shippedModule(canonical)]!().then((mod) => {
    const ranks = mod.ranks ?? mod.default?.ranks;
    const { table, checksum } = decodeCompactRanks(ranks as string);
    checkRanks(table, canonical, ENCODINGS, `the shipped ranks of ${canonical}`, checksum);
    return new TiktokenTokenizer(table, {
      ...options,
      pattern: spec.pattern,
      specialTokens: ENCODINGS[canonical]!.specialTokens,
      name: canonical,
    });
  });
  if (key) {
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
  }
  return promise;
}
