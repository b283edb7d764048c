import { describe, expect, it } from 'vitest';
import { FNV_SEED, fnvStep, VocabIndex } from './vocab-index';

describe('VocabIndex', () => {
  const index = new VocabIndex(['a', 'b', 'ab', undefined, '▁the', 'ab']);

  it('finds substrings and concatenations; the later of two equal tokens wins', () => {
    expect(index.get('xaby', 1, 3)).toBe(5);
    expect(index.get('▁the')).toBe(4);
    expect(index.get('abc')).toBe(-1);
    expect(index.getConcat('▁t', 0, 2, 'xhe', 1, 3)).toBe(4);
    expect(index.getConcat('a', 0, 1, 'c', 0, 1)).toBe(-1);
  });

  it('getHashed takes the incremental hash of the range', () => {
    let h = FNV_SEED;
    for (const c of 'the') h = fnvStep(h, c.charCodeAt(0));
    expect(index.getHashed(h, 'the', 0, 3)).toBe(-1);
    let g = FNV_SEED;
    for (const c of '▁the') g = fnvStep(g, c.charCodeAt(0));
    expect(index.getHashed(g, 'x▁the', 1, 5)).toBe(4);
  });
});
