/** The Huffman codes of hierarchical softmax (word2vec.c's `CreateBinaryTree`). */

/** Every word's path from the root of the Huffman tree to its leaf, flattened. */
export interface HuffmanTree {
  /** The branch taken at each inner node of the path (0 or 1), all words concatenated. */
  codes: Uint8Array;
  /** The inner node (row of `syn1`, in `[0, V − 1)`) visited at each step, aligned with `codes`. */
  points: Int32Array;
  /** Word `w`'s code is `codes[offsets[w] .. offsets[w + 1])`; length `V + 1`. */
  offsets: Int32Array;
}

/**
 * Builds the Huffman tree over word counts with word2vec.c's linear-time two-queue method (the
 * counts must be sorted in descending order, as a {@link Vocabulary}'s are): frequent words get
 * short codes. Inner node `V + a` (the `a`-th merge) is row `a` of `syn1`; the root is row `V − 2`.
 * At a merge, the node taken second gets code 1. A vocabulary of one word has empty codes.
 *
 * @example
 * ```ts
 * const t = huffmanTree([4, 2, 1, 1]);
 * // word 0: code [1], points [2]; word 1: [0, 1] via [2, 1]; word 3: [0, 0, 0] via [2, 1, 0]
 * ```
 */
export function huffmanTree(counts: ArrayLike<number>): HuffmanTree {
  const v = counts.length;
  const offsets = new Int32Array(v + 1);
  if (v < 2) return { codes: new Uint8Array(0), points: new Int32Array(0), offsets };
  const count = new Float64Array(2 * v - 1).fill(1e15);
  for (let i = 0; i < v; i++) count[i] = counts[i]!;
  const parent = new Int32Array(2 * v - 1);
  const binary = new Uint8Array(2 * v - 1);
  let pos1 = v - 1;
  let pos2 = v;
  const pick = (): number => {
    if (pos1 >= 0 && count[pos1]! < count[pos2]!) return pos1--;
    return pos2++;
  };
  for (let a = 0; a < v - 1; a++) {
    const min1 = pick();
    const min2 = pick();
    count[v + a] = count[min1]! + count[min2]!;
    parent[min1] = v + a;
    parent[min2] = v + a;
    binary[min2] = 1;
  }
  const root = 2 * v - 2;
  const lengths = new Int32Array(v);
  for (let w = 0; w < v; w++) {
    let n = 0;
    for (let b = w; b !== root; b = parent[b]!) n++;
    lengths[w] = n;
    offsets[w + 1] = offsets[w]! + n;
  }
  const codes = new Uint8Array(offsets[v]!);
  const points = new Int32Array(offsets[v]!);
  for (let w = 0; w < v; w++) {
    const start = offsets[w]!;
    const n = lengths[w]!;
    // Walk leaf → root, writing root → leaf.
    let i = n - 1;
    for (let b = w; b !== root; b = parent[b]!, i--) {
      codes[start + i] = binary[b]!;
      points[start + i] = parent[b]! - v;
    }
  }
  return { codes, points, offsets };
}
