import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusBleu, sentenceBleu } from './bleu';
import { corpusChrf, sentenceChrf } from './chrf';

const fx = JSON.parse(
  readFileSync(new URL('../test/fixtures/sacrebleu-generated.json', import.meta.url), 'utf8'),
);
type Sets = Record<string, { hyps: string[]; refs: (string | null)[][] }>;
const sets = fx.sets as Sets;

function close(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

describe('corpus BLEU matches sacreBLEU 2.6.0 on generated cases', () => {
  for (const c of fx.corpus_bleu as any[]) {
    const o = c.options;
    it(`${c.set} ${JSON.stringify(o)}`, () => {
      const set = sets[c.set] as Sets[string];
      const r = corpusBleu(set.hyps, set.refs, {
        tokenize: o.tokenize,
        smoothMethod: o.smooth_method,
        smoothValue: o.smooth_value,
        lowercase: o.lowercase,
        effectiveOrder: o.effective_order,
        maxNgramOrder: o.max_ngram_order,
      });
      close(r.score, c.score);
      expect(r.counts).toEqual(c.counts);
      expect(r.totals).toEqual(c.totals);
      expect([r.sysLen, r.refLen]).toEqual([c.sys_len, c.ref_len]);
      close(r.bp, c.bp);
      expect(r.signature).toBe(c.signature);
      expect(r.format()).toBe(c.formatted);
    });
  }
});

describe('corpus chrF / chrF++ match sacreBLEU 2.6.0 on generated cases', () => {
  for (const c of fx.corpus_chrf as any[]) {
    const o = c.options;
    it(`${c.set} ${JSON.stringify(o)}`, () => {
      const set = sets[c.set] as Sets[string];
      const r = corpusChrf(set.hyps, set.refs, {
        charOrder: o.char_order,
        wordOrder: o.word_order,
        beta: o.beta,
        lowercase: o.lowercase,
        whitespace: o.whitespace,
        epsSmoothing: o.eps_smoothing,
      });
      close(r.score, c.score);
      expect(r.signature).toBe(c.signature);
      expect(r.format()).toBe(c.formatted);
    });
  }
});

describe('sentence BLEU, chrF and chrF++ match sacreBLEU 2.6.0', () => {
  it(`${fx.sentence.length} sentences`, () => {
    for (const c of fx.sentence as any[]) {
      close(sentenceBleu(c.hyp, c.refs).score, c.bleu);
      close(sentenceChrf(c.hyp, c.refs).score, c.chrf);
      close(sentenceChrf(c.hyp, c.refs, { wordOrder: 2 }).score, c.chrfpp);
    }
  });
});
