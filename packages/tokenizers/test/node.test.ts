import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArgumentError } from '../src/errors';
import { formatTiktokenRanks, loadEncoding } from '../src/index';
import {
  getEncoding,
  loadTiktoken,
  loadTokenizerJson,
  saveTokenizerJson,
  trainBPEFromFile,
} from '../src/node';
import { readShippedRanks } from '../src/shipped-ranks';
import { ENCODING_NAMES, fixture } from './helpers';
import { jsTiktokenRanks } from './peers';

const dir = mkdtempSync(join(tmpdir(), 'glossa-tok-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hello = fixture.cases.find((x) => x.text === 'Hello, World!')!;

describe('@glossa/tokenizers/node getEncoding', () => {
  it.each(ENCODING_NAMES)(
    '%s without a location: the shipped ranks, the same tokenizer loadEncoding gives',
    async (name) => {
      const enc = getEncoding(name);
      const loaded = await loadEncoding(name);
      expect(enc.name).toBe(name);
      expect(enc.encode(hello.text).ids).toEqual(hello.tokens[name === 'p50k_edit' ? 'p50k_base' : name]);
      expect(enc.vocabSize).toBe(loaded.vocabSize);
      expect(enc.table.checksum()).toBe(loaded.table.checksum());
    },
  );

  it('gpt2 is r50k_base; a .tiktoken file or its folder works, and so does js-tiktoken’s bpe_ranks text', async () => {
    const file = join(dir, 'r50k_base.tiktoken');
    writeFileSync(file, formatTiktokenRanks(getEncoding('gpt2').table));
    const js = join(dir, 'r50k.js-tiktoken.txt');
    writeFileSync(js, (await jsTiktokenRanks('r50k_base')).bpe_ranks);
    for (const enc of [getEncoding('gpt2', dir), getEncoding('r50k_base', file), getEncoding('gpt2', js)]) {
      expect(enc.name).toBe('r50k_base');
      expect(enc.encode(hello.text).ids).toEqual(hello.tokens.r50k_base);
    }
    expect(loadTiktoken(file, { pattern: '\\S+|\\s+' }).encode('ab cd').ids.length).toBe(3);
  });

  it('a rank file cut short or of another encoding is an ArgumentError saying so', () => {
    const text = formatTiktokenRanks(getEncoding('r50k_base').table);
    const cut = join(dir, 'cut.tiktoken');
    writeFileSync(cut, text.slice(0, text.lastIndexOf('\n', 300_000) + 1));
    expect(() => getEncoding('r50k_base', cut)).toThrow(ArgumentError);
    expect(() => getEncoding('r50k_base', cut)).toThrow(
      /received only \d+ ranks, 0–\d+ \(the file is cut short/,
    );
    const other = join(dir, 'cl100k_base.tiktoken');
    writeFileSync(other, text);
    expect(() => getEncoding('cl100k_base', dir)).toThrow(/received the ranks of r50k_base$/);
  });

  it('reports a missing rank file or location clearly', () => {
    expect(() => getEncoding('cl100k_base', join(dir, 'nope'))).toThrow(/no rank file at .*nope/);
    expect(() => getEncoding('o200k_base', join(dir))).toThrow(/no rank file at .*o200k_base\.tiktoken/);
    expect(() => getEncoding('nope_base', dir)).toThrow(ArgumentError);
    expect(() => getEncoding('nope_base')).toThrow(/encoding name: expected one of/);
    expect(() => getEncoding('r50k_base', '')).toThrow(/getEncoding\(location\): expected a path/);
  });

  it('reads the shipped rank modules from the sources here (dist/ in a build)', () => {
    expect(readShippedRanks('cl100k_base')).toMatch(/^glossa-ranks\/1 cl100k_base 100256 581d7d0a /);
    expect(() => readShippedRanks('nope')).toThrow(
      /shipped ranks of nope are not in .*encodings.*loadEncoding/,
    );
  });
});

describe('@glossa/tokenizers/node files', () => {
  it('trains from a file streamed in chunks, saves and loads tokenizer.json (atomically)', async () => {
    const file = join(dir, 'corpus.txt');
    writeFileSync(file, 'the cat sat on the mat\nthe dog sat on the log\n'.repeat(200));
    const tok = await trainBPEFromFile(file, { vocabSize: 300 });
    expect(tok.vocabSize).toBeGreaterThan(256); // the tiny corpus runs out of pairs before 300
    const out = join(dir, 'tokenizer.json');
    writeFileSync(out, 'an older file');
    saveTokenizerJson(tok, out);
    expect(JSON.parse(readFileSync(out, 'utf8')).model.type).toBe('BPE');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, ' \n\n');
    await expect(trainBPEFromFile([empty], { vocabSize: 300 })).rejects.toThrow(
      /^trainBPEFromFile\(paths\): expected files with at least one non-whitespace character/,
    );
    const again = loadTokenizerJson(out);
    expect(again.encode('the cat sat').ids).toEqual(tok.encode('the cat sat').ids);
    expect(again.encode('the cat sat').ids.length).toBeLessThan(5);
  });
});
