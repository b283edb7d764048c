import { describe, expect, it } from 'vitest';
import { jsTiktokenRanks } from '../../test/peers';
import { ArgumentError } from '../errors';
import { readShippedRanks } from '../shipped-ranks';
import { decodeCompactRanks, formatCompactRanks } from './compact-ranks';
import { ENCODINGS, encodingSpec, getEncoding } from './encodings';
import { formatTiktokenRanks } from './ranks';

const r50k = readShippedRanks('r50k_base');
const p50k = readShippedRanks('p50k_base');
const r50kFile = formatTiktokenRanks(decodeCompactRanks(r50k).table);

function argumentError(f: () => unknown): ArgumentError {
  try {
    f();
  } catch (e) {
    if (e instanceof ArgumentError) return e;
    throw e;
  }
  throw new Error('no ArgumentError');
}

describe('getEncoding(name, ranks): every form of rank data', () => {
  it('glossa compact ranks, a .tiktoken file as text or bytes, js-tiktoken’s module or its bpe_ranks', async () => {
    const js = await jsTiktokenRanks('r50k_base');
    const forms = [r50k, r50kFile, new TextEncoder().encode(r50kFile), js, js.bpe_ranks];
    for (const ranks of forms) {
      const enc = getEncoding('gpt2', ranks, { warmUp: false });
      expect(enc.name).toBe('r50k_base');
      expect(enc.encode('hello world').ids).toEqual([31373, 995]);
      expect(enc.vocabSize).toBe(50257);
    }
  });

  it('p50k_edit takes p50k_base’s ranks and adds its FIM tokens', () => {
    const enc = getEncoding('p50k_edit', p50k, { warmUp: false });
    expect(enc.encode('<|fim_middle|>', { allowedSpecial: 'all' }).ids).toEqual([50282]);
    expect(enc.vocabSize).toBe(50284);
  });

  it('without ranks, an ArgumentError pointing at loadEncoding and the shipped module', () => {
    const e = argumentError(() => (getEncoding as (n: string) => unknown)('cl100k_base'));
    expect(e.argument).toBe('getEncoding(ranks)');
    expect(e.message).toMatch(/@glossa\/tokenizers\/encodings\/cl100k_base/);
    expect(e.message).toMatch(/await loadEncoding\("cl100k_base"\)/);
    expect(e.message).toMatch(/received undefined$/);
    expect(() => getEncoding('cl100k_base', 42 as never)).toThrow(
      /getEncoding\(ranks\): expected rank data.*received 42 \(number\)/,
    );
  });

  it('an unknown name lists the known ones', () => {
    expect(() => getEncoding('cl200k', r50k)).toThrow(/one of r50k_base, p50k_base.*gpt2, received "cl200k"/);
    expect(() => encodingSpec('__proto__')).toThrow(ArgumentError);
  });
});

describe('getEncoding(name, ranks) checks the ranks: no silent wrongs', () => {
  it('another encoding’s ranks are named as such', () => {
    const e = argumentError(() => getEncoding('p50k_base', r50k));
    expect(e.argument).toBe('getEncoding(ranks)');
    expect(e.expected).toMatch(/^the ranks of p50k_base \(50280 ranks, checksum d13c42a0\)$/);
    expect(e.message).toMatch(/received the ranks of r50k_base$/);
    expect(argumentError(() => getEncoding('cl100k_base', r50kFile)).message).toMatch(
      /received the ranks of r50k_base$/,
    );
    expect(argumentError(() => getEncoding('r50k_base', p50k)).message).toMatch(
      /received the ranks of p50k_base$/,
    );
  });

  it('a .tiktoken file cut at a line boundary is a file cut short, not a smaller vocabulary', () => {
    const lines = r50kFile.split('\n');
    const cut = `${lines.slice(0, 40000).join('\n')}\n`;
    const e = argumentError(() => getEncoding('r50k_base', cut));
    expect(e.message).toMatch(
      /getEncoding\(ranks\): expected the ranks of r50k_base \(50256 ranks, checksum caeef2dc\), received only 40000 ranks, 0–39999 \(the file is cut short: r50k_base has 50256\)/,
    );
  });

  it('missing lines, an edited token and an extra token are each reported', () => {
    const lines = r50kFile.trimEnd().split('\n');
    const gap = [...lines.slice(0, 1000), ...lines.slice(1001)].join('\n');
    expect(argumentError(() => getEncoding('r50k_base', gap)).message).toMatch(
      /50255 ranks with a gap at rank 1000/,
    );
    const edited = [...lines];
    edited[5000] = `${Buffer.from('glossa!').toString('base64')} 5000`;
    expect(argumentError(() => getEncoding('r50k_base', edited.join('\n'))).message).toMatch(
      /received 50256 ranks with checksum [0-9a-f]{8} \(edited, or another encoding's ranks\)$/,
    );
    const extra = [...lines, `${Buffer.from('glossa!').toString('base64')} 50257`].join('\n');
    expect(argumentError(() => getEncoding('r50k_base', extra)).message).toMatch(/50257 ranks with checksum/);
  });

  it('compact ranks renamed or cut are caught too', () => {
    const { table } = decodeCompactRanks(r50k);
    const renamed = formatCompactRanks(table, 'cl100k_base');
    expect(argumentError(() => getEncoding('cl100k_base', renamed)).message).toMatch(
      /the ranks of r50k_base$/,
    );
    expect(() => getEncoding('r50k_base', r50k.slice(0, 200_000))).toThrow(/cut short/);
  });

  it('the shipped counts and checksums are the ones ENCODINGS holds', () => {
    for (const [name, module] of [
      ['r50k_base', 'r50k_base'],
      ['p50k_base', 'p50k_base'],
      ['p50k_edit', 'p50k_base'],
      ['cl100k_base', 'cl100k_base'],
      ['o200k_base', 'o200k_base'],
    ] as const) {
      const { table, checksum } = decodeCompactRanks(readShippedRanks(module));
      expect(table.count, name).toBe(ENCODINGS[name]!.ranks);
      expect(checksum, name).toBe(ENCODINGS[name]!.checksum);
    }
  });
});
