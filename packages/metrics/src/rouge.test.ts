import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArgumentError, EmptyInputError } from './errors';
import { type RougeScore, rougeScorer } from './rouge';

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8'));
const upstream = load('rouge.upstream-tests.json').upstream_tests_vs_rouge155 as Array<{
  test: string;
  target: string;
  prediction: string;
  rouge_type: string;
  use_stemmer: boolean;
  expected_rouge155_5dp: { precision: number; recall: number; fmeasure: number };
  computed: { precision: number; recall: number; fmeasure: number };
}>;
const generated = load('rouge-score-generated.json') as {
  types: string[];
  cases: Array<{
    target: string;
    prediction: string;
    use_stemmer: boolean;
    scores: Record<string, number[]>;
  }>;
  multi: Array<{
    targets: string[];
    prediction: string;
    use_stemmer: boolean;
    scores: Record<string, number[]>;
  }>;
};

function expectScore(
  got: RougeScore | undefined,
  want: number[] | { precision: number; recall: number; fmeasure: number },
  tol = 1e-9,
) {
  const w = Array.isArray(want)
    ? { precision: want[0] as number, recall: want[1] as number, fmeasure: want[2] as number }
    : want;
  expect(got).toBeDefined();
  const g = got as RougeScore;
  expect(Math.abs(g.precision - w.precision)).toBeLessThanOrEqual(tol);
  expect(Math.abs(g.recall - w.recall)).toBeLessThanOrEqual(tol);
  expect(Math.abs(g.fmeasure - w.fmeasure)).toBeLessThanOrEqual(tol);
}

describe('ROUGE matches rouge-score on its checks against ROUGE-1.5.5', () => {
  upstream.forEach((c, i) => {
    it(`${i}: ${c.test}`, () => {
      const s = rougeScorer({ rougeTypes: [c.rouge_type], useStemmer: c.use_stemmer }).score(
        c.target,
        c.prediction,
      );
      expectScore(s[c.rouge_type], c.computed);
      expectScore(s[c.rouge_type], c.expected_rouge155_5dp, 5e-6);
    });
  });
});

describe('ROUGE matches rouge-score on generated SciTLDR / Tatoeba cases', () => {
  it(`score(): ${generated.cases.length} cases × ${generated.types.length} types`, () => {
    const scorers = {
      false: rougeScorer({ rougeTypes: generated.types, useStemmer: false }),
      true: rougeScorer({ rougeTypes: generated.types, useStemmer: true }),
    };
    for (const c of generated.cases) {
      const s = scorers[`${c.use_stemmer}`].score(c.target, c.prediction);
      for (const t of generated.types) expectScore(s[t], c.scores[t] as number[]);
    }
  });
  it(`scoreMulti(): ${generated.multi.length} cases`, () => {
    const scorer = rougeScorer({ rougeTypes: generated.types, useStemmer: true });
    for (const c of generated.multi) {
      const s = scorer.scoreMulti(c.targets, c.prediction);
      for (const t of generated.types) expectScore(s[t], c.scores[t] as number[]);
    }
  });
  it('rougeLsum alone gives the same as with other types', () => {
    const c = generated.cases.find((x) => x.target.includes('\n')) as (typeof generated.cases)[number];
    const s = rougeScorer({ rougeTypes: ['rougeLsum'] }).score(c.target, c.prediction);
    expectScore(s.rougeLsum, c.scores.rougeLsum as number[]);
  });
});

describe('Unicode tokenizer option', () => {
  it('rouge-score parity scores Hindi and Chinese as 0; the unicode tokenizer does not', () => {
    const hi = ['भारत एक विशाल देश है', 'भारत एक बड़ा देश है'] as const;
    const parity = rougeScorer({ rougeTypes: ['rouge1'] }).score(hi[0], hi[1]);
    expect(parity.rouge1).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
    const uni = rougeScorer({ rougeTypes: ['rouge1'], tokenizer: 'unicode' }).score(hi[0], hi[1]);
    // 4 of 5 words shared: P = R = F = 0.8
    expectScore(uni.rouge1, [0.8, 0.8, 0.8]);
    const zh = rougeScorer({ rougeTypes: ['rouge1', 'rouge2'], tokenizer: 'unicode' }).score(
      '我喜欢猫',
      '我喜欢狗',
    );
    expectScore(zh.rouge1, [0.75, 0.75, 0.75]); // 我 喜 欢 shared of 4
    expectScore(zh.rouge2, [2 / 3, 2 / 3, 2 / 3]);
  });
  it('keeps accented words whole and stems only ASCII words', () => {
    const scorer = rougeScorer({ rougeTypes: ['rouge1'], tokenizer: 'unicode', useStemmer: true });
    expect(scorer.tokenize('Les cafés running, 東京')).toEqual(['les', 'cafés', 'run', '東', '京']);
  });
  it('accepts a custom tokenizer function', () => {
    const s = rougeScorer({ rougeTypes: ['rouge1'], tokenizer: (t) => t.split('|') }).score('a|b', 'a|c');
    expectScore(s.rouge1, [0.5, 0.5, 0.5]);
  });
});

describe('ROUGE input checking', () => {
  it('rejects unknown rouge types, non-strings and empty target lists', () => {
    expect(() => rougeScorer({ rougeTypes: ['rouge0'] })).toThrow(ArgumentError);
    expect(() => rougeScorer({ rougeTypes: ['rougeX'] })).toThrow(/rougeTypes\[0\]/);
    expect(() => rougeScorer({ rougeTypes: [] })).toThrow(EmptyInputError);
    const s = rougeScorer({ rougeTypes: ['rouge1'] });
    expect(() => s.score(1 as unknown as string, 'a')).toThrow(/target/);
    expect(() => s.scoreMulti([], 'a')).toThrow(EmptyInputError);
  });
  it('supports rougeN for N >= 10', () => {
    const s = rougeScorer({ rougeTypes: ['rouge10'] }).score('a b c d e f g h i j k', 'a b c d e f g h i j');
    expectScore(s.rouge10, [1, 0.5, 2 / 3]);
  });
});
