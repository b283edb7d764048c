import type { MergeRules } from '../../bpe/merge-ids';
import { PairMap } from '../../bpe/pair-table';
import { describeValue, FormatError } from '../../errors';
import { FNV_SEED, fnv, type VocabIndex } from './vocab-index';

/**
 * BPE merge rules as `tokenizer.json` writes them, highest priority first: `[left, right]` pairs or
 * `"left right"` strings.
 *
 * @example
 * ```ts
 * const merges: BPEMerges = [['h', 'e'], 'he llo'];
 * ```
 */
export type BPEMerges = readonly (readonly [string, string] | string)[];

/**
 * Merge rules located in a `tokenizer.json` text instead of parsed out of it: merge `k` is
 * `[bounds[4k], bounds[4k + 1])` (left) and `[bounds[4k + 2], bounds[4k + 3])` (right), positions in
 * `text`, or, at `text.length` and beyond, in `side` (merges that had JSON escapes, unescaped).
 *
 * @example
 * ```ts
 * const ranges: MergeRanges = { text: '["a b"]', side: '', bounds: Int32Array.of(2, 3, 4, 5), count: 1 };
 * ```
 */
export interface MergeRanges {
  readonly text: string;
  readonly side: string;
  readonly bounds: Int32Array;
  readonly count: number;
}

/**
 * Whether `m` is a {@link MergeRanges}.
 *
 * @example
 * ```ts
 * isMergeRanges(['a b']); // false
 * ```
 */
export function isMergeRanges(m: unknown): m is MergeRanges {
  return (
    typeof m === 'object' &&
    m !== null &&
    !Array.isArray(m) &&
    (m as MergeRanges).bounds instanceof Int32Array
  );
}

/**
 * {@link MergeRules} with the parts of each merge: `left[rank]` and `right[rank]` are the ids it joins.
 *
 * @example
 * ```ts
 * const rules: MergeIdRules = buildMergeRules(index, [['a', 'b']], 0); // rules.left[0] = id of 'a'
 * ```
 */
export interface MergeIdRules extends MergeRules {
  left: Int32Array;
  right: Int32Array;
}

/**
 * Merge rules as ids: the rank of each `(left id, right id)` pair and the id each merge makes, looked up
 * in `index` without building strings. `prefixLength` is the length of the continuing-subword prefix
 * that a merge drops from its right part. A token missing from the vocabulary is a {@link FormatError}
 * naming the merge.
 *
 * @example
 * ```ts
 * const rules = buildMergeRules(new VocabIndex(['a', 'b', 'ab']), [['a', 'b']], 0);
 * rules.ranks.get(0, 1); // 0; rules.result[0] === 2
 * ```
 */
export function buildMergeRules(
  index: VocabIndex,
  merges: BPEMerges | MergeRanges,
  prefixLength: number,
): MergeIdRules {
  if (isMergeRanges(merges)) return rulesFromRanges(index, merges, prefixLength);
  const n = merges.length;
  const rules: MergeIdRules = {
    ranks: new PairMap(n + 16),
    result: new Int32Array(n),
    left: new Int32Array(n),
    right: new Int32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const m = merges[i]!;
    let a: string;
    let b: string;
    const as = 0;
    let ae: number;
    let bs: number;
    let be: number;
    if (typeof m === 'string') {
      const sp = m.indexOf(' ', 1);
      if (sp < 0 || m.indexOf(' ', sp + 1) >= 0) {
        throw new FormatError(`model.merges[${i}]: expected "left right", received ${describeValue(m)}`, {
          field: `model.merges[${i}]`,
        });
      }
      a = m;
      b = m;
      ae = sp;
      bs = sp + 1;
      be = m.length;
    } else {
      if (!Array.isArray(m) || m.length !== 2 || typeof m[0] !== 'string' || typeof m[1] !== 'string') {
        throw new FormatError(
          `model.merges[${i}]: expected "left right" or ["left", "right"], received ${describeValue(m)}`,
          { field: `model.merges[${i}]` },
        );
      }
      a = m[0];
      b = m[1];
      ae = a.length;
      bs = 0;
      be = b.length;
    }
    addRule(index, rules, i, a, as, ae, b, bs, be, prefixLength);
  }
  return rules;
}

function rulesFromRanges(index: VocabIndex, m: MergeRanges, prefixLength: number): MergeIdRules {
  const n = m.count;
  const rules: MergeIdRules = {
    ranks: new PairMap(n + 16),
    result: new Int32Array(n),
    left: new Int32Array(n),
    right: new Int32Array(n),
  };
  const { text, side, bounds } = m;
  const base = text.length;
  for (let i = 0; i < n; i++) {
    let as = bounds[4 * i]!;
    let src = text;
    if (as >= base) {
      src = side;
      as -= base;
    }
    const off = src === text ? 0 : base;
    addRule(
      index,
      rules,
      i,
      src,
      as,
      bounds[4 * i + 1]! - off,
      src,
      bounds[4 * i + 2]! - off,
      bounds[4 * i + 3]! - off,
      prefixLength,
    );
  }
  return rules;
}

function addRule(
  index: VocabIndex,
  rules: MergeIdRules,
  i: number,
  a: string,
  as: number,
  ae: number,
  b: string,
  bs: number,
  be: number,
  prefixLength: number,
): void {
  // the left part is hashed once: for its own id and as the start of the merged token's hash
  const ha = fnv(a, as, ae, FNV_SEED);
  const ia = index.getHashed(ha, a, as, ae);
  const ib = index.getHashed(fnv(b, bs, be, FNV_SEED), b, bs, be);
  const cs = Math.min(be, bs + prefixLength);
  const ic = index.getConcatHashed(fnv(b, cs, be, ha), a, as, ae, b, cs, be);
  if (ia < 0 || ib < 0 || ic < 0) {
    const left = a.slice(as, ae);
    const right = b.slice(bs, be);
    const missing = ia < 0 ? left : ib < 0 ? right : left + right.slice(prefixLength);
    throw new FormatError(
      `model.merges[${i}]: ${JSON.stringify(missing)} (from merge ${JSON.stringify(`${left} ${right}`)}) is not in model.vocab`,
      { field: `model.merges[${i}]` },
    );
  }
  rules.ranks.setIfAbsent(ia, ib, i);
  rules.result[i] = ic;
  rules.left[i] = ia;
  rules.right[i] = ib;
}

/**
 * The merges as `[left, right]` string pairs (for `toJSON` and inspection).
 *
 * @example
 * ```ts
 * mergePairs(['a b', ['c', 'd']]); // [['a', 'b'], ['c', 'd']]
 * ```
 */
export function mergePairs(merges: BPEMerges | MergeRanges): [string, string][] {
  if (!isMergeRanges(merges)) {
    return merges.map((m): [string, string] => {
      if (typeof m !== 'string') return [m[0], m[1]];
      const sp = m.indexOf(' ', 1);
      return [m.slice(0, sp), m.slice(sp + 1)];
    });
  }
  const { text, side, bounds, count } = merges;
  const base = text.length;
  const out: [string, string][] = new Array(count);
  const cut = (s: number, e: number) => (s >= base ? side.slice(s - base, e - base) : text.slice(s, e));
  for (let i = 0; i < count; i++) {
    out[i] = [cut(bounds[4 * i]!, bounds[4 * i + 1]!), cut(bounds[4 * i + 2]!, bounds[4 * i + 3]!)];
  }
  return out;
}
