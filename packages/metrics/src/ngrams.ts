/**
 * Counts word n-grams of orders 1..maxOrder, one `Map` per order (index 0 = unigrams). An n-gram's
 * key is its tokens joined by a single space (tokens never contain whitespace).
 *
 * @example
 * ```ts
 * const [uni, bi] = countWordNgrams(['a', 'b', 'a'], 2);
 * uni.get('a'); // 2
 * bi.get('a b'); // 1
 * ```
 */
export function countWordNgrams(tokens: readonly string[], maxOrder: number): Map<string, number>[] {
  const maps: Map<string, number>[] = [];
  for (let n = 0; n < maxOrder; n++) maps.push(new Map());
  const len = tokens.length;
  for (let i = 0; i < len; i++) {
    let key = tokens[i] as string;
    const last = Math.min(maxOrder, len - i);
    for (let n = 0; n < last; n++) {
      if (n > 0) key = `${key} ${tokens[i + n]}`;
      const m = maps[n] as Map<string, number>;
      m.set(key, (m.get(key) ?? 0) + 1);
    }
  }
  return maps;
}

/**
 * Counts the n-grams of a single order over an array of items (code points or tokens), keyed by the
 * items joined with `joiner`.
 *
 * @example
 * ```ts
 * countNgramsOfOrder(['a', 'b', 'a', 'b'], 2, '').get('ab'); // 2
 * ```
 */
export function countNgramsOfOrder(items: readonly string[], n: number, joiner: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= items.length; i++) {
    const key = n === 1 ? (items[i] as string) : items.slice(i, i + n).join(joiner);
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}
