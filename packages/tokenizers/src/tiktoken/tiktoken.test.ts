import { describe, expect, it } from 'vitest';
import { tinyRanks } from '../../test/helpers';
import { ArgumentError, VocabularyError } from '../errors';
import { ENCODINGS } from './encodings';
import { fromTiktoken } from './from-tiktoken';

const EXTRA: (string | number[])[] = [
  'he',
  'll',
  'hell',
  'hello',
  ' w',
  'or',
  ' wor',
  'ld',
  ' world',
  'é',
  [0xf0, 0x9f],
];
const id = (t: string | number[]) => 256 + EXTRA.findIndex((e) => JSON.stringify(e) === JSON.stringify(t));
const make = () =>
  fromTiktoken(tinyRanks(EXTRA), {
    pattern: ENCODINGS.r50k_base!.pattern,
    specialTokens: { '<|endoftext|>': 1000, '<|pad|>': 1001 },
  });

describe('TiktokenTokenizer on a tiny rank table', () => {
  const tok = make();

  it('encodes with merges, tokens and UTF-16 offsets', () => {
    const e = tok.encode('hello world');
    expect(e.ids).toEqual([id('hello'), id(' world')]);
    expect(e.tokens).toEqual(['hello', '\u0120world']);
    expect(e.offsets).toEqual([
      [0, 5],
      [5, 11],
    ]);
    expect(e.attentionMask).toEqual([1, 1]);
    expect(tok.decode(e.ids)).toBe('hello world');
    expect(tok.vocabSize).toBe(1002);
  });

  it('widens offsets of tokens that split a character, and decodes partial bytes incrementally', () => {
    const e = tok.encode('a😀é');
    expect(e.ids).toEqual([97, id([0xf0, 0x9f]), 0x98, 0x80, id('é')]);
    expect(e.offsets).toEqual([
      [0, 1],
      [1, 3],
      [1, 3],
      [1, 3],
      [3, 4],
    ]);
    const stream = tok.decodeStream();
    expect(e.ids.map((i) => stream.write(i))).toEqual(['a', '', '', '😀', 'é']);
    expect(stream.flush()).toBe('');
    // a partial sequence alone decodes with U+FFFD, and the stream holds it back until flush
    expect(tok.decode([id([0xf0, 0x9f])])).toBe('\ufffd');
    const s2 = tok.decodeStream();
    expect(s2.write([id([0xf0, 0x9f])])).toBe('');
    expect(s2.flush()).toBe('\ufffd');
  });

  it('treats special-token text as ordinary text unless allowed', () => {
    const plain = tok.encode('a<|endoftext|>b');
    expect(plain.ids).not.toContain(1000);
    expect(tok.decode(plain.ids)).toBe('a<|endoftext|>b');
    const allowed = tok.encode('a<|endoftext|>b', { allowedSpecial: ['<|endoftext|>'] });
    expect(allowed.ids).toEqual([97, 1000, 98]);
    expect(allowed.offsets).toEqual([
      [0, 1],
      [1, 14],
      [14, 15],
    ]);
    expect(allowed.specialTokensMask).toEqual([0, 1, 0]);
    expect(tok.encode('<|pad|><|endoftext|>', { allowedSpecial: 'all' }).ids).toEqual([1001, 1000]);
    // only the listed one
    expect(tok.encode('<|pad|><|endoftext|>', { allowedSpecial: ['<|endoftext|>'] }).ids.slice(-1)).toEqual([
      1000,
    ]);
    expect(() => tok.encode('x', { allowedSpecial: ['<|nope|>'] })).toThrow(ArgumentError);
    expect(tok.decode([97, 1000, 98], { skipSpecialTokens: true })).toBe('ab');
    expect(tok.decode([97, 1000, 98])).toBe('a<|endoftext|>b');
  });

  it('looks tokens up both ways', () => {
    expect(tok.tokenToId('\u0120world')).toBe(id(' world'));
    expect(tok.idToToken(id(' world'))).toBe('\u0120world');
    expect(tok.tokenToId('<|endoftext|>')).toBe(1000);
    expect(tok.idToToken(1000)).toBe('<|endoftext|>');
    expect(tok.tokenToId('not a token')).toBeUndefined();
    expect(tok.idToToken(5000)).toBeUndefined();
    expect(() => tok.decode([5000])).toThrow(VocabularyError);
  });

  it('truncates, keeping the rest in overflowing windows', () => {
    const e = tok.encode('hello world hello', { maxLength: 2 });
    expect(e.ids).toEqual([id('hello'), id(' world')]);
    expect(e.overflowing.map((o) => o.ids)).toEqual([[32, id('hello')]]);
    const left = tok.encode('hello world hello', { maxLength: 1, truncationSide: 'left' });
    expect(left.ids).toEqual([id('hello')]);
    expect(left.offsets).toEqual([[12, 17]]);
  });

  it('pads batches (pad id required, multiple-of, left side, max_length)', () => {
    expect(() => tok.encodeBatch(['hello', 'hello world'], { padding: true })).toThrow(ArgumentError);
    const b = tok.encodeBatch(['hello', 'hello world'], { padding: true, padId: 1001 });
    expect(b.map((e) => e.ids)).toEqual([
      [id('hello'), 1001],
      [id('hello'), id(' world')],
    ]);
    expect(b.map((e) => e.attentionMask)).toEqual([
      [1, 0],
      [1, 1],
    ]);
    expect(b[0]!.offsets).toEqual([
      [0, 5],
      [0, 0],
    ]);
    const m = tok.encodeBatch(['hello', 'hello world'], {
      padding: true,
      padId: 0,
      padToMultipleOf: 4,
      paddingSide: 'left',
    });
    expect(m[0]!.ids).toEqual([0, 0, 0, id('hello')]);
    expect(m[0]!.attentionMask).toEqual([0, 0, 0, 1]);
    const ml = tok.encodeBatch(['hello world hello'], { padding: 'max_length', maxLength: 2, padId: 0 });
    expect(ml[0]!.ids).toHaveLength(2);
    expect(() => tok.encodeBatch(['a'], { padding: 'max_length' })).toThrow(ArgumentError);
  });

  it('rejects bad options with ArgumentError', () => {
    expect(() => fromTiktoken(tinyRanks([]), { pattern: '(' })).toThrow(ArgumentError);
    expect(() => fromTiktoken(tinyRanks([]), { pattern: '\\S+', specialTokens: { x: 5 } })).toThrow(
      /already the rank/,
    );
    expect(() => tok.encode(42 as unknown as string)).toThrow(ArgumentError);
  });

  it('accepts a Python-style (?i:…) contraction group', () => {
    const t = fromTiktoken(tinyRanks(["'S", "'s"]), { pattern: "(?i:'s|'t)|\\p{L}+|\\s+|[^\\s\\p{L}]+" });
    expect(t.encode("IT'S").ids).toEqual([73, 84, 256]);
    expect(t.encode("it's").ids).toEqual([105, 116, 257]);
  });
});
