import { describe, expect, it } from 'vitest';
import { huffmanTree } from './huffman';

const codeOf = (t: ReturnType<typeof huffmanTree>, w: number) => ({
  code: [...t.codes.subarray(t.offsets[w], t.offsets[w + 1])],
  points: [...t.points.subarray(t.offsets[w], t.offsets[w + 1])],
});

describe('huffmanTree (word2vec.c CreateBinaryTree)', () => {
  it('builds the hand-derived tree for counts 4, 2, 1, 1', () => {
    // Merges: (w3, w2) → node 4 (count 2); (node 4, w1) → node 5 (4); (node 5, w0) → root 6 (8).
    // The node taken second gets code 1; inner node 4 + a is row a of syn1 (root = row 2).
    const t = huffmanTree([4, 2, 1, 1]);
    expect(codeOf(t, 0)).toEqual({ code: [1], points: [2] });
    expect(codeOf(t, 1)).toEqual({ code: [0, 1], points: [2, 1] });
    expect(codeOf(t, 2)).toEqual({ code: [0, 0, 1], points: [2, 1, 0] });
    expect(codeOf(t, 3)).toEqual({ code: [0, 0, 0], points: [2, 1, 0] });
  });

  it('gives prefix-free codes, shorter for frequent words, paths from the root', () => {
    const counts = [50, 30, 30, 20, 9, 5, 5, 2, 1, 1];
    const t = huffmanTree(counts);
    const codes = counts.map((_, w) => codeOf(t, w));
    for (let a = 0; a < counts.length; a++) {
      expect(codes[a]!.points[0]).toBe(counts.length - 2); // root
      for (let b = 0; b < counts.length; b++) {
        if (a === b) continue;
        const ca = codes[a]!.code.join('');
        expect(codes[b]!.code.join('').startsWith(ca)).toBe(false);
      }
      if (a > 0) expect(codes[a]!.code.length).toBeGreaterThanOrEqual(codes[a - 1]!.code.length);
    }
    // Kraft equality of a full binary tree: Σ 2^−len = 1.
    expect(codes.reduce((s, c) => s + 2 ** -c.code.length, 0)).toBeCloseTo(1, 12);
  });

  it('handles one word (no inner node)', () => {
    expect(huffmanTree([3]).codes.length).toBe(0);
  });
});
