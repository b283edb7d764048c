import { describe, expect, it } from 'vitest';
import { randomText, rng } from '../../test/helpers';
import { trainBPE } from '../train/train-bpe';
import type { JsonObject } from './json';
import { PipelineTokenizer } from './pipeline-tokenizer';
import { fromTokenizerJson } from './tokenizer-json';

/** The fast encoder's kind, or null. */
function fastOf(tok: PipelineTokenizer): string | null {
  return tok.fastPath;
}

function general(tok: PipelineTokenizer): PipelineTokenizer {
  return new PipelineTokenizer({
    normalizer: tok.normalizer,
    preTokenizer: tok.preTokenizer,
    segmenter: tok.segmenter,
    postProcessor: tok.postProcessor,
    addedTokens: tok.added.tokens,
    fastPaths: false,
  });
}

function texts(seed: number, n: number): string[] {
  const r = rng(seed);
  const out = [
    '',
    ' ',
    'hello world',
    '  leading and trailing  ',
    'a\u0085b\ufeffc',
    'x'.repeat(500),
    '\n\n\n',
  ];
  for (let i = 0; i < n; i++) out.push(randomText(r, 1 + Math.floor(r() * 60)));
  out.push(randomText(r, 3000));
  return out;
}

function expectSame(tok: PipelineTokenizer, samples: string[]): void {
  const slow = general(tok);
  for (const t of samples) {
    const a = tok.encode(t);
    const b = slow.encode(t);
    expect(a.ids, JSON.stringify(t)).toEqual(b.ids);
    expect(a.offsets, JSON.stringify(t)).toEqual(b.offsets);
    expect(a.wordIds, JSON.stringify(t)).toEqual(b.wordIds);
  }
}

const corpus = Array.from({ length: 200 }, (_, i) => randomText(rng(i), 50, false));
corpus.push('the quick brown fox jumps over the lazy dog, 1234567 times. '.repeat(30));

describe('byte-level BPE fast path', () => {
  const trained = trainBPE(corpus, { vocabSize: 700, specialTokens: ['<|endoftext|>'] });
  const json = trained.toJSON();

  it('is chosen for the cl100k split (trainBPE, Llama 3), the one-digit variant (Qwen), GPT-2 ByteLevel and any regex', () => {
    const shapes: [string, JsonObject][] = [
      ['cl100k', json.pre_tokenizer as JsonObject],
      [
        'qwen',
        {
          type: 'Sequence',
          pretokenizers: [
            {
              type: 'Split',
              pattern: {
                Regex:
                  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
              },
              behavior: 'Isolated',
              invert: false,
            },
            { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
          ],
        },
      ],
      ['gpt2', { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true }],
      [
        'regex',
        {
          type: 'Sequence',
          pretokenizers: [
            { type: 'Split', pattern: { Regex: '\\w+|[^\\w\\s]+' }, behavior: 'Isolated', invert: false },
            { type: 'ByteLevel', add_prefix_space: false, use_regex: false },
          ],
        },
      ],
    ];
    for (const [name, pre] of shapes) {
      for (const ignore of [false, true]) {
        for (const normalizer of [null, { type: 'NFC' }]) {
          const tok = fromTokenizerJson({
            ...json,
            normalizer,
            pre_tokenizer: pre,
            model: { ...(json.model as JsonObject), ignore_merges: ignore },
          });
          expect(fastOf(tok), name).toBe('byte-level BPE');
          expectSame(tok, texts(name.length, 40));
        }
      }
    }
  });

  it('special and added tokens (normalized or not) split the text around the fast encoder', () => {
    const tok = fromTokenizerJson({
      ...json,
      added_tokens: [
        { id: 0, content: '<|endoftext|>', special: true, normalized: true },
        { id: 700, content: 'fox', special: false, normalized: false, lstrip: true },
        { id: 701, content: '[X]', special: true, normalized: false, rstrip: true, single_word: true },
      ],
    });
    expect(fastOf(tok)).toBe('byte-level BPE');
    const samples = [
      'a<|endoftext|>b fox  [X]  z',
      'quick fox[X] x [X]',
      '<|endoftext|><|endoftext|>',
      ...texts(3, 20),
    ];
    expectSame(tok, samples);
    expect(tok.encode('a fox').ids.at(-1)).toBe(700);
    expect(tok.encode('a fox').offsets.at(-1)).toEqual([1, 5]); // lstrip takes the space
    expect(tok.encode('y[X]').ids).not.toContain(701); // single_word: a word char touches it
  });

  it('is not chosen with a prefix space, a Unicode normalizer other than NFC, or an end-of-word suffix', () => {
    const pre = { type: 'ByteLevel', add_prefix_space: true, use_regex: true };
    expect(fastOf(fromTokenizerJson({ ...json, pre_tokenizer: pre }))).toBeNull();
    expect(fastOf(fromTokenizerJson({ ...json, normalizer: { type: 'NFKC' } }))).toBeNull();
    const model = { ...(json.model as JsonObject), end_of_word_suffix: '</w>' };
    expect(fastOf(fromTokenizerJson({ ...json, model }))).toBeNull();
  });
});

/** A tiny SentencePiece-style BPE (words as `▁word`, greedy most-frequent merges) as tokenizer.json. */
function sentencePieceJson(lines: string[], merges: number, extra: [string, string][] = []): JsonObject {
  const words = new Map<string, number>();
  for (const l of lines)
    for (const w of l.split(' ')) if (w) words.set(`▁${w}`, (words.get(`▁${w}`) ?? 0) + 1);
  let seqs = [...words].map(([w, n]) => ({ syms: Array.from(w), n }));
  const vocab = new Map<string, number>([
    ['<unk>', 0],
    ['<s>', 1],
    ['</s>', 2],
  ]);
  for (let b = 0; b < 256; b++) vocab.set(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`, vocab.size);
  for (const s of seqs) for (const c of s.syms) if (!vocab.has(c)) vocab.set(c, vocab.size);
  const out: [string, string][] = [];
  for (let k = 0; k < merges; k++) {
    const counts = new Map<string, number>();
    for (const s of seqs)
      for (let i = 0; i + 1 < s.syms.length; i++) {
        const key = `${s.syms[i]}\u0000${s.syms[i + 1]}`;
        counts.set(key, (counts.get(key) ?? 0) + s.n);
      }
    const best = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (!best) break;
    const [a, b] = best[0].split('\u0000') as [string, string];
    out.push([a, b]);
    if (!vocab.has(a + b)) vocab.set(a + b, vocab.size);
    seqs = seqs.map((s) => {
      const syms: string[] = [];
      for (let i = 0; i < s.syms.length; i++) {
        if (i + 1 < s.syms.length && s.syms[i] === a && s.syms[i + 1] === b) {
          syms.push(a + b);
          i++;
        } else syms.push(s.syms[i]!);
      }
      return { syms, n: s.n };
    });
  }
  for (const [a, b] of extra) for (const t of [a, b, a + b]) if (!vocab.has(t)) vocab.set(t, vocab.size);
  out.unshift(...extra); // first: they win over the learned merges
  return {
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
    model: {
      type: 'BPE',
      unk_token: '<unk>',
      fuse_unk: true,
      byte_fallback: true,
      vocab: Object.fromEntries(vocab),
      merges: out.map(([a, b]) => [a, b]),
    },
  };
}

describe('SentencePiece BPE fast path', () => {
  const lines = corpus.slice(0, 80).concat(['<b> hello </b> <i>x</i>', 'one two three four five six seven']);
  // a merge across a word start ('>' + '▁'), as Gemma 3 has ('>▁</'): no cut may fall after '>'
  const spJson = sentencePieceJson(lines, 300, [
    ['>', '▁'],
    ['>▁', '<'],
  ]);

  it('equals the general pipeline (Llama 2 shape: Prepend + Replace; Gemma shape: Replace + Split on spaces)', () => {
    const llama2 = fromTokenizerJson(spJson);
    expect(fastOf(llama2)).toBe('SentencePiece BPE');
    const samples = [
      ...texts(11, 60),
      'a> <b c>  <d',
      '>>  > > <',
      '<s>x</s> y',
      ' lead',
      ...lines.slice(0, 20),
    ];
    expectSame(llama2, samples);
    expect(llama2.encode('x> <y').tokens).toContain('>▁<');
    const gemma = fromTokenizerJson({
      ...spJson,
      normalizer: { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
      pre_tokenizer: {
        type: 'Split',
        pattern: { String: ' ' },
        behavior: 'MergedWithPrevious',
        invert: false,
      },
    });
    expect(fastOf(gemma)).toBe('SentencePiece BPE');
    expectSame(gemma, samples);
  });

  it('unknown chars: byte fallback, or fused unknown tokens without it', () => {
    const model = { ...(spJson.model as JsonObject), byte_fallback: false };
    const tok = fromTokenizerJson({ ...spJson, model });
    expect(fastOf(tok)).toBe('SentencePiece BPE');
    expectSame(tok, [...texts(12, 40), '漢字漢字 x 漢', '😀😀']);
    expect(tok.encode('漢字漢', { addSpecialTokens: false }).tokens).toEqual(['▁', '<unk>']);
  });
});
