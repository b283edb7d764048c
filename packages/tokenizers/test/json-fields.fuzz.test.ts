// Field-level fuzzing of tokenizer.json: valid JSON whose fields hold the wrong types or values (a number
// where an object belongs, ids of 1e300, empty or broken regexes, parts of the file moved elsewhere).
// Byte-level fuzzing (fuzz.test.ts) mostly breaks the JSON syntax; this reaches the readers of each field.
// Every case must load and encode, or throw a TokenizerError — never a TypeError/RangeError or a hang.
import { describe, expect, it } from 'vitest';
import { fromBertVocab } from '../src/bert';
import { fromTokenizerJson, type PipelineTokenizer, TokenizerError, trainBPE } from '../src/index';
import { rng } from './helpers';

const CASES = Number(process.env.GLOSSA_FUZZ_CASES ?? 2000);
const TEXT = 'the cat  sat, héllo 中文 😀a <s> </s>\u0301 \ud800x';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);

/** A small SentencePiece-style BPE (Llama 2 shape: Prepend + Replace, byte fallback, fused unknowns). */
const sentencePiece: Json = {
  version: '1.0',
  added_tokens: ['<unk>', '<s>', '</s>'].map((content, id) => ({
    id,
    content,
    special: true,
    normalized: false,
  })),
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
    single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
    pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
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
    vocab: Object.fromEntries(
      [
        '<unk>',
        '<s>',
        '</s>',
        '<0x41>',
        '<0xC3>',
        '<0xA9>',
        '▁',
        't',
        'h',
        'e',
        '▁t',
        '▁th',
        '▁the',
        'a',
        'c',
        '▁c',
        '▁ca',
        '▁cat',
      ].map((t, i) => [t, i]),
    ),
    merges: ['▁ t', '▁t h', '▁th e', '▁ c', '▁c a', '▁ca t'],
  },
};

/** A small Unigram model with a Metaspace pre-tokenizer. */
const unigram: Json = {
  version: '1.0',
  added_tokens: [{ id: 0, content: '<unk>', special: true, normalized: false }],
  normalizer: { type: 'NFKC' },
  pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
  decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
  model: {
    type: 'Unigram',
    unk_id: 0,
    byte_fallback: false,
    vocab: [
      ['<unk>', 0],
      ['▁', -2],
      ['▁the', -3],
      ['t', -4],
      ['h', -4],
      ['e', -4],
      ['▁cat', -5],
      ['a', -4.5],
    ],
  },
};

const corpus = ['the cat sat on the mat', 'the dog sat on the log', 'héllo wörld 中文 😀'];
const INPUTS: Json[] = [
  JSON.parse(trainBPE(corpus, { vocabSize: 280, specialTokens: ['<|endoftext|>'] }).toTokenizerJson()),
  JSON.parse(trainBPE(corpus, { vocabSize: 60, kind: 'classic' }).toTokenizerJson()),
  JSON.parse(fromBertVocab('[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nthe\ncat\n##s\nsat\n,\n.').toTokenizerJson()),
  sentencePiece,
  unigram,
];

/** Values of the wrong type, out of range, or hostile: what a hand-edited or corrupt file may hold. */
const ODD: Json[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e300,
  -1e300,
  2 ** 31,
  2 ** 53,
  1e9,
  '',
  'x',
  '▁',
  '\\X',
  '(',
  '[a-',
  '(?<=a)b',
  'a*',
  '',
  '(?i:x)',
  '\\p{Nope}',
  [],
  [1],
  ['a', 'b'],
  [[]],
  {},
  { Regex: '' },
  { String: '' },
  { Regex: '(' },
  { Regex: 5 } as Json,
  { type: 'Sequence' },
  { type: 'Nope' },
  { type: 'Split', pattern: 5 } as Json,
  'a'.repeat(5000),
];

/** Paths to every value in `j`. */
function paths(
  j: Json,
  at: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(at);
  if (Array.isArray(j)) for (let i = 0; i < j.length; i++) paths(j[i]!, [...at, i], out);
  else if (j && typeof j === 'object') for (const k of Object.keys(j)) paths(j[k]!, [...at, k], out);
  return out;
}

function getAt(j: Json, p: (string | number)[]): Json {
  let v = j;
  for (const k of p) v = (v as Record<string | number, Json>)[k]!;
  return v;
}

/** A copy of `src` with one to three fields replaced, deleted or swapped with another part of the file. */
function mutateFields(r: Rand, src: Json): Json {
  const j = structuredClone(src);
  const all = paths(j).filter((p) => p.length > 0);
  for (let k = 1 + int(r, 3); k > 0; k--) {
    const p = all[int(r, all.length)]!;
    let parent: Json;
    try {
      parent = getAt(j, p.slice(0, -1));
    } catch {
      continue; // an earlier mutation removed it
    }
    if (!parent || typeof parent !== 'object') continue;
    const key = p[p.length - 1]!;
    const box = parent as Record<string | number, Json>;
    const op = int(r, 4);
    if (op === 0 && !Array.isArray(parent)) delete box[key];
    else if (op === 1) box[key] = structuredClone(getAt(src, all[int(r, all.length)]!) ?? null);
    else box[key] = structuredClone(ODD[int(r, ODD.length)]!);
  }
  return j;
}

/** Loads (from text and from the object), encodes, decodes: a result or a TokenizerError. */
function exercise(j: Json): void {
  const toks: PipelineTokenizer[] = [fromTokenizerJson(JSON.stringify(j))];
  if (j && typeof j === 'object' && !Array.isArray(j))
    toks.push(fromTokenizerJson(structuredClone(j) as object));
  for (const tok of toks) {
    const e = tok.encode(TEXT);
    void e.offsets;
    void e.tokens;
    tok.decode(e.ids);
    tok.encode(TEXT, { pair: 'and a pair' });
  }
}

describe('tokenizer.json with wrong field types and values', () => {
  it('each field error is typed (Split pattern, CharDelimiterSplit, ids out of range, far-apart ids)', () => {
    const base = INPUTS[0] as Record<string, Json>;
    const withField = (f: (j: Record<string, Json>) => void) => {
      const j = structuredClone(base);
      f(j);
      return () => fromTokenizerJson(JSON.stringify(j));
    };
    const split = (pattern: Json) =>
      withField((j) => {
        j.pre_tokenizer = { type: 'Split', pattern, behavior: 'Isolated', invert: false };
      });
    for (const p of [5, 'x', true, [1], null, { Regex: 5 }]) {
      expect(split(p)).toThrowError(
        /pre_tokenizer\.pattern: expected \{"String": "…"\} or \{"Regex": "…"\}, received/,
      );
      expect(split(p)).toThrowError(TokenizerError);
    }
    expect(withField((j) => (j.pre_tokenizer = { type: 'CharDelimiterSplit', delimiter: '' }))).toThrowError(
      /pre_tokenizer\.delimiter: expected one character, received "" \(string\)/,
    );
    const vocab = (base.model as Record<string, Record<string, Json>>).vocab!;
    const first = Object.keys(vocab)[3]!;
    for (const id of [1e300, -1, 1.5, 2 ** 31]) {
      expect(
        withField((j) => ((j.model as Record<string, Record<string, Json>>).vocab![first] = id)),
      ).toThrowError(/model\.vocab\[".*"\]: expected a non-negative integer id, received/);
    }
    expect(
      withField((j) => ((j.model as Record<string, Record<string, Json>>).vocab![first] = 1e9)),
    ).toThrowError(/model\.vocab: id 1000000000 is far beyond the vocabulary's \d+ tokens/);
    for (const type of ['WordLevel', 'WordPiece']) {
      expect(
        withField((j) => (j.model = { type, vocab: { the: 0, '[UNK]': 1e300 }, unk_token: '[UNK]' })),
      ).toThrowError(
        /model\.vocab\["\[UNK\]"\]: expected a non-negative integer id, received 1e\+300 \(number\)/,
      );
    }
    expect(
      withField(
        (j) => (j.post_processor = { type: 'BertProcessing', sep: ['[SEP]', 1e300], cls: ['[CLS]', 1] }),
      ),
    ).toThrowError(
      /post_processor\.sep\[1\]: expected a non-negative integer id up to 2147483647, received 1e\+300/,
    );
    expect(withField((j) => ((j.added_tokens as Record<string, Json>[])[0]!.id = 1e300))).toThrowError(
      /added_tokens\[0\]\.id: expected a non-negative integer id up to 2147483647, received 1e\+300/,
    );
  });

  it('a Split regex that matches empty strings (even "") splits as native Hugging Face does: nowhere, no hang before an emoji', () => {
    // native HF (npm tokenizers 0.23) gives these ids the same as without the Split: checked by hand,
    // the empty matches of Oniguruma make no pieces. glossa looped forever before a surrogate pair.
    const base = INPUTS[0] as Record<string, Json>;
    const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false };
    const plain = fromTokenizerJson(JSON.stringify({ ...base, pre_tokenizer: byteLevel }));
    const text = 'a 😀 b😀😀 é';
    for (const pattern of [{ Regex: '' }, { String: '' }, { Regex: '(?=q)' }, { Regex: 'q*' }]) {
      for (const behavior of ['Isolated', 'Removed', 'MergedWithNext', 'Contiguous']) {
        const j = {
          ...base,
          pre_tokenizer: {
            type: 'Sequence',
            pretokenizers: [{ type: 'Split', pattern, behavior, invert: false }, byteLevel],
          },
        };
        expect(fromTokenizerJson(JSON.stringify(j)).encode(text).ids).toEqual(plain.encode(text).ids);
      }
    }
  });

  it(`${CASES} field mutations of BPE, WordPiece, SentencePiece and Unigram files give a tokenizer or a typed error, quickly`, () => {
    const r = rng(23);
    let ok = 0;
    let typed = 0;
    let slowest = 0;
    for (let i = 0; i < CASES; i++) {
      const j = mutateFields(r, INPUTS[i % INPUTS.length]!);
      const t = performance.now();
      try {
        exercise(j);
        ok++;
      } catch (e) {
        if (!(e instanceof TokenizerError)) {
          throw new Error(`case ${i}: untyped ${String(e)} for ${JSON.stringify(j).slice(0, 600)}…`, {
            cause: e,
          });
        }
        typed++;
      }
      slowest = Math.max(slowest, performance.now() - t);
    }
    expect(ok + typed).toBe(CASES);
    expect(ok).toBeGreaterThan(CASES / 10);
    expect(typed).toBeGreaterThan(CASES / 10);
    expect(slowest).toBeLessThan(2000);
  });
});
