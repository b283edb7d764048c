import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusBleu, sentenceBleu } from './bleu';
import { computeBleu } from './bleu-score';
import { ArgumentError, EmptyInputError, LengthMismatchError } from './errors';

interface Case {
  test: string;
  inputs: Record<string, unknown>;
  expected: Record<string, unknown>;
  tolerance: number;
  recomputed: unknown;
}
const fixture = JSON.parse(
  readFileSync(new URL('../test/fixtures/bleu.sacrebleu-tests.json', import.meta.url), 'utf8'),
) as {
  cases: Case[];
};

function close(actual: number, expected: number, rel = 1e-9): void {
  const tol = rel * Math.max(1, Math.abs(expected));
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol);
}

const raw = (hyps: string[], refs: string[][], smoothValue: number) =>
  corpusBleu(hyps, refs, { tokenize: 'none', smoothMethod: 'floor', smoothValue, effectiveOrder: true });

describe('BLEU matches sacreBLEU 2.6.0 on its own test cases', () => {
  fixture.cases.forEach((c, idx) => {
    it(`${idx}: ${c.test}`, () => {
      const inp = c.inputs as any;
      const test = c.test.split('::')[1] as string;
      if (test === 'test_raw_bleu' || test === 'test_effective_order' || test === 'test_offset') {
        const r = raw(inp.hyps, inp.refs, inp.smooth_value);
        close(r.score / 100, c.recomputed as number);
        close(r.score / 100, c.expected.score_fraction as number, c.tolerance || 1e-12);
      } else if (test === 'test_statistics') {
        const r = raw(inp.hyps, inp.refs, inp.smooth_value);
        expect(r.counts).toEqual(c.expected.counts);
        expect(r.totals).toEqual(c.expected.totals);
      } else if (test === 'test_corpus_bleu') {
        const kw = inp.kwargs as { tokenize?: any; smooth_method?: any };
        const r = corpusBleu(inp.hyps, inp.refs, { tokenize: kw.tokenize, smoothMethod: kw.smooth_method });
        close(r.score, c.recomputed as number);
        close(r.score, c.expected.score as number, 1e-8);
      } else if (test === 'test_scoring' || test === 'test_degenerate_statistics') {
        const r = computeBleu(inp.correct, inp.total, inp.sys_len, inp.ref_len, {
          smoothMethod: inp.smooth_method,
          smoothValue: inp.smooth_value,
        });
        close(r.score / 100, c.recomputed as number);
        if (c.tolerance === 0) expect(r.score / 100).toBe(c.expected.score_fraction);
      } else if (test === 'test_max_ngram_order') {
        const r = corpusBleu(inp.hyps, inp.refs, { maxNgramOrder: inp.max_ngram_order });
        close(r.score, c.recomputed as number);
        expect(r.score.toFixed(2)).toBe(c.expected.score_2dp);
      } else if (test.startsWith('test_api_sentence_bleu')) {
        const r = sentenceBleu(inp.hyp, inp.refs, {
          tokenize: inp.tokenize,
          smoothMethod: inp.smooth_method,
          smoothValue: inp.smooth_value,
          lowercase: inp.lowercase,
          effectiveOrder: inp.effective_order,
        });
        close(r.score, c.recomputed as number);
        expect(Math.abs(r.score - (c.expected.score as number))).toBeLessThanOrEqual(c.tolerance);
      } else {
        throw new Error(`unhandled fixture case ${c.test}`);
      }
    });
  });
});

describe('BLEU result, signature and formatting', () => {
  const hyps = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
  const refs = [
    ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
    ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
  ];
  it('prints like sacreBLEU', () => {
    const r = corpusBleu(hyps, refs);
    // sacreBLEU 2.6.0: BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)
    expect(String(r)).toBe(
      'BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)',
    );
    expect(r.signature).toBe('nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0');
    expect(r.format()).toBe(
      `BLEU|${r.signature} = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)`,
    );
    expect([r.sysLen, r.refLen]).toEqual([17, 18]);
  });
  it('signature records smoothing value, case, eff and variable nrefs', () => {
    const r = corpusBleu(hyps, [refs[0] as string[], [null, 'x', 'y']], {
      smoothMethod: 'floor',
      lowercase: true,
    });
    expect(r.signature).toBe('nrefs:var|case:lc|eff:no|tok:13a|smooth:floor[0.10]|version:2.6.0');
    const s = sentenceBleu('a b', ['a b c'], { smoothMethod: 'add-k', smoothValue: 2 });
    expect(s.signature).toBe('nrefs:1|case:mixed|eff:yes|tok:13a|smooth:add-k[2.00]|version:2.6.0');
  });
  it('a missing reference is skipped, not counted as empty', () => {
    const withNull = corpusBleu(['a b c d'], [['a b c d'], [null]]);
    const single = corpusBleu(['a b c d'], [['a b c d']]);
    expect(withNull.score).toBe(single.score);
    expect(withNull.signature.startsWith('nrefs:1|')).toBe(true);
  });
  it('brevity penalty ties go to the shorter reference', () => {
    // hyp has 3 tokens; refs of 2 and 4 tokens are equally close: sacreBLEU picks 2.
    const r = corpusBleu(['a b c'], [['a b'], ['a b c d']]);
    expect(r.refLen).toBe(2);
    expect(r.bp).toBe(1);
  });
});

describe('BLEU input checking', () => {
  it('rejects mismatched lengths naming the stream', () => {
    expect(() => corpusBleu(['a', 'b'], [['a']])).toThrow(LengthMismatchError);
    expect(() => corpusBleu(['a', 'b'], [['a']])).toThrow(/referenceStreams\[0\]/);
  });
  it('rejects empty corpora, non-strings and unknown options', () => {
    expect(() => corpusBleu([], [[]])).toThrow(EmptyInputError);
    expect(() => corpusBleu(['a'], [])).toThrow(EmptyInputError);
    expect(() => corpusBleu(['a', 3 as unknown as string], [['a', 'b']])).toThrow(/hypotheses\[1\]/);
    expect(() => corpusBleu(['a'], [['a']], { tokenize: 'foo' as never })).toThrow(ArgumentError);
    expect(() => corpusBleu(['a'], [['a']], { smoothMethod: 'bar' as never })).toThrow(
      /options.smoothMethod/,
    );
    expect(() => corpusBleu(['a'], [['a']], { maxNgramOrder: 0 })).toThrow(/maxNgramOrder/);
    expect(() => sentenceBleu('a', [])).toThrow(EmptyInputError);
    expect(() => corpusBleu(['a'], [[null]])).toThrow(EmptyInputError);
  });
});
