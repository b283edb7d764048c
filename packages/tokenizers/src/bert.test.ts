import { describe, expect, it } from 'vitest';
import { fromBertVocab } from './bert';
import { FormatError } from './errors';

const VOCAB = [
  '[PAD]',
  '[UNK]',
  '[CLS]',
  '[SEP]',
  '[MASK]',
  'hello',
  'world',
  ',',
  '!',
  'un',
  '##aff',
  '##able',
  'Hello',
].join('\n');

describe('fromBertVocab (WordPiece vocab.txt)', () => {
  it('uncased: lowercases, splits punctuation, greedy ## pieces, [CLS]/[SEP], offsets', () => {
    const bert = fromBertVocab(`${VOCAB}\n`);
    const e = bert.encode('Hello, WORLD! Unaffable');
    expect(e.tokens).toEqual(['[CLS]', 'hello', ',', 'world', '!', 'un', '##aff', '##able', '[SEP]']);
    expect(e.ids).toEqual([2, 5, 7, 6, 8, 9, 10, 11, 3]);
    expect(e.offsets.slice(5, 8)).toEqual([
      [14, 16],
      [16, 19],
      [19, 23],
    ]);
    expect(bert.decode(e.ids, { skipSpecialTokens: true })).toBe('hello, world! unaffable');
    expect(bert.encode('hello [MASK]', { allowedSpecial: ['[MASK]'] }).ids).toEqual([2, 5, 4, 3]);
    expect(bert.roleId('pad')).toBe(0);
    expect(bert.roleId('mask')).toBe(4);
  });

  it('cased keeps case; unknown words are [UNK]', () => {
    const bert = fromBertVocab(VOCAB, { lowercase: false });
    expect(bert.encode('Hello hello HELLO', { addSpecialTokens: false }).tokens).toEqual([
      'Hello',
      'hello',
      '[UNK]',
    ]);
  });

  it('malformed vocab.txt is a FormatError naming the line', () => {
    expect(() => fromBertVocab('[UNK]\n[CLS]\n\n[SEP]')).toThrow(/line 3: empty token/);
    expect(() => fromBertVocab('[UNK]\n[CLS]\n[SEP]\n[CLS]')).toThrow(/line 4: "\[CLS\]" already on line 2/);
    expect(() => fromBertVocab('a\nb')).toThrow(FormatError);
  });
});
