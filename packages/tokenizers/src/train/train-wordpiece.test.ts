// trainWordPiece: the trained vocabulary tokenizes a few hundred sentences (accents, CJK, many scripts)
// exactly as a Python re-implementation of BERT's BasicTokenizer + greedy longest-match WordPiece does
// (tooling/fixtures/tokenizers/gen_wordpiece.py), and the vocabulary is the one that reference used.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromBertVocab } from '../bert';
import { ArgumentError } from '../errors';
import { saveWordPiece } from '../node';
import { fromTokenizerJson } from '../pipeline/tokenizer-json';
import { trainWordPiece, wordPieceVocabText } from './train-wordpiece';

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8');
const sentences: string[] = fixture('wordpiece-sentences.txt')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
const python: { tokens: string[][] } = JSON.parse(fixture('wordpiece.python.json'));

describe('trainWordPiece', () => {
  const tok = trainWordPiece(sentences, { vocabSize: 1500 });

  it('learns the vocabulary the Python reference tokenized with (specials first, ## pieces)', () => {
    expect(wordPieceVocabText(tok)).toBe(fixture('wordpiece-vocab.txt'));
    const vocab = tok.getVocab();
    expect(vocab.size).toBe(1500);
    expect([...vocab].filter(([, id]) => id < 5).map(([t]) => t)).toEqual([
      '[PAD]',
      '[UNK]',
      '[CLS]',
      '[SEP]',
      '[MASK]',
    ]);
    expect([...vocab.keys()].filter((t) => t.startsWith('##')).length).toBeGreaterThan(100);
    expect(vocab.has('the')).toBe(true);
  });

  it(`tokenizes ${sentences.length} sentences exactly as BERT's BasicTokenizer + WordPiece in Python`, () => {
    expect(sentences.length).toBeGreaterThanOrEqual(300);
    let mismatches = 0;
    sentences.forEach((s, i) => {
      const got = tok.encode(s, { addSpecialTokens: false }).tokens;
      if (got.join(' ') !== python.tokens[i]!.join(' ')) mismatches++;
      expect(got, s).toEqual(python.tokens[i]);
    });
    expect(mismatches).toBe(0);
    const cjk = sentences.findIndex((s) => s.startsWith('我喜欢'));
    expect(python.tokens[cjk]!.slice(0, 3)).toEqual(['我', '喜', '欢']); // CJK split per ideograph
  });

  it('adds [CLS] … [SEP] … [SEP] with type ids, and the saved vocab.txt / tokenizer.json reload identically', () => {
    const e = tok.encode('Le chat.', { pair: 'The cat.' });
    expect(e.tokens.filter((t) => t === '[SEP]').length).toBe(2);
    expect(e.tokens[0]).toBe('[CLS]');
    const firstB = e.tokens.indexOf('[SEP]') + 1;
    expect(e.typeIds.slice(0, firstB).every((t) => t === 0)).toBe(true);
    expect(e.typeIds.slice(firstB).every((t) => t === 1)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'glossa-wp-'));
    try {
      const files = saveWordPiece(tok, dir);
      const fromVocab = fromBertVocab(readFileSync(files.vocab, 'utf8'));
      const fromJson = fromTokenizerJson(readFileSync(files.tokenizerJson, 'utf8'));
      for (const s of sentences.slice(0, 50)) {
        const ids = tok.encode(s).ids;
        expect(fromVocab.encode(s).ids).toEqual(ids);
        expect(fromJson.encode(s).ids).toEqual(ids);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('merges most frequent pairs first and respects minFrequency', () => {
    const t = trainWordPiece(['low low low low lower lower newest newest newest widest'], {
      vocabSize: 40,
      minFrequency: 3,
    });
    const v = [...t.getVocab().keys()];
    expect(v).toContain('low'); // l ##o ##w: 6 times
    expect(v).toContain('##est'); // newest ×3, widest ×1
    expect(v.indexOf('low')).toBeLessThan(v.indexOf('##est'));
    expect(v).not.toContain('wi'); // once
    expect(t.encode('lowest', { addSpecialTokens: false }).tokens[0]).toBe('low');
  });

  it('rejects bad options with an ArgumentError naming them', () => {
    expect(() => trainWordPiece(['a b'], { vocabSize: 3 })).toThrow(/vocabSize/);
    expect(() => trainWordPiece(['a b'], { vocabSize: 50, minFrequency: 0 })).toThrow(/minFrequency/);
    expect(() => trainWordPiece(['a b'], { vocabSize: 50, specialTokens: ['[UNK]'] })).toThrow(ArgumentError);
    expect(() => trainWordPiece(['   '], { vocabSize: 50 })).toThrow(/corpus/);
    expect(() => trainWordPiece([3 as never], { vocabSize: 50 })).toThrow(ArgumentError);
  });
});
