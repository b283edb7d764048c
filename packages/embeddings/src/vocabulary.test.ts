import { ArgumentError } from '@glossa/core';
import { describe, expect, it } from 'vitest';
import { Vocabulary } from './vocabulary';

describe('Vocabulary', () => {
  it('sorts by descending count, ties in order of first appearance, and drops rare words', () => {
    const v = Vocabulary.fromSentences(
      [
        ['b', 'a', 'c', 'a'],
        ['c', 'd', 'b', 'a'],
      ],
      { minCount: 2 },
    );
    expect(v.words).toEqual(['a', 'b', 'c']);
    expect([...v.counts]).toEqual([3, 2, 2]);
    expect(v.totalWords).toBe(8);
    expect(v.retainedWords).toBe(7);
    expect(v.indexOf('d')).toBe(-1);
    expect([...v.encode(['d', 'c', 'a'])]).toEqual([2, 0]);
    expect([...v.encode(['d', 'c'], 9)]).toEqual([9, 2]);
  });

  it('caps the size like gensim max_final_vocab (ties at the boundary all dropped)', () => {
    const counts = new Map([
      ['a', 9],
      ['b', 5],
      ['c', 5],
      ['d', 4],
      ['e', 1],
    ]);
    // Rank 2 (0-based) has count 5 → effective min count 6: only 'a' stays.
    const v = Vocabulary.fromCounts(counts, { maxVocabSize: 2 });
    expect(v.words).toEqual(['a']);
    expect(v.effectiveMinCount).toBe(6);
    expect(Vocabulary.fromCounts(counts, { maxVocabSize: 3 }).words).toEqual(['a', 'b', 'c']);
    expect(Vocabulary.fromCounts(counts, { maxVocabSize: 3, minCount: 6 }).words).toEqual(['a']);
  });

  it('rejects bad options with typed errors', () => {
    expect(() => Vocabulary.fromCounts(new Map(), { minCount: 0 })).toThrow(ArgumentError);
    expect(() => Vocabulary.fromCounts(new Map([['x', -1]]))).toThrow(/non-negative integer/);
  });
});
