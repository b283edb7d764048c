import { describe, expect, it } from 'vitest';
import { randomText, rng, wellFormed } from '../../test/helpers';
import { ArgumentError } from '../errors';
import type { BPEModel } from '../index';
import { fromTokenizerJson } from '../pipeline/tokenizer-json';
import type { TrainProgress } from './bpe-trainer';
import { trainBPE } from './train-bpe';

const merges = (t: ReturnType<typeof trainBPE>) => (t.model as BPEModel).merges;

describe('trainBPE, byte-level', () => {
  it('learns the hand-computed merges (ties to the smaller pair)', () => {
    const tok = trainBPE(['aaab aaab'], { vocabSize: 259, pattern: '\\S+' });
    // (a,a)=4 → aa; then (aa,a)=2 and (a,b)=2 tie → (a,b) has smaller ids; then (aa,ab)
    expect(merges(tok)).toEqual([
      ['a', 'a'],
      ['a', 'b'],
      ['aa', 'ab'],
    ]);
    expect(tok.encode('aaab').tokens).toEqual(['aaab']);
    expect(tok.encode('aab').tokens).toEqual(['aa', 'b']); // (a,a) ranks before (a,b)
  });

  const r = rng(7);
  const corpus = Array.from({ length: 300 }, () => randomText(r, 40, false));
  corpus.push('the quick brown fox jumps over the lazy dog '.repeat(20));

  it('round-trips any text, puts special tokens first, reaches the target size', () => {
    const progress: TrainProgress[] = [];
    const tok = trainBPE(corpus, {
      vocabSize: 600,
      specialTokens: ['<|pad|>', '<|endoftext|>'],
      onProgress: (p) => progress.push(p),
    });
    expect(tok.vocabSize).toBe(600);
    expect(tok.tokenToId('<|pad|>')).toBe(0);
    expect(tok.tokenToId('<|endoftext|>')).toBe(1);
    expect(tok.roleId('pad')).toBe(0);
    expect(progress.at(-1)?.phase).toBe('done');
    expect(progress.some((p) => p.phase === 'merge')).toBe(true);
    for (const s of [...corpus.slice(0, 50), 'unseen ✓ 漢字 🫠', randomText(rng(1), 200)]) {
      expect(tok.decode(tok.encode(s).ids)).toBe(wellFormed(s));
    }
    expect(tok.encode('<|endoftext|>').ids).toEqual([1]);
    expect(tok.encode('<|endoftext|>', { splitSpecialTokens: true }).ids).not.toContain(1);
    expect(tok.encode('the lazy dog').tokens.length).toBeLessThan(6);
  });

  it('saves tokenizer.json and loads it back with identical encodings', () => {
    const tok = trainBPE(corpus, { vocabSize: 500, normalization: 'NFC' });
    const again = fromTokenizerJson(tok.toTokenizerJson());
    for (const s of corpus.slice(0, 30)) expect(again.encode(s).toJSON()).toEqual(tok.encode(s).toJSON());
  });

  it('stops early when pairs get rarer than minFrequency', () => {
    const tok = trainBPE(['ab ab ab cd'], { vocabSize: 1000, minFrequency: 3, pattern: '\\S+' });
    expect(merges(tok)).toEqual([['a', 'b']]);
    expect(tok.vocabSize).toBe(257);
  });

  it('validates options', () => {
    expect(() => trainBPE('x', { vocabSize: 100 })).toThrow(/at least 256/);
    expect(() => trainBPE('x', { vocabSize: 0 })).toThrow(ArgumentError);
    expect(() => trainBPE('x', { vocabSize: 300, kind: 'other' as 'classic' })).toThrow(ArgumentError);
    expect(() => trainBPE('x', { vocabSize: 300, specialTokens: ['a', 'a'] })).toThrow(/twice/);
    expect(() => trainBPE(42 as unknown as string, { vocabSize: 300 })).toThrow(ArgumentError);
  });
});

describe('trainBPE, classic (Sennrich) from a word-frequency table', () => {
  const table = new Map([
    ['low', 5],
    ['lower', 2],
    ['newest', 6],
    ['widest', 3],
  ]);

  it('learns the hand-computed merges with the end-of-word suffix', () => {
    const tok = trainBPE(table, { vocabSize: 16, kind: 'classic' });
    // alphabet (11 symbols + [UNK]) then: e s (9), es t</w> (9), l o (7), e w (6, smallest of the ties)
    expect(merges(tok)).toEqual([
      ['e', 's'],
      ['es', 't</w>'],
      ['l', 'o'],
      ['e', 'w'],
    ]);
    expect(tok.vocabSize).toBe(16);
    expect(tok.tokenToId('[UNK]')).toBe(0);
  });

  it('encodes words with </w>, unknown characters as [UNK], decodes with spaces', () => {
    const tok = trainBPE(table, { vocabSize: 30, kind: 'classic' });
    const e = tok.encode('lowest newer zoo');
    expect(e.tokens.slice(0, 3)).toEqual(['lo', 'w', 'est</w>']);
    expect(e.tokens).toContain('[UNK]');
    expect(tok.decode(tok.encode('lowest newest').ids)).toBe('lowest newest');
    expect(tok.oovRate('zz').rate).toBe(1);
    expect(fromTokenizerJson(tok.toTokenizerJson()).encode('lowest newer zoo').ids).toEqual(e.ids);
  });

  it('trains from plain text too', () => {
    const tok = trainBPE(['low lower newest widest', 'low low newest'], {
      vocabSize: 40,
      kind: 'classic',
      lowercase: true,
    });
    expect(tok.decode(tok.encode('Lowest').ids)).toBe('lowest');
  });
});

describe('trainBPE on an empty corpus', () => {
  it.each([
    ['an empty string', ''],
    ['no texts', []],
    ['empty and whitespace texts', ['', ' ', '\n\t \u3000']],
    ['an empty frequency table', {}],
    ['a table of whitespace', new Map([[' ', 3]])],
  ] as const)('%s is an ArgumentError, for both kinds', (_what, corpus) => {
    for (const kind of ['byte-level', 'classic'] as const) {
      const f = () => trainBPE(corpus as never, { vocabSize: 300, kind });
      expect(f).toThrow(ArgumentError);
      expect(f).toThrow(/^trainBPE\(corpus\): expected text with at least one non-whitespace character/);
    }
  });

  it('a corpus with one word trains', () => {
    expect(
      trainBPE(['  a  '], { vocabSize: 300 }).decode(trainBPE(['  a  '], { vocabSize: 300 }).encode('a').ids),
    ).toBe('a');
  });
});
