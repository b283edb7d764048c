import { describe, expect, it } from 'vitest';
import { simpleSentences, simpleTokenize } from './tokenize';

describe('simple tokenisation', () => {
  it('splits words and punctuation, keeping inner apostrophes', () => {
    expect(simpleTokenize("Don't panic, Mr. O'Neil!")).toEqual([
      "don't",
      'panic',
      ',',
      'mr',
      '.',
      "o'neil",
      '!',
    ]);
    expect(simpleTokenize('Hello', { lowercase: false })).toEqual(['Hello']);
    expect(simpleTokenize('   ')).toEqual([]);
  });

  it('splits paragraphs and sentences', () => {
    expect(simpleSentences('The cat sat. It purred!\nwell\n\n"Yes," she said.')).toEqual([
      ['the', 'cat', 'sat', '.'],
      ['it', 'purred', '!', 'well'],
      ['"', 'yes', ',', '"', 'she', 'said', '.'],
    ]);
  });
});
