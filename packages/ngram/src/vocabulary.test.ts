import { describe, expect, it } from 'vitest';
import { ArgumentError } from './errors';
import { Vocabulary } from './vocabulary';

describe('Vocabulary', () => {
  it('puts <s>, </s>, <unk> first, then words in order of first occurrence', () => {
    const v = Vocabulary.fromSentences([['b', 'a', 'b'], ['c']]);
    expect(v.list()).toEqual(['<s>', '</s>', '<unk>', 'b', 'a', 'c']);
    expect(v.id('a')).toBe(4);
    expect(v.id('nope')).toBe(Vocabulary.UNK);
    expect(v.token(1)).toBe('</s>');
    expect(v.size).toBe(6);
  });

  it('applies the minCount threshold', () => {
    const v = Vocabulary.fromSentences(
      [
        ['b', 'a', 'b'],
        ['c', 'a', 'a'],
      ],
      { minCount: 3 },
    );
    expect(v.list()).toEqual(['<s>', '</s>', '<unk>', 'a']);
  });

  it('supports custom special tokens and rejects bad ones', () => {
    const v = new Vocabulary(['x'], { bos: 'BOS', eos: 'EOS', unk: 'UNK' });
    expect(v.list()).toEqual(['BOS', 'EOS', 'UNK', 'x']);
    expect(() => new Vocabulary([], { bos: 'X', eos: 'X' })).toThrow(ArgumentError);
    expect(() => v.token(9)).toThrow(/id: expected an integer in \[0, 4\), received 9/);
    expect(() => Vocabulary.fromSentences([['a']], { minCount: 1.5 })).toThrow(/minCount/);
  });
});
