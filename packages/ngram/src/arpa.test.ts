import { describe, expect, it } from 'vitest';
import { parseArpa } from './arpa-read';
import { toArpa } from './arpa-write';
import { ArgumentError, FormatError } from './errors';
import { KneserNeyModel } from './kneser-ney';
import { MleModel } from './mle';
import { countNgrams } from './ngram-counts';

const corpus = [
  ['the', 'cat', 'sat', 'on', 'the', 'mat'],
  ['the', 'dog', 'sat', 'on', 'the', 'log'],
  ['the', 'cat', 'ate', 'the', 'fish'],
  ['a', 'dog', 'ate', 'a', 'bone'],
  ['the', 'cat', 'saw', 'the', 'dog'],
];

describe('ARPA export', () => {
  it('writes the \\data\\ header, log10 probabilities and back-off weights (hand-checked bigram)', () => {
    // "<s> a b </s>", "<s> b </s>", D = 0.5: see kneser-ney.test.ts for the hand computation.
    const kn = new KneserNeyModel(countNgrams([['a', 'b'], ['b']], { order: 2 }), { discount: 0.5 });
    const lines = toArpa(kn).split('\n');
    expect(lines.slice(0, 4)).toEqual(['\\data\\', 'ngram 1=5', 'ngram 2=4', '']);
    expect(lines[4]).toBe('\\1-grams:');
    const entry = (s: string) => lines.find((l) => l.split('\t')[1] === s)!.split('\t');
    expect(entry('<s>')[0]).toBe('-99');
    expect(Number(entry('<s>')[2])).toBeCloseTo(Math.log10(0.5), 14); // γ(<s>) = 0.5·2/2
    expect(Number(entry('b')[0])).toBeCloseTo(Math.log10(0.46875), 14);
    expect(Number(entry('b')[2])).toBeCloseTo(Math.log10(0.25), 14); // γ(b) = 0.5·1/2
    expect(Number(entry('<unk>')[0])).toBeCloseTo(Math.log10(0.09375), 14);
    expect(Number(entry('<unk>')[2])).toBe(0);
    expect(Number(entry('a b')[0])).toBeCloseTo(Math.log10(0.734375), 14);
    expect(entry('a b')).toHaveLength(2); // no back-off weight at the highest order
    expect(lines.at(-2)).toBe('\\end\\');
  });

  it('only accepts Kneser-Ney models', () => {
    const mle = new MleModel(countNgrams(corpus, { order: 2 }));
    expect(() => toArpa(mle as never)).toThrow(ArgumentError);
  });
});

describe('ARPA round trip', () => {
  for (const [order, modified] of [
    [1, false],
    [2, false],
    [3, false],
    [4, false],
    [3, true],
    [4, true],
  ] as const) {
    it(`order ${order}${modified ? ' modified' : ''}: reading back gives the same probabilities`, () => {
      const kn = new KneserNeyModel(countNgrams(corpus, { order, minCount: 2 }), { discount: 0.7, modified });
      const back = parseArpa(toArpa(kn));
      expect(back.order).toBe(order);
      expect([...back.vocab.list()].sort()).toEqual([...kn.vocab.list()].sort());
      const contexts = [
        [],
        ['<s>'],
        ['the'],
        ['<s>', 'the'],
        ['the', 'cat'],
        ['cat', 'the'],
        ['zebra', 'dog'],
        ['on', 'the'],
        ['sat', 'on', 'the'],
        ['</s>'],
        ['a', 'dog', 'ate'],
      ];
      for (const ctx of contexts) {
        for (const w of kn.vocab.list()) {
          const p = kn.prob(w, ctx);
          const q = back.prob(w, ctx);
          if (p === 0) expect(q).toBe(0);
          else expect(q / p, `${w} | ${ctx.join(' ')}`).toBeCloseTo(1, 12);
        }
        const sum = [...back.nextTokenDistribution(ctx).values()].reduce((a, b) => a + b, 0);
        expect(sum).toBeCloseTo(1, 12);
      }
      const test = [
        ['the', 'dog', 'ate', 'the', 'mat'],
        ['a', 'zebra', 'sat'],
      ];
      expect(back.perplexity(test) / kn.perplexity(test)).toBeCloseTo(1, 12);
    });
  }
});

describe('ARPA import', () => {
  const small = [
    '\\data\\',
    'ngram 1=4',
    'ngram 2=2',
    '',
    '\\1-grams:',
    '-99\t<s>\t-0.30103',
    '-0.5\t</s>',
    '-1\t<unk>',
    '-0.3\tx\t-0.2',
    '',
    '\\2-grams:',
    '-0.1 <s> x',
    '-0.2 x </s>',
    '',
    '\\end\\',
  ];

  it('applies the back-off rule of a hand-written file (spaces or tabs)', () => {
    const lm = parseArpa(small.join('\n'));
    expect(lm.prob('x', ['<s>'])).toBeCloseTo(10 ** -0.1, 14);
    expect(lm.prob('<unk>', ['<s>'])).toBeCloseTo(10 ** (-0.30103 - 1), 14); // bow(<s>)·p(<unk>)
    expect(lm.prob('x', ['x'])).toBeCloseTo(10 ** (-0.2 - 0.3), 14);
    expect(lm.prob('</s>', ['zebra'])).toBeCloseTo(10 ** -0.5, 14); // <unk> is not a listed context
    expect(lm.logProb(['x'])).toBeCloseTo(Math.LN10 * (-0.1 - 0.2), 12);
  });

  const bad: [string, (l: string[]) => string[], number, RegExp][] = [
    ['missing header', (l) => l.slice(1), 1, /\\data\\/],
    ['count mismatch', (l) => l.map((x) => (x === 'ngram 2=2' ? 'ngram 2=3' : x)), 14, /expected 3 2-grams/],
    [
      'bad number',
      (l) => l.map((x) => (x === '-1\t<unk>' ? 'abc\t<unk>' : x)),
      8,
      /log10 probability as a number/,
    ],
    ['too many fields', (l) => l.map((x) => (x === '-0.1 <s> x' ? '-0.1 <s> x 1 2' : x)), 12, /2 word/],
    ['unknown word', (l) => l.map((x) => (x === '-0.2 x </s>' ? '-0.2 x y' : x)), 13, /"y" is not listed/],
    ['positive log prob', (l) => l.map((x) => (x === '-0.5\t</s>' ? '0.5\t</s>' : x)), 7, /<= 0/],
    ['missing end (line after the last)', (l) => l.slice(0, -1), 15, /\\end\\/],
    ['section order', (l) => l.map((x) => (x === '\\2-grams:' ? '\\3-grams:' : x)), 11, /\\2-grams:/],
    [
      'duplicate',
      (l) => l.map((x) => (x === '-0.2 x </s>' ? '-0.2 <s> x' : x)),
      13,
      /duplicate n-gram "<s> x"/,
    ],
  ];
  for (const [name, edit, line, msg] of bad) {
    it(`malformed file (${name}) → FormatError naming line ${line}`, () => {
      let err: unknown;
      try {
        parseArpa(edit(small).join('\n'));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(FormatError);
      expect((err as FormatError).line).toBe(line);
      expect((err as FormatError).message).toMatch(msg);
      expect((err as FormatError).message).toContain(`line ${line}`);
    });
  }
  it('rejects non-string input', () => {
    expect(() => parseArpa(3 as never)).toThrow(ArgumentError);
  });
});
