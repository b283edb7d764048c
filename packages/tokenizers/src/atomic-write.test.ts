import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

/** When set, writeSync writes this many bytes of its first call and then throws (a full disk, say). */
const failAfter = vi.hoisted(() => ({ bytes: -1 }));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    writeSync: (fd: number, buf: Uint8Array, offset: number, length: number) => {
      if (failAfter.bytes < 0) return real.writeSync(fd, buf, offset, length);
      real.writeSync(fd, buf, offset, Math.min(length, failAfter.bytes));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    },
  };
});

const { writeFileAtomic } = await import('./atomic-write');
const dir = mkdtempSync(join(tmpdir(), 'glossa-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('replaces the file with the whole new contents and leaves no temporary file', () => {
    const file = join(dir, 'a.json');
    writeFileSync(file, 'old');
    writeFileAtomic(file, '{"new": true}');
    expect(readFileSync(file, 'utf8')).toBe('{"new": true}');
    writeFileAtomic(join(dir, 'b.bin'), new Uint8Array([1, 2, 3]));
    expect([...readFileSync(join(dir, 'b.bin'))]).toEqual([1, 2, 3]);
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.bin']);
  });

  it('a failure midway leaves the old file intact and removes the partial one', () => {
    const file = join(dir, 'tokenizer.json');
    writeFileSync(file, '{"old": "tokenizer"}');
    failAfter.bytes = 10;
    try {
      expect(() => writeFileAtomic(file, JSON.stringify({ big: 'x'.repeat(100_000) }))).toThrow(/ENOSPC/);
    } finally {
      failAfter.bytes = -1;
    }
    expect(readFileSync(file, 'utf8')).toBe('{"old": "tokenizer"}');
    expect(readdirSync(dir).filter((f) => f.includes('tokenizer'))).toEqual(['tokenizer.json']);
    expect(fs.existsSync(file)).toBe(true);
  });

  it('a folder that does not exist is the usual ENOENT, and nothing is left behind', () => {
    expect(() => writeFileAtomic(join(dir, 'missing', 'x.json'), '{}')).toThrow(/ENOENT/);
  });
});
