import { describe, expect, it } from 'vitest';
import { pearson, rankAverage, spearman } from './correlation';

describe('rank correlation (scipy.stats)', () => {
  it('gives tied values the average of their ranks', () => {
    expect([...rankAverage([10, 20, 10, 30])]).toEqual([1.5, 3, 1.5, 4]);
    expect([...rankAverage([5, 5, 5])]).toEqual([2, 2, 2]);
  });

  it('matches scipy on a case with ties', () => {
    // scipy.stats.spearmanr([1, 2, 2, 3, 4], [3, 1, 2, 2, 5]).statistic = 0.2894736842105264
    expect(spearman([1, 2, 2, 3, 4], [3, 1, 2, 2, 5])).toBeCloseTo(0.2894736842105264, 12);
    expect(spearman([1, 2, 3, 4], [10, 30, 20, 40])).toBeCloseTo(0.8, 12);
    // scipy.stats.pearsonr([1, 2, 3], [2, 4, 7]).statistic = 0.9933992677987828
    expect(pearson([1, 2, 3], [2, 4, 7])).toBeCloseTo(0.9933992677987828, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
});
