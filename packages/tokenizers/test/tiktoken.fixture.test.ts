import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromTokenizerJson } from '../src/index';
import { encoding, fixture, hasRanks, hasShared, sharedFile } from './helpers';

const NAMES = ['r50k_base', 'cl100k_base', 'o200k_base'] as const;
const shakespeare = hasShared('data', 'tinyshakespeare.txt')
  ? readFileSync(sharedFile('data', 'tinyshakespeare.txt'), 'utf8')
  : '';

describe.each(NAMES)('%s against js-tiktoken (bpe.public.json)', (name) => {
  const present = hasRanks(name);
  it.skipIf(!present)('every fixture case has identical ids and round-trips', () => {
    const enc = encoding(name);
    let n = 0;
    for (const c of fixture.cases) {
      const want = c.tokens[name];
      if (!want) continue;
      expect(enc.encode(c.text).ids, `case ${c.id} ${JSON.stringify(c.text.slice(0, 40))}`).toEqual(want);
      expect(enc.decode(want)).toBe(c.text);
      expect(enc.countTokens(c.text)).toBe(want.length);
      n++;
    }
    expect(n).toBe(fixture.cases.length);
  });

  it.skipIf(!present || !shakespeare)('all of Tiny Shakespeare: count, first 100 and last 20 ids', () => {
    const enc = encoding(name);
    const want = fixture.tinyshakespeare.counts[name]!;
    const ids = enc.encodeIds(shakespeare);
    expect(ids.length).toBe(want.js_tiktoken_count);
    expect(ids.slice(0, 100)).toEqual(want.first_100_ids);
    expect(ids.slice(-20)).toEqual(want.last_20_ids);
    expect(enc.decode(ids)).toBe(shakespeare);
  });

  it.skipIf(!present)('special-token text in the fixture is ordinary text by default', () => {
    const enc = encoding(name);
    const c = fixture.cases.find((x) => x.text === '<|endoftext|>')!;
    expect(enc.encode('<|endoftext|>').ids).toEqual(c.tokens[name]);
    expect(enc.encode('<|endoftext|>', { allowedSpecial: 'all' }).ids).toEqual([
      enc.specialTokens.get('<|endoftext|>'),
    ]);
  });
});

describe('tokenizer.json built from tiktoken ranks', () => {
  it.skipIf(!hasRanks('r50k_base'))(
    'GPT-2: same ids from the r50k ranks and from its tokenizer.json, fixture and Tiny Shakespeare',
    () => {
      const enc = encoding('r50k_base');
      const json = enc.toTokenizerJson();
      const hf = fromTokenizerJson(json);
      expect(hf.vocabSize).toBe(50257);
      // the fixture holds tiktoken's ids, special-token text encoded as text: splitSpecialTokens
      for (const c of fixture.cases) {
        expect(hf.encode(c.text, { splitSpecialTokens: true }).ids, `case ${c.id}`).toEqual(
          c.tokens.r50k_base,
        );
        expect(hf.decode(c.tokens.r50k_base!)).toBe(c.text);
      }
      if (shakespeare) expect(hf.encode(shakespeare).ids).toEqual(enc.encodeIds(shakespeare));
      // special tokens come through as added tokens: matched by default as in Hugging Face, opt-out per call
      expect(hf.encode('a<|endoftext|>').ids).toEqual([64, 50256]);
      expect(hf.encode('a<|endoftext|>', { allowedSpecial: 'all' }).ids).toEqual([64, 50256]);
      expect(hf.encode('a<|endoftext|>', { splitSpecialTokens: true }).ids).toEqual(
        enc.encode('a<|endoftext|>').ids,
      );
    },
  );

  it.skipIf(!hasRanks('cl100k_base'))('cl100k_base tokenizer.json matches too', () => {
    const enc = encoding('cl100k_base');
    const hf = fromTokenizerJson(enc.toTokenizerJson());
    for (const c of fixture.cases)
      expect(hf.encode(c.text, { splitSpecialTokens: true }).ids, `case ${c.id}`).toEqual(
        c.tokens.cl100k_base,
      );
  });
});
