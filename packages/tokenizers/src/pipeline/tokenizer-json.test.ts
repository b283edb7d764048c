import { describe, expect, it } from 'vitest';
import { FormatError } from '../errors';
import { fromTokenizerJson } from './tokenizer-json';

const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const words = [
  'hello',
  'world',
  '!',
  'un',
  '##aff',
  '##able',
  '.',
  'hi',
  ',',
  '##s',
  'the',
  'cafe',
  '[',
  ']',
  'mask',
  '中',
];
const bertVocab = Object.fromEntries([...specials, ...words].map((t, i) => [t, i]));
const BERT = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: specials.map((content, id) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  })),
  normalizer: {
    type: 'BertNormalizer',
    clean_text: true,
    handle_chinese_chars: true,
    strip_accents: null,
    lowercase: true,
  },
  pre_tokenizer: { type: 'BertPreTokenizer' },
  post_processor: {
    type: 'TemplateProcessing',
    single: [
      { SpecialToken: { id: '[CLS]', type_id: 0 } },
      { Sequence: { id: 'A', type_id: 0 } },
      { SpecialToken: { id: '[SEP]', type_id: 0 } },
    ],
    pair: [
      { SpecialToken: { id: '[CLS]', type_id: 0 } },
      { Sequence: { id: 'A', type_id: 0 } },
      { SpecialToken: { id: '[SEP]', type_id: 0 } },
      { Sequence: { id: 'B', type_id: 1 } },
      { SpecialToken: { id: '[SEP]', type_id: 1 } },
    ],
    special_tokens: {
      '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
      '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
    },
  },
  decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  model: {
    type: 'WordPiece',
    unk_token: '[UNK]',
    continuing_subword_prefix: '##',
    max_input_chars_per_word: 100,
    vocab: bertVocab,
  },
};

describe('tokenizer.json: BERT (WordPiece, BertNormalizer, BertPreTokenizer, TemplateProcessing)', () => {
  const tok = fromTokenizerJson(JSON.stringify(BERT));

  it('encodes with [CLS]/[SEP], lowercasing, accent stripping, offsets into the original text', () => {
    const e = tok.encode('Hello, World!');
    expect(e.tokens).toEqual(['[CLS]', 'hello', ',', 'world', '!', '[SEP]']);
    expect(e.offsets).toEqual([
      [0, 0],
      [0, 5],
      [5, 6],
      [7, 12],
      [12, 13],
      [0, 0],
    ]);
    expect(e.specialTokensMask).toEqual([1, 0, 0, 0, 0, 1]);
    expect(e.wordIds).toEqual([null, 0, 1, 2, 3, null]);
    const u = tok.encode('UNAFFABLE Café', { addSpecialTokens: false });
    expect(u.tokens).toEqual(['un', '##aff', '##able', 'cafe']);
    expect(u.offsets).toEqual([
      [0, 2],
      [2, 5],
      [5, 9],
      [10, 14],
    ]);
    // decomposed input: the accent is a separate code point but stays inside the word's span
    expect(tok.encode('Cafe\u0301', { addSpecialTokens: false }).offsets).toEqual([[0, 5]]);
    expect(tok.encode('中', { addSpecialTokens: false }).tokens).toEqual(['中']);
  });

  it('pairs get type ids 0 then 1', () => {
    const e = tok.encode('hello', { pair: 'the world' });
    expect(e.tokens).toEqual(['[CLS]', 'hello', '[SEP]', 'the', 'world', '[SEP]']);
    expect(e.typeIds).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('[MASK] typed in text is the special token (as Hugging Face), plain text under splitSpecialTokens', () => {
    expect(tok.encode('hello [MASK]', { addSpecialTokens: false }).ids).toEqual([5, 4]);
    const plain = ['hello', '[', 'mask', ']'];
    expect(tok.encode('hello [MASK]', { addSpecialTokens: false, splitSpecialTokens: true }).tokens).toEqual(
      plain,
    );
    expect(tok.encode('hello [MASK]', { addSpecialTokens: false, allowedSpecial: 'none' }).tokens).toEqual(
      plain,
    );
    expect(tok.encode('hello [MASK]', { addSpecialTokens: false, allowedSpecial: ['[MASK]'] }).ids).toEqual([
      5, 4,
    ]);
    const untrusted = fromTokenizerJson(tok.toTokenizerJson(), { splitSpecialTokens: true });
    expect(untrusted.encode('hello [MASK]', { addSpecialTokens: false }).tokens).toEqual(plain);
    expect(
      untrusted.encode('hello [MASK]', { addSpecialTokens: false, splitSpecialTokens: false }).ids,
    ).toEqual([5, 4]);
  });

  it('unknown words become [UNK]; decode joins ## pieces and cleans up punctuation', () => {
    const e = tok.encode('hello xyzzy!');
    expect(e.tokens).toEqual(['[CLS]', 'hello', '[UNK]', '!', '[SEP]']);
    expect(tok.oovRate('hello xyzzy!')).toEqual({ unknown: 1, total: 3, rate: 1 / 3 });
    expect(tok.decode(tok.encode('Unaffable, the world!').ids, { skipSpecialTokens: true })).toBe(
      'unaffable, the world!',
    );
    expect(tok.decode([2, 5, 3])).toBe('[CLS] hello [SEP]');
  });

  it('truncates pairs longest-first around the special tokens, pads with [PAD]', () => {
    const e = tok.encode('hello world hello world', { pair: 'hi', maxLength: 6 });
    expect(e.tokens).toEqual(['[CLS]', 'hello', 'world', '[SEP]', 'hi', '[SEP]']);
    const b = tok.encodeBatch(['hello', 'hello world !'], { padding: true });
    expect(b[0]!.ids).toEqual([2, 5, 3, 0, 0]);
    expect(b[0]!.attentionMask).toEqual([1, 1, 1, 0, 0]);
    expect(b[0]!.tokens).toEqual(['[CLS]', 'hello', '[SEP]', '[PAD]', '[PAD]']);
  });

  it('saves and loads back to the same tokenizer', () => {
    const again = fromTokenizerJson(tok.toTokenizerJson());
    for (const s of ['Hello, World!', 'UNAFFABLE Café', 'hello xyzzy!']) {
      expect(again.encode(s).toJSON()).toEqual(tok.encode(s).toJSON());
    }
    expect(again.toJSON()).toEqual(tok.toJSON());
  });
});

// SentencePiece-style BPE (Llama-2 layout): Prepend/Replace normalizer, byte fallback, Metaspace-like decoding
const spPieces = [
  '▁',
  'h',
  'e',
  'l',
  'o',
  'w',
  'r',
  'd',
  '▁h',
  'll',
  '▁he',
  '▁hell',
  '▁hello',
  '▁w',
  'or',
  '▁wor',
  '▁world',
];
const spVocab: Record<string, number> = { '<unk>': 0, '<s>': 1, '</s>': 2 };
for (let b = 0; b < 256; b++) spVocab[`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`] = 3 + b;
for (const p of spPieces) spVocab[p] = Object.keys(spVocab).length;
const SP = {
  added_tokens: [
    { id: 0, content: '<unk>', special: true },
    { id: 1, content: '<s>', special: true },
    { id: 2, content: '</s>', special: true },
  ],
  normalizer: {
    type: 'Sequence',
    normalizers: [
      { type: 'Prepend', prepend: '▁' },
      { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
    ],
  },
  pre_tokenizer: null,
  post_processor: {
    type: 'TemplateProcessing',
    single: '<s> $A',
    pair: '<s> $A <s> $B:1',
    special_tokens: { '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] } },
  },
  decoder: {
    type: 'Sequence',
    decoders: [
      { type: 'Replace', pattern: { String: '▁' }, content: ' ' },
      { type: 'ByteFallback' },
      { type: 'Fuse' },
      { type: 'Strip', content: ' ', start: 1, stop: 0 },
    ],
  },
  model: {
    type: 'BPE',
    unk_token: '<unk>',
    fuse_unk: true,
    byte_fallback: true,
    vocab: spVocab,
    merges: ['▁ h', 'l l', '▁h e', '▁he ll', '▁hell o', '▁ w', 'o r', '▁w or', '▁wor l', '▁worl d'].filter(
      (m) => {
        const [a, b] = m.split(' ');
        return `${a}${b}` in spVocab && a! in spVocab && b! in spVocab;
      },
    ),
  },
};

describe('tokenizer.json: SentencePiece-style BPE with byte fallback', () => {
  const tok = fromTokenizerJson(SP);
  it('encodes words, falls back to bytes, decodes back', () => {
    const e = tok.encode('hello world €');
    expect(e.tokens).toEqual(['<s>', '▁hello', '▁wor', 'l', 'd', '▁', '<0xE2>', '<0x82>', '<0xAC>']);
    expect(e.offsets.slice(1, 3)).toEqual([
      [0, 5],
      [5, 9],
    ]);
    expect(e.offsets.slice(-3)).toEqual([
      [12, 13],
      [12, 13],
      [12, 13],
    ]);
    expect(tok.decode(e.ids, { skipSpecialTokens: true })).toBe('hello world €');
    const stream = tok.decodeStream({ skipSpecialTokens: true });
    const pieces = e.ids.map((id) => stream.write(id)).concat(stream.flush());
    expect(pieces.join('')).toBe('hello world €');
    expect(pieces).toContain('€');
  });
});

describe('tokenizer.json: Metaspace pre-tokenizer and WordLevel', () => {
  it('Metaspace splits before ▁ and its decoder restores spaces', () => {
    const vocab = { '<unk>': 0, '▁hi': 1, '▁there': 2, '!': 3 };
    const tok = fromTokenizerJson({
      pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
      decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
      model: { type: 'WordLevel', vocab, unk_token: '<unk>' },
    });
    const e = tok.encode('hi there!');
    expect(e.tokens).toEqual(['▁hi', '<unk>']);
    expect(e.offsets).toEqual([
      [0, 2],
      [2, 9],
    ]);
    expect(tok.decode([1, 2, 3])).toBe('hi there!');
  });

  it('WordLevel with Whitespace splitting', () => {
    const tok = fromTokenizerJson({
      pre_tokenizer: { type: 'Whitespace' },
      model: { type: 'WordLevel', vocab: { '[UNK]': 0, a: 1, b: 2, '...': 3 }, unk_token: '[UNK]' },
    });
    expect(tok.encode('a b... c').ids).toEqual([1, 2, 3, 0]);
    expect(tok.decode([1, 2])).toBe('a b');
  });

  it('Split with a regex, Digits, Punctuation and Sequence', () => {
    const tok = fromTokenizerJson({
      normalizer: {
        type: 'Sequence',
        normalizers: [
          { type: 'NFKC' },
          { type: 'Lowercase' },
          { type: 'Strip', strip_left: true, strip_right: true },
        ],
      },
      pre_tokenizer: {
        type: 'Sequence',
        pretokenizers: [
          { type: 'WhitespaceSplit' },
          { type: 'Digits', individual_digits: true },
          { type: 'Punctuation', behavior: 'Isolated' },
          { type: 'Split', pattern: { Regex: 'x+' }, behavior: 'MergedWithPrevious', invert: false },
        ],
      },
      model: {
        type: 'WordLevel',
        vocab: { '[UNK]': 0, ab: 1, '1': 2, '2': 3, '!': 4, aaxx: 5, ﬁ: 6, fi: 7 },
        unk_token: '[UNK]',
      },
    });
    expect(tok.encode('  AB12! aaXXb ﬁ ').tokens).toEqual(['ab', '1', '2', '!', 'aaxx', '[UNK]', 'fi']);
    expect(tok.encode('  AB12! aaXXb ﬁ ').offsets).toEqual([
      [2, 4],
      [4, 5],
      [5, 6],
      [6, 7],
      [8, 12],
      [12, 13],
      [14, 15],
    ]);
  });
});

describe('malformed tokenizer.json gives a FormatError naming the field or line', () => {
  const err = (j: string | object): FormatError => {
    try {
      fromTokenizerJson(j);
    } catch (e) {
      if (e instanceof FormatError) return e;
      throw e;
    }
    throw new Error('no FormatError');
  };
  it.each([
    ['{"model": {"type": "BPE",\n "vocab": {}, }\n}', undefined, /invalid JSON at line 2/],
    [{}, 'model', /model: missing/],
    [{ model: { type: 'WordPair', vocab: [] } }, 'model.type', /unsupported model "WordPair"/],
    [{ model: { type: 'Unigram', vocab: [['a', 'b']] } }, 'model.vocab[0]', /expected \[piece, score\]/],
    [
      { model: { type: 'BPE', vocab: { a: 0, b: 1 }, merges: ['a b'] } },
      'model.merges[0]',
      /"ab".*not in model.vocab/,
    ],
    [{ model: { type: 'BPE', vocab: { a: 0 }, merges: ['a'] } }, 'model.merges[0]', /expected "left right"/],
    [{ model: { type: 'BPE', vocab: { a: -1 }, merges: [] } }, 'model.vocab["a"]', /non-negative integer/],
    [{ model: { type: 'WordLevel', vocab: [] } }, 'model.vocab', /expected an object/],
    [
      { model: { type: 'WordLevel', vocab: {} }, added_tokens: [{ content: 'x' }] },
      'added_tokens[0].id',
      /non-negative integer/,
    ],
    [
      { model: { type: 'WordLevel', vocab: {} }, normalizer: { type: 'Shout' } },
      'normalizer.type',
      /unsupported normalizer/,
    ],
    [
      {
        model: { type: 'WordLevel', vocab: {} },
        pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'Whitespace' }, { kind: 1 }] },
      },
      'pre_tokenizer.pretokenizers[1].type',
      /expected a string/,
    ],
    [
      { model: { type: 'WordLevel', vocab: {} }, pre_tokenizer: { type: 'Split', pattern: { Regex: '(' } } },
      'Split.pattern',
      /cannot be compiled/,
    ],
    [
      { model: { type: 'WordLevel', vocab: {} }, decoder: { type: 'CTC' } },
      'decoder.type',
      /unsupported decoder/,
    ],
    [
      {
        model: { type: 'WordLevel', vocab: {} },
        post_processor: { type: 'TemplateProcessing', single: '[CLS] $A', special_tokens: {} },
      },
      'post_processor.single',
      /not in post_processor.special_tokens/,
    ],
  ])('%#', (json, fieldName, message) => {
    const e = err(json);
    expect(e.message).toMatch(message);
    if (fieldName) expect(e.field).toBe(fieldName);
    else expect(e.line).toBe(2);
  });
});
