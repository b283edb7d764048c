// Every shipped encoding, id for id against js-tiktoken and gpt-tokenizer (devDependencies), on seeded random
// text (every script, emoji sequences, combining marks, whitespace mixes, lone surrogates) and on pathological
// strings (long runs of one character, one huge word, whitespace before words, special-token look-alikes).
import { beforeAll, describe, expect, it } from 'vitest';
import { ENCODING_NAMES, encoding, randomText, rng } from './helpers';
import { gptTokenizer, jsTiktoken, type PeerEncode } from './peers';

const r = rng(77);
const letters = (n: number) =>
  Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(r() * 26))).join('');
// The peers take quadratic time on one long piece, so these stay short (linear time on 100k–400k
// characters is pathological.test.ts's job, for glossa alone).
const PATHOLOGICAL: Record<string, string> = {
  'repeated character': 'a'.repeat(600),
  spaces: ' '.repeat(600),
  'spaces then a word': `${' '.repeat(500)}x`,
  'spaces between words': Array.from({ length: 100 }, (_, i) => `w${' '.repeat(i % 17)}`).join(''),
  newlines: '\n'.repeat(600),
  'mixed whitespace': ' \t\n\r\u00a0\u3000 \n\n\t  '.repeat(40),
  'one huge random word': letters(600),
  'repeated emoji': '😀'.repeat(150),
  'emoji with modifiers and ZWJ': '👩🏾‍💻👨‍👩‍👧‍👦🇯🇵🏳️‍🌈'.repeat(15),
  digits: '7'.repeat(600),
  'mixed digits': '1234567890'.repeat(60),
  punctuation: '!'.repeat(600),
  'code punctuation': '})]}\n\t);\n'.repeat(60),
  'combining marks': `a${'\u0301'.repeat(300)}`,
  'ha ha': 'ha'.repeat(300),
  contractions: "I'm you're he'll she'd it's we've THEY'RE ".repeat(20),
  'CJK run': '中文字符测试的例子'.repeat(20),
  'special-token look-alikes': '<|endoftext|><|fim_prefix|><|endofprompt|>'.repeat(20),
  'lone surrogates': 'a\ud800b\udc00\ud83d'.repeat(60),
};

describe.each(ENCODING_NAMES)('%s, id for id with js-tiktoken and gpt-tokenizer', (name) => {
  let js: PeerEncode;
  let gpt: (text: string) => number[];
  beforeAll(async () => {
    js = await jsTiktoken(name);
    gpt = await gptTokenizer(name);
  });

  it('600 seeded random strings (property test)', () => {
    const enc = encoding(name);
    const rand = rng(name.length * 1009 + name.charCodeAt(0));
    for (let i = 0; i < 600; i++) {
      const s = randomText(rand, Math.floor(rand() * 120), i % 3 === 0);
      const ids = enc.encodeIds(s);
      expect(ids, JSON.stringify(s)).toEqual(js(s));
      expect(ids, JSON.stringify(s)).toEqual(gpt(s));
      expect(enc.countTokens(s)).toBe(ids.length);
    }
  });

  it.each(Object.keys(PATHOLOGICAL))('pathological: %s', (kind) => {
    const enc = encoding(name);
    const s = PATHOLOGICAL[kind]!;
    const ids = enc.encodeIds(s);
    expect(ids).toEqual(js(s));
    expect(ids).toEqual(gpt(s));
  });
});
