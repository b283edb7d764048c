import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineSentences } from './line-sentences';
import { WordTable } from './word-table';

const text =
  'The quick\tbrown  FOX\r\n\n  jumps\u00a0over\u3000the café NAÏVE dog\n' +
  'a b c d e f g h\nÜBER über Über\u2003x\n\nlast line without newline';
const bytes = new TextEncoder().encode(text);

/** The bytes in pieces of 1 to 7 bytes (multi-byte characters split too). */
function pieces(): () => AsyncIterable<Uint8Array> {
  return () =>
    (async function* () {
      for (let i = 0, k = 1; i < bytes.length; i += k, k = (k % 7) + 1) yield bytes.subarray(i, i + k);
    })();
}

async function viaStrings(s: LineSentences): Promise<string[][]> {
  const out: string[][] = [];
  for await (const x of s) out.push(x);
  return out;
}

async function viaBytes(s: LineSentences): Promise<string[][]> {
  const table = new WordTable();
  const out: string[][] = [];
  for await (const chunk of s.idSentences(table, true)!) {
    let start = 0;
    for (let i = 0; i < chunk.sentences; i++) {
      out.push(Array.from(chunk.ids.subarray(start, chunk.ends[i]), (id) => table.word(id)));
      start = chunk.ends[i]!;
    }
  }
  return out;
}

describe('LineSentences', () => {
  it('splits lines at \\n and words at any whitespace (Python str.split), dropping empty lines', async () => {
    const s = await viaStrings(new LineSentences(pieces()));
    expect(s).toEqual([
      ['The', 'quick', 'brown', 'FOX'],
      ['jumps', 'over', 'the', 'café', 'NAÏVE', 'dog'],
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
      ['ÜBER', 'über', 'Über', 'x'],
      ['last', 'line', 'without', 'newline'],
    ]);
  });

  for (const options of [
    {},
    { lowercase: true },
    { maxSentenceLength: 3 },
    { limit: 4 },
    { lowercase: true, maxSentenceLength: 2, limit: 7 },
  ]) {
    it(`reads the same sentences from bytes as from strings ${JSON.stringify(options)}`, async () => {
      const fromStrings = await viaStrings(new LineSentences(pieces(), options));
      expect(await viaBytes(new LineSentences(pieces(), options))).toEqual(fromStrings);
      expect(await viaBytes(new LineSentences(new Blob([bytes]), options))).toEqual(fromStrings);
    });
  }

  it('reads files (Node), Blobs and streams afresh on every pass', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'glossa-lines-'));
    try {
      const file = join(dir, 'c.txt');
      writeFileSync(file, text);
      const s = new LineSentences(file, { lowercase: true });
      const first = await viaStrings(s);
      expect(await viaStrings(s)).toEqual(first);
      expect(first[0]).toEqual(['the', 'quick', 'brown', 'fox']);
      const stream = new LineSentences(() => new Blob([text]).stream());
      expect((await viaStrings(stream)).length).toBe(5);
      expect((await viaStrings(stream)).length).toBe(5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves a custom tokenizer to the string path', async () => {
    const s = new LineSentences(pieces(), { tokenize: (line) => line.split(/[^a-z]+/i).filter(Boolean) });
    expect(s.idSentences(new WordTable(), true)).toBeNull();
    expect((await viaStrings(s))[1]).toEqual(['jumps', 'over', 'the', 'caf', 'NA', 'VE', 'dog']);
  });

  it('rejects what it cannot read', () => {
    expect(() => new LineSentences(42 as never)).toThrow(/LineSentences\(source\)/);
    expect(() => new LineSentences('x', { maxSentenceLength: 0 })).toThrow(/maxSentenceLength/);
  });
});
