import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArgumentError, EmptyInputError, LengthMismatchError } from './errors';
import { languageModelScore, perplexity, targetNll } from './perplexity';
import { slidingWindowPerplexity } from './sliding-window';

const fx = JSON.parse(readFileSync(new URL('../test/fixtures/losses.public.json', import.meta.url), 'utf8'));

describe('perplexity matches PyTorch cross-entropy (losses.public.json)', () => {
  const V = fx.log_softmax_float64.shape[2] as number;
  const lsm = fx.log_softmax_float64.data as number[];
  const rows: number[][] = [];
  for (let i = 0; i < lsm.length; i += V) rows.push(lsm.slice(i, i + V));
  for (const c of (fx.cases as any[]).filter((x) => x.label_smoothing === 0)) {
    it(c.name, () => {
      const { nll, mask } = targetNll(rows, fx[c.targets_key].data, c.ignore_index);
      const r = languageModelScore(nll, { mask });
      expect(r.tokens).toBe(c.num_valid_tokens);
      // log-softmax in the fixture is rounded to 7 significant digits.
      expect(Math.abs(r.crossEntropy - c.mean_float64)).toBeLessThan(1e-6);
      expect(Math.abs(r.perplexity / c.perplexity_float64 - 1)).toBeLessThan(1e-6);
      // From PyTorch's own per-token losses (reduction='none', 0 at ignored positions), batch-shaped.
      const per = c.per_token_float64.data as number[];
      const batch = [per.slice(0, 5), per.slice(5, 10), per.slice(10, 15)];
      const maskB = [mask.slice(0, 5), mask.slice(5, 10), mask.slice(10, 15)];
      expect(Math.abs(perplexity(batch, { mask: maskB }) / c.perplexity_float64 - 1)).toBeLessThan(1e-6);
      expect(r.bitsPerToken).toBeCloseTo(c.mean_float64 / Math.LN2, 5);
    });
  }
});

describe('languageModelScore', () => {
  it('converts log-probabilities and reports bits per character', () => {
    const r = languageModelScore([Math.log(0.5), Math.log(0.25)], { from: 'logprob', characters: 6 });
    expect(r.perplexity).toBeCloseTo(Math.sqrt(8), 12);
    expect(r.bitsPerToken).toBeCloseTo(1.5, 12);
    expect(r.bitsPerCharacter).toBeCloseTo(3 / 6, 12);
  });
  it('rejects NaN, wrong signs, bad masks and all-masked input', () => {
    expect(() => perplexity([Number.NaN])).toThrow(ArgumentError);
    expect(() => perplexity([-1])).toThrow(/values\[0\]/);
    expect(() => perplexity([0.5], { from: 'logprob' })).toThrow(ArgumentError);
    expect(() => perplexity([1, 2], { mask: [true] })).toThrow(LengthMismatchError);
    expect(() => perplexity([1], { mask: [true] })).toThrow(EmptyInputError);
    expect(() => perplexity([])).toThrow(EmptyInputError);
  });
});

describe('slidingWindowPerplexity', () => {
  // A model whose log p(token) = -log(context length + 1): the score reveals how much context each token saw.
  const ctxModel = (w: readonly number[]) => w.slice(1).map((_, i) => -Math.log(i + 2));
  it('scores each token once with Hugging Face fixed-length semantics', async () => {
    // 6 tokens, maxLength 4, stride 2: window [0,4) scores positions 1..3 with contexts 1,2,3;
    // window [2,6) scores global 4,5 with contexts 2,3. Perplexity = (2·3·4·3·4)^(1/5).
    const r = await slidingWindowPerplexity([1, 2, 3, 4, 5, 6], ctxModel, { maxLength: 4, stride: 2 });
    expect(r.tokens).toBe(5);
    expect(r.windows).toBe(2);
    expect(r.perplexity).toBeCloseTo(288 ** 0.2, 12);
  });
  it('disjoint windows (stride = maxLength) restart the context', async () => {
    // windows [0,3) and [3,6): contexts 1,2 then (position 0 of the second window is new but is its first token, so unscored) 1,2
    const r = await slidingWindowPerplexity([1, 2, 3, 4, 5, 6], ctxModel, { maxLength: 3 });
    expect(r.tokens).toBe(4);
    expect(r.perplexity).toBeCloseTo((2 * 3 * 2 * 3) ** 0.25, 12);
  });
  it('a uniform model has perplexity equal to its vocabulary size, with async scorers', async () => {
    const ids = Array.from({ length: 37 }, (_, i) => i % 5);
    const r = await slidingWindowPerplexity(ids, async (w) => w.slice(1).map(() => -Math.log(50)), {
      maxLength: 8,
      stride: 3,
    });
    expect(r.perplexity).toBeCloseTo(50, 10);
    expect(r.tokens).toBe(36);
  });
  it('checks its arguments', async () => {
    await expect(slidingWindowPerplexity([1], ctxModel, { maxLength: 4 })).rejects.toThrow(EmptyInputError);
    await expect(slidingWindowPerplexity([1, 2, 3], ctxModel, { maxLength: 4, stride: 5 })).rejects.toThrow(
      /stride/,
    );
    await expect(slidingWindowPerplexity([1, 2, 3], () => [0], { maxLength: 4 })).rejects.toThrow(/scorer/);
  });
});
