import { describe, expect, it } from 'vitest';
import { fixtureBytes, fixtureText } from '../test/helpers';
import { evaluateWordAnalogies, evaluateWordPairs } from './evaluate';
import { KeyedVectors } from './keyed-vectors';

// gensim 4.2's evaluate_word_analogies / evaluate_word_pairs on the same vectors and files.
const ref = JSON.parse(fixtureText('gensim-reference.json')) as {
  analogies: Array<{
    restrictVocab: number;
    score: number;
    oovRatio: number;
    sections: Array<{ section: string; correct: string[][]; incorrect: number }>;
  }>;
  wordPairs: { pearson: number; spearman: number; oovRatio: number };
};
const wv = KeyedVectors.parse(fixtureBytes('gensim-vectors.bin'), { format: 'word2vec-binary' });
const questions = fixtureText('questions-words.subset.txt');

describe('evaluateWordAnalogies (gensim evaluate_word_analogies)', () => {
  for (const expected of ref.analogies) {
    it(`restrictVocab ${expected.restrictVocab}: same sections, same questions right, same OOV share`, () => {
      const r = evaluateWordAnalogies(wv, questions, { restrictVocab: expected.restrictVocab });
      expect(r.score).toBeCloseTo(expected.score, 12);
      expect(r.oovRatio).toBeCloseTo(expected.oovRatio, 9);
      expect(r.sections.map((s) => s.section)).toEqual(expected.sections.map((s) => s.section));
      r.sections.forEach((s, i) => {
        expect(s.correct).toEqual(expected.sections[i]!.correct);
        expect(s.incorrect.length).toBe(expected.sections[i]!.incorrect);
      });
    });
  }

  it('upper-cases words and takes the most frequent casing; counts, skips and optionally scores OOV questions', () => {
    const kv = new KeyedVectors(
      ['a', 'b', 'A', 'c', 'd'],
      Float32Array.of(1, 0, 0, 1, 0, 0, 1, 1, 1, 1, -1, 0, 0, 1, 1),
      3,
    );
    const text = ': s1\na b c d\nA B C zz\n: s2\nmalformed line\n';
    const r = evaluateWordAnalogies(kv, text);
    expect(r.questions).toBe(2);
    expect(r.oov).toBe(1);
    expect(r.oovRatio).toBe(50);
    expect(r.sections.map((s) => s.section)).toEqual(['s1', 's2', 'Total accuracy']);
    const dummy = evaluateWordAnalogies(kv, text, { dummy4unknown: true });
    expect(dummy.sections[0]!.incorrect.length).toBe(r.sections[0]!.incorrect.length + 1);
    expect(() => evaluateWordAnalogies(kv, 'a b c d\n')).toThrow(/section header/);
  });
});

describe('evaluateWordPairs (gensim evaluate_word_pairs)', () => {
  it('gives gensim’s Pearson, Spearman and OOV ratio on WordSim-353', () => {
    const r = evaluateWordPairs(wv, fixtureText('wordsim353.tsv'));
    expect(r.pearson).toBeCloseTo(ref.wordPairs.pearson, 6);
    expect(r.spearman).toBeCloseTo(ref.wordPairs.spearman, 9);
    expect(r.oovRatio).toBeCloseTo(ref.wordPairs.oovRatio, 9);
    expect(r.pairs + r.oov).toBe(353);
  });

  it('skips comments and malformed lines; needs one known pair', () => {
    const kv = new KeyedVectors(['x', 'y', 'z'], Float32Array.of(1, 0, 1, 1, 0, 1), 2);
    const r = evaluateWordPairs(kv, '# c\nX\ty\t1\nx\tz\t3\nbad\nx\tq\t2\ny\tz\tnope\n');
    expect(r.pairs).toBe(2);
    expect(r.oov).toBe(1);
    expect(r.spearman).toBeCloseTo(-1, 12); // sims 0.707, 0 vs gold 1, 3
    expect(() => evaluateWordPairs(kv, 'q\tr\t1\n')).toThrow(/at least one pair/);
  });
});
