import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { countNgrams, type LanguageModel, modelFromCounts, type Smoothing } from '../src/index';

// Reference values from NLTK's nltk.lm (tooling/fixtures/ngram/generate.py; its docstring lists the adaptations:
// glossa's single-<s> events, V without <s>, and the Kneser-Ney unigram/<s> conventions of Chen & Goodman).
interface Case {
  name: 'tiny' | 'shakespeare';
  method: Smoothing;
  order: number;
  minCount: number;
  param: number | null;
  vocabSize: number;
  distributions: { context: string[]; probs: Record<string, number> }[];
  sentenceLogProbs: (number | null)[];
  perplexity: number | null;
}
const here = dirname(fileURLToPath(import.meta.url));
const ref = JSON.parse(readFileSync(join(here, 'fixtures', 'nltk-reference.json'), 'utf8')) as {
  corpora: Record<string, { train: string[][]; test: string[][] }>;
  cases: Case[];
};

function build(c: Case): LanguageModel {
  const corpus = ref.corpora[c.name]!;
  const counts = countNgrams(corpus.train, { order: c.order, minCount: c.minCount });
  const p = c.param ?? undefined;
  return modelFromCounts(counts, { smoothing: c.method, k: p, discount: p, alpha: p });
}

describe('agreement with NLTK nltk.lm', () => {
  it('has cases for every method and order', () => {
    expect(ref.cases.length).toBe(56);
    expect(new Set(ref.cases.map((c) => c.method))).toEqual(
      new Set(['mle', 'add-k', 'kneser-ney', 'stupid-backoff']),
    );
  });

  for (const c of ref.cases) {
    const label = `${c.name} ${c.method}(${c.param}) order ${c.order} minCount ${c.minCount}`;
    it(label, () => {
      const lm = build(c);
      expect(lm.vocab.size - 1).toBe(c.vocabSize);
      for (const { context, probs } of c.distributions) {
        const dist = lm.nextTokenDistribution(context);
        expect(dist.size).toBe(Object.keys(probs).length);
        for (const [word, p] of Object.entries(probs)) {
          expect(lm.prob(word, context), `${word} | ${context.join(' ')}`).toBeCloseTo(p, 12);
          expect(dist.get(word), `dist ${word} | ${context.join(' ')}`).toBeCloseTo(p, 12);
        }
      }
      const test = ref.corpora[c.name]!.test;
      test.forEach((s, i) => {
        const want = c.sentenceLogProbs[i];
        if (want === null) expect(lm.logProb(s)).toBe(-Infinity);
        else expect(lm.logProb(s)).toBeCloseTo(want as number, 9);
      });
      if (c.perplexity === null) expect(lm.perplexity(test)).toBe(Infinity);
      else expect(lm.perplexity(test) / c.perplexity).toBeCloseTo(1, 11);
    });
  }
});
