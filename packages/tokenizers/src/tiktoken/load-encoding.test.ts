import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors';
import { ENCODINGS } from './encodings';
import { loadEncoding } from './load-encoding';

const HELLO: Record<string, number[]> = {
  r50k_base: [31373, 995],
  gpt2: [31373, 995],
  p50k_base: [31373, 995],
  p50k_edit: [31373, 995],
  cl100k_base: [15339, 1917],
  o200k_base: [24912, 2375],
};

describe('loadEncoding', () => {
  it.each(Object.keys(HELLO))('%s: a ready tokenizer from the shipped ranks', async (name) => {
    const enc = await loadEncoding(name);
    const canonical = name === 'gpt2' ? 'r50k_base' : name;
    expect(enc.name).toBe(canonical);
    expect(enc.encode('hello world').ids).toEqual(HELLO[name]);
    expect(enc.decode(HELLO[name]!)).toBe('hello world');
    expect(enc.table.count).toBe(ENCODINGS[canonical]!.ranks);
    expect(enc.table.checksum()).toBe(ENCODINGS[canonical]!.checksum);
    for (const [tok, id] of Object.entries(ENCODINGS[canonical]!.specialTokens)) {
      expect(enc.encode(tok, { allowedSpecial: 'all' }).ids).toEqual([id]);
    }
  });

  it('shares one tokenizer per name (gpt2 is r50k_base) unless options are given', async () => {
    const a = await loadEncoding('cl100k_base');
    expect(await loadEncoding('cl100k_base')).toBe(a);
    expect(await loadEncoding('gpt2')).toBe(await loadEncoding('r50k_base'));
    const b = await loadEncoding('cl100k_base', { cacheSize: 0, warmUp: false });
    expect(b).not.toBe(a);
    expect(b.encode('hello world').ids).toEqual(a.encode('hello world').ids);
  });

  it('rejects an unknown name with an ArgumentError listing the known ones', async () => {
    await expect(loadEncoding('cl200k_base')).rejects.toThrow(ArgumentError);
    await expect(loadEncoding('cl200k_base')).rejects.toThrow(
      /encoding name: expected one of r50k_base, p50k_base, p50k_edit, cl100k_base, o200k_base, gpt2, received "cl200k_base"/,
    );
    await expect(loadEncoding('toString')).rejects.toThrow(ArgumentError);
  });
});
