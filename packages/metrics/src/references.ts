import { ArgumentError, EmptyInputError } from './errors';
import { assertSameLength, assertString, assertStringArray } from './validate';

/**
 * Validates hypotheses and sacreBLEU-layout reference streams (`referenceStreams[k][i]` is the k-th
 * reference of hypothesis i; `null`/`undefined` entries mark a missing reference) and regroups
 * them per segment. Returns the per-segment references and the `nrefs` signature value.
 */
export function groupReferences(
  hypotheses: unknown,
  referenceStreams: unknown,
): { hyps: string[]; refs: string[][]; nrefs: number | 'var' } {
  assertStringArray(hypotheses, 'hypotheses');
  if (!Array.isArray(referenceStreams)) {
    throw new ArgumentError(
      'referenceStreams',
      'an array of reference streams (arrays of strings)',
      referenceStreams,
    );
  }
  if (referenceStreams.length === 0)
    throw new EmptyInputError('referenceStreams', 'at least one reference stream');
  const n = hypotheses.length;
  for (let k = 0; k < referenceStreams.length; k++) {
    const stream = referenceStreams[k];
    if (!Array.isArray(stream)) {
      throw new ArgumentError(`referenceStreams[${k}]`, 'an array of strings (one per hypothesis)', stream);
    }
    assertSameLength(n, stream.length, `referenceStreams[${k}]`);
  }
  const refs: string[][] = [];
  const counts = new Set<number>();
  for (let i = 0; i < n; i++) {
    const segRefs: string[] = [];
    for (let k = 0; k < referenceStreams.length; k++) {
      const r = (referenceStreams[k] as unknown[])[i];
      if (r === null || r === undefined) continue;
      assertString(r, `referenceStreams[${k}][${i}]`);
      segRefs.push(r);
    }
    if (segRefs.length === 0)
      throw new EmptyInputError(`referenceStreams[*][${i}]`, `at least one reference for hypothesis ${i}`);
    counts.add(segRefs.length);
    refs.push(segRefs);
  }
  const nrefs = counts.size === 1 ? (counts.values().next().value as number) : 'var';
  return { hyps: hypotheses, refs, nrefs };
}
