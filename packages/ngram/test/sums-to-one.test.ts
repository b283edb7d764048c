import { describe, expect, it } from 'vitest';
import { countNgrams, modelFromCounts, type Smoothing, seededRandom } from '../src/index';

// Property: for every context seen in training (and random unseen ones), the next-token distribution of every
// normalised model sums to 1 over the vocabulary (all tokens but <s>) and agrees with prob(). Stupid backoff is
// excluded: its scores are not a distribution. MLE is only checked on contexts seen as contexts.
function randomCorpus(seed: number): string[][] {
  const rand = seededRandom(seed);
  const words = Array.from({ length: 3 + Math.floor(rand() * 12) }, (_, i) => `w${i}`);
  const n = 1 + Math.floor(rand() * 30);
  return Array.from({ length: n }, () =>
    Array.from({ length: Math.floor(rand() * 8) }, () => words[Math.floor(rand() ** 2 * words.length)]!),
  ).concat([['w0']]);
}

const methods: { smoothing: Smoothing; k?: number; discount?: number }[] = [
  { smoothing: 'modified-kneser-ney' },
  { smoothing: 'mle' },
  { smoothing: 'laplace' },
  { smoothing: 'add-k', k: 0.03 },
  { smoothing: 'kneser-ney', discount: 0.75 },
  { smoothing: 'kneser-ney', discount: 1 },
  { smoothing: 'kneser-ney', discount: 0.1 },
];

describe('probabilities sum to 1 for every context', () => {
  for (let seed = 1; seed <= 25; seed++) {
    it(`random corpus ${seed}`, () => {
      const rand = seededRandom(1000 + seed);
      const corpus = randomCorpus(seed);
      const order = 1 + Math.floor(rand() * 4);
      const counts = countNgrams(corpus, { order, minCount: 1 + Math.floor(rand() * 2) });
      const contexts: string[][] = [];
      for (let node = 0; node < counts.nodes; node++) {
        if (counts.depth[node]! < order && counts.rawTotal[node]! > 0) {
          contexts.push(counts.ngramIds(node).map((id) => counts.vocab.token(id)));
        }
      }
      const unseen = [['zz'], ['w1', 'zz', 'w2'], ['</s>'], ['<s>', '<s>']];
      for (const m of methods) {
        const lm = modelFromCounts(counts, m);
        for (const ctx of m.smoothing === 'mle' ? contexts : [...contexts, ...unseen]) {
          const dist = lm.nextTokenDistribution(ctx);
          let sum = 0;
          for (const [w, p] of dist) {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(lm.prob(w, ctx)).toBeCloseTo(p, 14);
            sum += p;
          }
          expect(sum, `${m.smoothing} order ${order} | ${ctx.join(' ')}`).toBeCloseTo(1, 12);
        }
      }
    });
  }
});
