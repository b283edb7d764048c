import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArgumentError } from '../src/errors';
import { getEncoding, loadTokenizerJson, saveTokenizerJson, trainBPEFromFile } from '../src/node';
import { fixture, hasRanks, sharedFile } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'glossa-tok-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('@glossa/tokenizers/node', () => {
  it.skipIf(!hasRanks('r50k_base'))('getEncoding from a folder or a file; gpt2 is r50k_base', () => {
    const a = getEncoding('gpt2', sharedFile('data', 'tiktoken'));
    const b = getEncoding('r50k_base', sharedFile('data', 'tiktoken', 'r50k_base.tiktoken'));
    const c = fixture.cases.find((x) => x.text === 'Hello, World!')!;
    expect(a.encode(c.text).ids).toEqual(c.tokens.r50k_base);
    expect(b.encode(c.text).ids).toEqual(c.tokens.r50k_base);
  });

  it('reports a missing rank file or location clearly', () => {
    expect(() => getEncoding('cl100k_base', join(dir, 'nope'))).toThrow(/no rank file/);
    expect(() => getEncoding('nope_base', dir)).toThrow(ArgumentError);
  });

  it('trains from a file streamed in chunks, saves and loads tokenizer.json', async () => {
    const file = join(dir, 'corpus.txt');
    writeFileSync(file, 'the cat sat on the mat\nthe dog sat on the log\n'.repeat(200));
    const tok = await trainBPEFromFile(file, { vocabSize: 300 });
    expect(tok.vocabSize).toBeGreaterThan(256); // the tiny corpus runs out of pairs before 300
    const out = join(dir, 'tokenizer.json');
    saveTokenizerJson(tok, out);
    const again = loadTokenizerJson(out);
    expect(again.encode('the cat sat').ids).toEqual(tok.encode('the cat sat').ids);
    expect(again.encode('the cat sat').ids.length).toBeLessThan(5);
  });
});
