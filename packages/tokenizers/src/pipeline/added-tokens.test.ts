import { describe, expect, it } from 'vitest';
import { type AddedSegment, AddedVocabulary, addedTokensFromJson } from './added-tokens';

const parts = (text: string, segs: AddedSegment[]) =>
  segs.map((s) => (s.token ? `[${text.slice(s.start, s.end)}]` : text.slice(s.start, s.end)));

describe('AddedVocabulary (Hugging Face matching)', () => {
  const v = new AddedVocabulary([
    { id: 1, content: '<s>', special: true },
    { id: 2, content: '<mask>', special: true, lstrip: true },
    { id: 3, content: 'END', special: false, rstrip: true, normalized: false },
    { id: 4, content: 'cat', special: false, singleWord: true, normalized: false },
    { id: 5, content: '<s>x', special: true },
  ]);

  it('matches leftmost-longest; lstrip/rstrip take the whitespace; single_word needs non-word neighbours', () => {
    const t = 'a <s>x b <s> hi  <mask> END  z cat,cats concat';
    expect(parts(t, v.split(t))).toEqual([
      'a ',
      '[<s>x]',
      ' b ',
      '[<s>]',
      ' hi',
      '[  <mask>]',
      ' ',
      '[END  ]',
      'z ',
      '[cat]',
      ',cats concat',
    ]);
  });

  it('special tokens are plain text when not allowed; other added tokens still match', () => {
    const t = '<s>a END';
    expect(parts(t, v.split(t, 'none'))).toEqual(['<s>a ', '[END]']);
    expect(parts(t, v.split(t, ['<s>x']))).toEqual(['<s>a ', '[END]']);
    expect(parts(t, v.split(t, ['<s>']))).toEqual(['[<s>]', 'a ', '[END]']);
    expect(() => v.split(t, ['nope'])).toThrow(/special tokens of this tokenizer/);
  });

  it('normalized tokens match the normalized text, by their normalized content', () => {
    const lower = new AddedVocabulary([{ id: 9, content: 'Hello', special: false, normalized: true }], (s) =>
      s.toLowerCase(),
    );
    expect(lower.hasNormalized).toBe(true);
    expect(lower.hasRaw).toBe(false);
    expect(parts('say hello', lower.split('say hello', 'all', true))).toEqual(['say ', '[hello]']);
    expect(parts('say hello', lower.split('say hello'))).toEqual(['say hello']);
  });

  it('reads added_tokens with Hugging Face defaults (normalized unless special)', () => {
    const [a, b] = addedTokensFromJson([
      { id: 0, content: '<pad>', special: true },
      { id: 1, content: 'word' },
    ]);
    expect(a!.normalized).toBe(false);
    expect(b!.normalized).toBe(true);
  });
});
