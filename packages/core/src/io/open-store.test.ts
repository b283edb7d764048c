import { describe, expect, it, vi } from 'vitest';
import { ArgumentError } from '../errors';
import { saveCheckpoint, writeFileAtomic } from './checkpoint';
import { HttpStore } from './http-store';
import { loadPretrained } from './load-pretrained';
import { openSink, openStore } from './open-store';

// What a browser bundle gets: package.json `imports` maps `#io-fs` to the stub there.
vi.mock('#io-fs', () => import('./fs-browser'));

describe('sources without a file system (the browser build of #io-fs)', () => {
  it('a file path is an ArgumentError that says what works instead', async () => {
    const message =
      'loadPretrained(source): expected an http(s) URL or indexeddb://<name> here (file paths need Node), received "models/tiny" (string)';
    expect(() => openStore('models/tiny', 'loadPretrained(source)')).toThrow(message);
    await expect(loadPretrained('models/tiny')).rejects.toThrow(ArgumentError);
    await expect(loadPretrained('file:///models/tiny')).rejects.toThrow(/file paths need Node/);
    await expect(writeFileAtomic('a.bin', new Uint8Array(1))).rejects.toThrow(
      'writeFileAtomic(path): expected a file path under Node (no file system here), received "a.bin" (string)',
    );
    await expect(saveCheckpoint('c.safetensors', { model: {} as never, step: 0 })).rejects.toThrow(
      /saveCheckpoint\(path\): expected a file path under Node/,
    );
  });

  it('URLs still work, and saving to one is refused', () => {
    expect(openStore('https://huggingface.co/gpt2/resolve/main', 'x')).toBeInstanceOf(HttpStore);
    expect(openStore(new URL('http://127.0.0.1:8000/m/'), 'x').locate('config.json')).toBe(
      'http://127.0.0.1:8000/m/config.json',
    );
    expect(openStore('https://h.co/m/resolve/main', 'x').locate('model.safetensors')).toBe(
      'https://h.co/m/resolve/main/model.safetensors',
    );
    expect(() => openSink('https://h.co/m/', 'savePretrained(target)')).toThrow(/URLs are read-only/);
    expect(() => openStore('ftp://h.co/m/', 'loadPretrained(source)')).toThrow(
      'loadPretrained(source): expected a path, an http(s) URL, a file: URL or indexeddb://<name>, received "ftp://h.co/m/" (string)',
    );
    expect(() => openStore(42 as never, 'loadPretrained(source)')).toThrow(/received 42 \(number\)/);
  });
});
