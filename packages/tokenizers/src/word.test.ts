import { describe, expect, it } from 'vitest';
import { ArgumentError, VocabularyError } from './errors';
import { fromTokenizerJson } from './pipeline/tokenizer-json';
import { trainWordTokenizer } from './word';

describe('word tokenizer', () => {
  const corpus = ['The cat sat.', 'the cat ran!', 'A dog sat.'];

  it('builds the vocabulary by frequency (hand-computed), specials first', () => {
    const tok = trainWordTokenizer(corpus, { lowercase: true });
    // counts: the 2, cat 2, sat 2, . 2, ran 1, ! 1, a 1, dog 1 → ties in code-unit order
    expect([...tok.getVocab()].sort((a, b) => a[1] - b[1]).map(([t]) => t)).toEqual([
      '[PAD]',
      '[UNK]',
      '.',
      'cat',
      'sat',
      'the',
      '!',
      'a',
      'dog',
      'ran',
    ]);
    expect(tok.vocabSize).toBe(10);
    expect(tok.roleId('pad')).toBe(0);
    expect(tok.roleId('unk')).toBe(1);
  });

  it('maps out-of-vocabulary words to [UNK] and reports the OOV rate', () => {
    const tok = trainWordTokenizer(corpus, { lowercase: true, minFrequency: 2 });
    expect([...tok.getVocab().keys()]).toEqual(['[PAD]', '[UNK]', '.', 'cat', 'sat', 'the']);
    const e = tok.encode('The bird sat.');
    expect(e.tokens).toEqual(['the', '[UNK]', 'sat', '.']);
    expect(e.offsets).toEqual([
      [0, 3],
      [4, 8],
      [9, 12],
      [12, 13],
    ]);
    expect(tok.oovRate('The bird sat.')).toEqual({ unknown: 1, total: 4, rate: 0.25 });
    expect(tok.oovRate('')).toEqual({ unknown: 0, total: 0, rate: 0 });
    expect(tok.decode(e.ids)).toBe('the [UNK] sat .');
  });

  it('caps the vocabulary with maxSize and keeps case without lowercase', () => {
    const tok = trainWordTokenizer(corpus, { maxSize: 4 });
    // counts (cased): . 2, cat 2, sat 2, The 1, the 1, ... → top 2 after specials: '.', 'cat'
    expect([...tok.getVocab().keys()]).toEqual(['[PAD]', '[UNK]', '.', 'cat']);
    expect(tok.encode('The cat').tokens).toEqual(['[UNK]', 'cat']);
  });

  it('normalises with NFKC and splits by whitespace, bert or a regex', () => {
    const nfkc = trainWordTokenizer(['ﬁne ﬁne'], { normalization: 'NFKC', split: 'whitespace' });
    expect(nfkc.encode('fine').tokens).toEqual(['fine']);
    const ws = trainWordTokenizer(['a-b c'], { split: 'whitespace' });
    expect(ws.encode('a-b c').tokens).toEqual(['a-b', 'c']);
    const bert = trainWordTokenizer(['a-b c'], { split: 'bert' });
    expect(bert.encode('a-b c').tokens).toEqual(['a', '-', 'b', 'c']);
    const re = trainWordTokenizer(["don't stop"], { split: { regex: "[a-z']+" } });
    expect(re.encode("don't, stop").tokens).toEqual(["don't", 'stop']);
    // NFC default: decomposed and composed é are the same word
    const nfc = trainWordTokenizer(['caf\u00e9']);
    expect(nfc.encode('cafe\u0301').tokens).toEqual(['caf\u00e9']);
    expect(nfc.encode('cafe\u0301').offsets).toEqual([[0, 5]]);
  });

  it('unknowns are an error without an unknown token; bad options are ArgumentErrors', () => {
    const strict = trainWordTokenizer(corpus, { unkToken: null, specialTokens: [] });
    expect(() => strict.encode('zebra')).toThrow(VocabularyError);
    expect(() => trainWordTokenizer(corpus, { minFrequency: 0 })).toThrow(ArgumentError);
    expect(() => trainWordTokenizer(corpus, { maxSize: 1 })).toThrow(ArgumentError);
    expect(() => trainWordTokenizer(corpus, { split: 'nope' as 'bert' })).toThrow(ArgumentError);
    expect(() => trainWordTokenizer(42 as unknown as string)).toThrow(ArgumentError);
  });

  it('saves as tokenizer.json and loads back', () => {
    const tok = trainWordTokenizer(corpus, { lowercase: true });
    const again = fromTokenizerJson(tok.toTokenizerJson());
    expect(again.encode('The bird sat.').toJSON()).toEqual(tok.encode('The bird sat.').toJSON());
    expect(again.getVocab()).toEqual(tok.getVocab());
  });
});
