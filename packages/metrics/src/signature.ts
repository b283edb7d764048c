/**
 * The sacreBLEU release whose scores and signature format glossa reproduces. Signatures carry it as
 * `version:2.6.0` so that they compare directly with signatures printed by sacreBLEU itself.
 */
export const SACREBLEU_VERSION = '2.6.0';

/**
 * Builds a sacreBLEU-style signature: `key:value` pairs joined by `|`, `version` last, `nrefs`
 * first (`var` for a variable number of references).
 *
 * @example
 * ```ts
 * formatSignature(1, [['case', 'mixed'], ['tok', '13a']]); // "nrefs:1|case:mixed|tok:13a|version:2.6.0"
 * ```
 */
export function formatSignature(
  nrefs: number | 'var',
  pairs: ReadonlyArray<readonly [string, string | number]>,
  bootstrap?: { samples: number; seed: number },
): string {
  const parts = [`nrefs:${nrefs}`];
  if (bootstrap) parts.push(`bs:${bootstrap.samples}`, `seed:${bootstrap.seed}`);
  for (const [k, v] of pairs) parts.push(`${k}:${v}`);
  parts.push(`version:${SACREBLEU_VERSION}`);
  return parts.join('|');
}
