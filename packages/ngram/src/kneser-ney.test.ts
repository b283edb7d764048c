import { describe, expect, it } from 'vitest';
import { ArgumentError } from './errors';
import { KneserNeyModel } from './kneser-ney';
import { countNgrams } from './ngram-counts';

// Corpus "<s> a b </s>", "<s> b </s>"; V = 4 predictable tokens (</s>, <unk>, a, b); D = 0.5.
// Unigram level (continuation counts): N1+(• a) = 1 {<s>}, N1+(• b) = 2 {a, <s>}, N1+(• </s>) = 1 {b}; total 4,
// 3 types, so gamma = 0.5·3/4 = 0.375 and p1(w) = max(N1+ − 0.5, 0)/4 + 0.375/4:
//   p1(a) = p1(</s>) = 0.21875, p1(b) = 0.46875, p1(<unk>) = 0.09375.
const corpus = [['a', 'b'], ['b']];

describe('KneserNeyModel (hand-computed)', () => {
  it('bigram: discounted raw counts interpolated with continuation unigrams', () => {
    const lm = new KneserNeyModel(countNgrams(corpus, { order: 2 }), { discount: 0.5 });
    expect(lm.prob('b', ['a'])).toBeCloseTo(0.5 + 0.5 * 0.46875, 14); // 0.734375
    expect(lm.prob('a', ['a'])).toBeCloseTo(0.5 * 0.21875, 14);
    expect(lm.prob('a', ['<s>'])).toBeCloseTo(0.5 / 2 + 0.5 * 0.21875, 14); // 0.359375
    expect(lm.prob('</s>', ['b'])).toBeCloseTo(1.5 / 2 + 0.25 * 0.21875, 14); // 0.8046875
    expect(lm.prob('<unk>', ['zebra'])).toBeCloseTo(0.09375, 14); // unseen context: the unigram level
    expect(lm.prob('<s>', ['a'])).toBe(0);
    expect(lm.logProb(['a', 'b'])).toBeCloseTo(
      Math.log(0.359375) + Math.log(0.734375) + Math.log(0.8046875),
      12,
    );
  });

  it('trigram: <s>-initial n-grams keep raw counts, middle orders use continuation counts', () => {
    const lm = new KneserNeyModel(countNgrams(corpus, { order: 3 }), { discount: 0.5 });
    // p3(b | <s> a) = (1 − 0.5)/1 + 0.5·p2(b | a), p2(b | a) = 0.734375 (N1+(• a b) = 1)
    expect(lm.prob('b', ['<s>', 'a'])).toBeCloseTo(0.5 + 0.5 * 0.734375, 14);
    // p2(</s> | b) uses N1+(• b </s>) = 2 → 0.8046875; p3(</s> | a b) = 0.5 + 0.5·0.8046875
    expect(lm.prob('</s>', ['a', 'b'])).toBeCloseTo(0.90234375, 14);
    expect(lm.prob('</s>', ['<s>', 'b'])).toBeCloseTo(0.90234375, 14);
    expect(lm.logProb(['a', 'b'])).toBeCloseTo(
      Math.log(0.359375) + Math.log(0.8671875) + Math.log(0.90234375),
      12,
    );
  });

  it('unigram model: discounted raw counts with a uniform floor', () => {
    const lm = new KneserNeyModel(countNgrams(corpus, { order: 1 }), { discount: 0.5 });
    // raw counts a 1, b 2, </s> 2 (N = 5, 3 types): gamma = 0.3, floor 0.3/4
    expect(lm.prob('b')).toBeCloseTo(1.5 / 5 + 0.3 / 4, 14);
    expect(lm.prob('<unk>')).toBeCloseTo(0.3 / 4, 14);
    expect(lm.backoffWeight(0)).toBeCloseTo(0.3, 14);
  });

  it('modified KN: count-dependent discounts estimated from counts-of-counts (hand-computed unigram case)', () => {
    // One sentence: a b c d ×1, e f ×2, g ×3, h ×4, plus </s> ×1 → n1 = 5, n2 = 2, n3 = 1, n4 = 1, N = 16, V = 10.
    // Y = 5/9, D1 = 1 − 2Y·2/5 = 5/9, D2 = 2 − 3Y·1/2 = 7/6, D3+ = 3 − 4Y·1/1 = 7/9.
    const s = 'a b c d e e f f g g g h h h h'.split(' ');
    const lm = new KneserNeyModel(countNgrams([s], { order: 1 }), { modified: true });
    expect(lm.discounts[4 + 1]).toBeCloseTo(5 / 9, 14);
    expect(lm.discounts[4 + 2]).toBeCloseTo(7 / 6, 14);
    expect(lm.discounts[4 + 3]).toBeCloseTo(7 / 9, 14);
    const gamma = (5 * (5 / 9) + 2 * (7 / 6) + 2 * (7 / 9)) / 16;
    expect(lm.backoffWeight(0)).toBeCloseTo(gamma, 14);
    expect(lm.prob('h')).toBeCloseTo((4 - 7 / 9) / 16 + gamma / 10, 14);
    expect(lm.prob('e')).toBeCloseTo((2 - 7 / 6) / 16 + gamma / 10, 14);
    expect(lm.prob('a')).toBeCloseTo((1 - 5 / 9) / 16 + gamma / 10, 14);
    expect(lm.prob('<unk>')).toBeCloseTo(gamma / 10, 14);
  });

  it('modified KN falls back to the plain discount where estimates are degenerate', () => {
    const lm = new KneserNeyModel(countNgrams(corpus, { order: 2 }), { modified: true, discount: 0.5 });
    // bigram adjusted counts 1, 1, 1, 2 → n3 = 0 → D2 estimate 2 − 3Y·0 = 2 is valid, D3+ = 3 − 4Y·0/0 is not
    const y = 3 / (3 + 2);
    expect(lm.discounts[2 * 4 + 1]).toBeCloseTo(1 - 2 * y * (1 / 3), 14);
    expect(lm.discounts[2 * 4 + 2]).toBeCloseTo(2, 14);
    expect(lm.discounts[2 * 4 + 3]).toBe(0.5);
  });

  it('rejects discounts outside (0, 1]', () => {
    const counts = countNgrams(corpus, { order: 2 });
    expect(() => new KneserNeyModel(counts, { discount: 0 })).toThrow(ArgumentError);
    expect(() => new KneserNeyModel(counts, { discount: 1.5 })).toThrow(
      /discount: expected a number in \(0, 1\]/,
    );
  });
});
