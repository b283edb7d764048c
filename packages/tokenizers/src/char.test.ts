import { describe, expect, it } from 'vitest';
import { trainCharTokenizer } from './char';
import { VocabularyError } from './errors';
import { fromTokenizerJson } from './pipeline/tokenizer-json';

describe('character tokenizer', () => {
  it('code points by frequency, [UNK] for unseen ones, decode concatenates', () => {
    const tok = trainCharTokenizer('abracadabra');
    // a 5, b 2, r 2, c 1, d 1
    expect([...tok.getVocab().keys()]).toEqual(['[PAD]', '[UNK]', 'a', 'b', 'r', 'c', 'd']);
    const e = tok.encode('bark');
    expect(e.tokens).toEqual(['b', 'a', 'r', '[UNK]']);
    expect(e.offsets).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    expect(tok.oovRate('bark').rate).toBe(0.25);
    expect(tok.decode(tok.encode('abc').ids)).toBe('abc');
  });

  it('keeps whitespace and astral characters as single tokens', () => {
    const tok = trainCharTokenizer(['a b\n😀'], { specialTokens: [], unkToken: null });
    const e = tok.encode('😀 a\n');
    expect(e.tokens).toEqual(['😀', ' ', 'a', '\n']);
    expect(e.offsets[0]).toEqual([0, 2]);
    expect(() => tok.encode('z')).toThrow(VocabularyError);
  });

  it('grapheme clusters as an option', () => {
    const text = 'e\u0301 👩🏾‍💻 🇯🇵';
    const cp = trainCharTokenizer(text);
    const gr = trainCharTokenizer(text, { graphemes: true });
    expect(cp.encode('👩🏾‍💻').ids.length).toBe(4);
    expect(gr.encode('👩🏾‍💻').tokens).toEqual(['👩🏾‍💻']);
    expect(gr.encode('e\u0301🇯🇵').tokens).toEqual(['e\u0301', '🇯🇵']);
    expect(fromTokenizerJson(gr.toTokenizerJson()).encode('e\u0301🇯🇵').tokens).toEqual(['e\u0301', '🇯🇵']);
  });

  it('minFrequency, maxSize, lowercase', () => {
    const tok = trainCharTokenizer('AaBbbc', { lowercase: true, minFrequency: 2, maxSize: 3 });
    // a 2, b 3, c 1 → b, a pass minFrequency; maxSize 3 keeps [PAD] [UNK] b
    expect([...tok.getVocab().keys()]).toEqual(['[PAD]', '[UNK]', 'b']);
    expect(tok.encode('BA').tokens).toEqual(['b', '[UNK]']);
  });
});
