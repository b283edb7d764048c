import { describe, expect, it } from 'vitest';
import { scanTokenizerJsonBytes } from './json-bytes';
import { type ScannedVocab, scanTokenizerJson } from './json-scan';
import type { BPESegmenter } from './segmenters/bpe';
import { mergePairs } from './segmenters/merge-rules';
import { fromTokenizerJson } from './tokenizer-json';

const utf8 = (s: string) => new TextEncoder().encode(s);
/** A seeded generator of numbers in [0, 1) (mulberry32; this file also runs in Chromium, so no test helpers that read files). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('scanTokenizerJsonBytes', () => {
  const json = {
    added_tokens: [{ id: 9, content: '"q"', special: true }],
    model: {
      type: 'BPE',
      vocab: { a: 0, b: 1, ab: 2, '"': 3, '"a': 4, 'é\\': 6, é: 7, '\\': 8, 'ab"a': 5 },
      merges: ['a b', '" a', 'é \\', 'ab "a'],
      dropout: null,
    },
    decoder: { type: 'ByteLevel' },
  };

  it('reads the vocabulary and builds the merge rules from the bytes (both merge forms, escapes, indentation)', () => {
    const pairs = { ...json, model: { ...json.model, merges: json.model.merges.map((m) => m.split(' ')) } };
    for (const text of [
      JSON.stringify(json),
      JSON.stringify(json, null, 2),
      JSON.stringify(pairs, null, 4),
      // \u escapes, both parts of a pair escaped
      JSON.stringify(pairs).replace(/é/g, '\\u00e9').replace(/\\"a/g, '\\u0022a'),
      JSON.stringify(json).replace(/é/g, '\\u00E9'),
    ]) {
      const s = scanTokenizerJsonBytes(utf8(text))!;
      expect(s).not.toBeNull();
      expect(s.vocab!.tokens).toEqual(['a', 'b', 'ab', '"', '"a', 'ab"a', 'é\\', 'é', '\\']);
      const { left, right, result, ranks } = s.merges!.rules;
      expect([...left]).toEqual([0, 3, 7, 2]);
      expect([...right]).toEqual([1, 0, 8, 4]);
      expect([...result]).toEqual([2, 4, 6, 5]);
      expect(ranks.get(3, 0)).toBe(1);
      expect(ranks.get(0, 3)).toBe(-1);
      expect(s.merges!.pairs()).toEqual(mergePairs(scanTokenizerJson(text)!.merges!));
      expect(JSON.parse(s.rest)).toEqual({ ...json, model: { ...json.model, vocab: {}, merges: [] } });
    }
  });

  it('reads files longer than its window, growing its arrays (the same tokenizer as from text)', () => {
    // every string over "abcd" up to 6 letters, each merge of a token's every split: 5,460 tokens and
    // 25,488 merges (more than twice the tokens), 400 kB, escapes and indentation here and there
    const tokens: string[] = [''];
    const vocab: Record<string, number> = {};
    const merges: string[] = [];
    for (let len = 1; len <= 6; len++) {
      for (const t of tokens.filter((t) => t.length === len - 1)) for (const c of 'abcd') tokens.push(t + c);
    }
    tokens.shift();
    for (const [i, t] of tokens.entries()) vocab[t] = i;
    for (const t of tokens) for (let k = 1; k < t.length; k++) merges.push(`${t.slice(0, k)} ${t.slice(k)}`);
    const model = { type: 'BPE', vocab, merges };
    const texts = [
      JSON.stringify({ model }, null, 1).replace(/"dcba"/g, '"\\u0064cba"'),
      JSON.stringify({ model: { ...model, merges: merges.map((m) => m.split(' ')) } }),
      // a vocabulary alone, 30,000 tokens: its arrays grow several times
      JSON.stringify({
        model: {
          type: 'BPE',
          vocab: Object.fromEntries(Array.from({ length: 30000 }, (_, i) => [`t${i.toString(36)}`, i])),
          merges: [],
        },
      }),
    ];
    for (const text of texts) {
      const s = scanTokenizerJsonBytes(utf8(text))!;
      expect(s).not.toBeNull();
      const t = scanTokenizerJson(text)!;
      expect(s.vocab!.tokens).toEqual((t.vocab as ScannedVocab).tokens);
      expect(s.merges!.pairs()).toEqual(mergePairs(t.merges!));
      const fromBytes = fromTokenizerJson(utf8(text));
      const fromText = fromTokenizerJson(text);
      for (const id of [0, 1, 77, 1000, 5459, 29999])
        expect(fromBytes.idToToken(id)).toBe(fromText.idToToken(id));
      for (const token of ['dcba', 't1', 'tzz', 'abcdab'])
        expect(fromBytes.tokenToId(token)).toBe(fromText.tokenToId(token));
      if (s.merges!.count > 0)
        for (const input of ['abcdabcdddcba', 'dcbadcbaabab'])
          expect(fromBytes.encode(input).ids).toEqual(fromText.encode(input).ids);
    }
    const { ranks, result } = scanTokenizerJsonBytes(utf8(texts[0]!))!.merges!.rules;
    expect(ranks.get(vocab.ab!, vocab.cd!)).toBe(merges.indexOf('ab cd'));
    expect(result[merges.indexOf('dcb a')]).toBe(vocab.dcba);
  });

  it('an entry longer than the window goes to the text path: the same tokenizer', () => {
    const long = 'x'.repeat(300000);
    const vocab: Record<string, number> = {};
    for (let i = 0; i < 40000; i++) vocab[i === 20000 ? long : `t${i.toString(36)}`] = i;
    const text = JSON.stringify({ model: { type: 'BPE', vocab, merges: [] } });
    expect(scanTokenizerJsonBytes(utf8(text))).toBeNull();
    for (const tok of [fromTokenizerJson(utf8(text)), fromTokenizerJson(text)]) {
      expect(tok.tokenToId(long)).toBe(20000);
      expect(tok.idToToken(39999)).toBe(`t${(39999).toString(36)}`);
    }
  });

  it('random valid spellings of one file (escapes of every kind, whitespace, both merge forms) read as its text', () => {
    // tokens over an alphabet of characters JSON must or may escape, merges joining pairs of them;
    // each file spells every string at random: raw, short escapes, \u escapes (surrogate pairs for
    // astral characters, either case of hex), with random whitespace between the syntax
    const alphabet = [
      'a',
      'é',
      '中',
      '😀',
      '"',
      '\\',
      '/',
      '\n',
      '\t',
      '\b',
      '\f',
      '\r',
      '\u0001',
      '\u007f',
      '\u2028',
      'Ġ',
    ];
    const r = rng(2024);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    const spaces = () => ['', '', ' ', '\n  ', '\t', '\r\n'][Math.floor(r() * 6)]!;
    const hex = (c: number) => {
      const h = c.toString(16).padStart(4, '0');
      return `\\u${r() < 0.5 ? h : h.toUpperCase()}`;
    };
    const SHORT: Record<string, string> = {
      '"': '\\"',
      '\\': '\\\\',
      '/': '\\/',
      '\b': '\\b',
      '\f': '\\f',
      '\n': '\\n',
      '\r': '\\r',
      '\t': '\\t',
    };
    const spell = (t: string) => {
      let out = '"';
      for (const ch of t) {
        const c = ch.codePointAt(0)!;
        const must = ch === '"' || ch === '\\' || c < 0x20;
        const x = r();
        if (SHORT[ch] !== undefined && (must ? x < 0.6 : x < 0.3)) out += SHORT[ch];
        else if (must || x < 0.5)
          out +=
            c > 0xffff ? hex(0xd800 + ((c - 0x10000) >> 10)) + hex(0xdc00 + ((c - 0x10000) & 0x3ff)) : hex(c);
        else out += ch;
      }
      return `${out}"`;
    };
    for (let file = 0; file < 40; file++) {
      const vocab = new Map<string, number>();
      const add = (t: string) => vocab.has(t) || vocab.set(t, vocab.size);
      for (const ch of alphabet) add(ch);
      const merges: [string, string][] = [];
      for (let m = 0; m < 60; m++) {
        const tokens = [...vocab.keys()];
        const a = pick(tokens);
        const b = pick(tokens);
        if (vocab.has(a + b)) continue;
        add(a + b);
        merges.push([a, b]);
      }
      const pairs = file % 2 === 1 || merges.some(([a, b]) => a.includes(' ') || b.includes(' '));
      const entries = [...vocab].map(([t, id]) => `${spaces()}${spell(t)}${spaces()}:${spaces()}${id}`);
      const mergeText = merges.map(([a, b]) =>
        pairs
          ? `${spaces()}[${spaces()}${spell(a)}${spaces()},${spaces()}${spell(b)}${spaces()}]`
          : spell(`${a} ${b}`),
      );
      const text = `{${spaces()}"model"${spaces()}:${spaces()}{"type":"BPE",${spaces()}"vocab":${spaces()}{${entries.join(',')}${spaces()}},${spaces()}"merges":${spaces()}[${mergeText.join(`,${spaces()}`)}${spaces()}]}}`;
      const fromText = scanTokenizerJson(text)!;
      expect([...(fromText.vocab as ScannedVocab).tokens]).toEqual([...vocab.keys()]); // the spelling is valid JSON
      const s = scanTokenizerJsonBytes(utf8(text))!;
      expect(s, text).not.toBeNull();
      expect(s.vocab!.tokens).toEqual((fromText.vocab as ScannedVocab).tokens);
      expect(s.merges!.pairs()).toEqual(merges);
      expect(mergePairs(fromText.merges!)).toEqual(merges);
    }
  });

  it('keeps the first rank of a repeated merge, places ids given out of order, and the larger id of a repeated token', () => {
    const text =
      '{"model":{"type":"BPE","vocab":{"b":1,"ab":2,"a":0,"x":3,"x":4,"xx":5},"merges":["a b","x x","a b"]}}';
    const s = scanTokenizerJsonBytes(utf8(text))!;
    expect(s.vocab!.tokens).toEqual(['a', 'b', 'ab', 'x', 'x', 'xx']);
    const { ranks, left, right, result } = s.merges!.rules;
    expect(ranks.get(0, 1)).toBe(0);
    expect([left[1], right[1], result[1]]).toEqual([4, 4, 5]);
    expect(ranks.get(4, 4)).toBe(1);
  });

  it('leaves to the text path what it does not read (the same tokenizer either way)', () => {
    const cases = [
      '{"model":{"vocab":{"a":1.5}}}',
      '{"model":{"vocab":{"a":01}}}',
      '{"model":{"vocab":{"a":-1}}}',
      '{"model":{"vocab":{"a":0,"b":1},"merges":["a b c"]}}',
      '{"model":{"vocab":{"a":0,"b":1},"merges":["a b"]}}', // "ab" is not a token: an error to report
      '{"model":{"merges":["a b"],"vocab":{"a":0,"b":1,"ab":2}}}', // merges first
      '{"model":{"type":"Unigram","vocab":[["a",0]]}}',
      '{"model":{"vocab":{"a\u0001":0}}}', // a raw control char
      '\ufeff{"model":{"vocab":{"a":0}}}',
      '{"model":{"vocab":{"a\\ud800":0}}}', // a lone surrogate
      '{"normalizer":null}',
      '[1, 2]',
    ];
    for (const c of cases) expect(scanTokenizerJsonBytes(utf8(c))).toBeNull();
    const invalid = Uint8Array.of(...utf8('{"model":{"vocab":{"'), 0xc3, ...utf8('":0}}}'));
    expect(scanTokenizerJsonBytes(invalid)).toBeNull();
  });

  it('a continuing-subword prefix rebuilds the rules from the token pairs', () => {
    const text = JSON.stringify({
      model: {
        type: 'BPE',
        continuing_subword_prefix: '##',
        vocab: { a: 0, '##b': 1, ab: 2, 'a##b': 3 },
        merges: ['a ##b'],
      },
    });
    expect(scanTokenizerJsonBytes(utf8(text))).not.toBeNull(); // "a##b" happens to be a token
    const fromBytes = fromTokenizerJson(utf8(text));
    const fromText = fromTokenizerJson(text);
    expect((fromBytes.segmenter as BPESegmenter).mergeRules.result[0]).toBe(2);
    expect((fromText.segmenter as BPESegmenter).mergeRules.result[0]).toBe(2);
    expect(fromBytes.encode('ab').ids).toEqual(fromText.encode('ab').ids);
  });

  it('looks tokens up through the byte index (no second index), lone surrogates never match', () => {
    const tok = fromTokenizerJson(
      utf8('{"model":{"type":"BPE","vocab":{"a":0,"\ufffd":1,"😀":2},"merges":[]}}'),
    );
    expect(tok.tokenToId('😀')).toBe(2);
    expect(tok.tokenToId('\ufffd')).toBe(1);
    expect(tok.tokenToId('\ud800')).toBeUndefined();
    expect(tok.tokenToId('b')).toBeUndefined();
  });
});
