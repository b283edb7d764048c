import { beforeAll, describe, expect, it } from 'vitest';
import { fromTokenizerJson } from '../src/index';
import { ENCODING_NAMES, encoding, fixture, shakespeare } from './helpers';
import { gptTokenizer, jsTiktoken, type PeerEncode } from './peers';

/** p50k_edit has p50k_base's ranks; the fixture lists p50k_base. */
const fixtureIds = (name: string, c: (typeof fixture.cases)[number]) =>
  c.tokens[name === 'p50k_edit' ? 'p50k_base' : name]!;

describe.each(ENCODING_NAMES)('%s against js-tiktoken and gpt-tokenizer', (name) => {
  let js: PeerEncode;
  let gpt: (text: string) => number[];
  beforeAll(async () => {
    js = await jsTiktoken(name);
    gpt = await gptTokenizer(name);
  });

  it('every case of bpe.public.json has js-tiktoken’s recorded ids and round-trips', () => {
    const enc = encoding(name);
    for (const c of fixture.cases) {
      const want = fixtureIds(name, c);
      expect(enc.encode(c.text).ids, `case ${c.id} ${JSON.stringify(c.text.slice(0, 40))}`).toEqual(want);
      expect(enc.decode(want)).toBe(c.text);
      expect(enc.countTokens(c.text)).toBe(want.length);
      expect(gpt(c.text), `gpt-tokenizer, case ${c.id}`).toEqual(want);
    }
    expect(fixture.cases.length).toBe(147);
  });

  it('Tiny Shakespeare (96 kB): the same ids as js-tiktoken and gpt-tokenizer, whole and line by line', () => {
    const enc = encoding(name);
    const ids = enc.encodeIds(shakespeare);
    expect(ids).toEqual(js(shakespeare));
    expect(ids).toEqual(gpt(shakespeare));
    expect(enc.decode(ids)).toBe(shakespeare);
    const lines = shakespeare.split(/(?<=\n)/).slice(0, 800);
    for (const l of lines) expect(enc.encodeIds(l), JSON.stringify(l)).toEqual(js(l));
  });

  it('special-token text is ordinary text by default, a special id when allowed (as js-tiktoken does)', () => {
    // (gpt-tokenizer 4.0.0's encoding modules give ordinary ids even with allowedSpecial: only the default is compared)
    const enc = encoding(name);
    for (const tok of enc.specialTokens.keys()) {
      const text = `a${tok}b ${tok}`;
      expect(enc.encode(text).ids).toEqual(js(text));
      expect(enc.encode(text).ids).toEqual(gpt(text));
      expect(enc.encode(text, { allowedSpecial: 'all' }).ids).toEqual(js(text, 'all'));
    }
  });
});

describe('tokenizer.json built from tiktoken ranks', () => {
  it('GPT-2: same ids from the r50k ranks and from its tokenizer.json, fixture and Tiny Shakespeare', () => {
    const enc = encoding('r50k_base');
    const hf = fromTokenizerJson(enc.toTokenizerJson());
    expect(hf.vocabSize).toBe(50257);
    // the fixture holds tiktoken's ids, special-token text encoded as text: splitSpecialTokens
    for (const c of fixture.cases) {
      expect(hf.encode(c.text, { splitSpecialTokens: true }).ids, `case ${c.id}`).toEqual(c.tokens.r50k_base);
      expect(hf.decode(c.tokens.r50k_base!)).toBe(c.text);
    }
    expect(hf.encode(shakespeare).ids).toEqual(enc.encodeIds(shakespeare));
    // special tokens come through as added tokens: matched by default as in Hugging Face, opt-out per call
    expect(hf.encode('a<|endoftext|>').ids).toEqual([64, 50256]);
    expect(hf.encode('a<|endoftext|>', { allowedSpecial: 'all' }).ids).toEqual([64, 50256]);
    expect(hf.encode('a<|endoftext|>', { splitSpecialTokens: true }).ids).toEqual(
      enc.encode('a<|endoftext|>').ids,
    );
  });

  it('cl100k_base tokenizer.json matches too', () => {
    const enc = encoding('cl100k_base');
    const hf = fromTokenizerJson(enc.toTokenizerJson());
    for (const c of fixture.cases)
      expect(hf.encode(c.text, { splitSpecialTokens: true }).ids, `case ${c.id}`).toEqual(
        c.tokens.cl100k_base,
      );
  });
});
