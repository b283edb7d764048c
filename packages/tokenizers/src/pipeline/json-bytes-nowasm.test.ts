import { afterAll, expect, it, vi } from 'vitest';

// Where WebAssembly is missing (or a page's CSP refuses it) tokenizer.json bytes are read as text: the
// same tokenizer, only slower. (A file of its own: the loader compiles its module once per module instance.)
vi.stubGlobal('WebAssembly', undefined);
afterAll(() => {
  vi.unstubAllGlobals();
});

it('without WebAssembly, tokenizer.json bytes load through the text path', async () => {
  const { scanTokenizerJsonBytes } = await import('./json-bytes');
  const { fromTokenizerJson } = await import('./tokenizer-json');
  const text = JSON.stringify({
    model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2, é: 3 }, merges: ['a b'] },
  });
  const bytes = new TextEncoder().encode(text);
  expect(typeof WebAssembly).toBe('undefined');
  expect(scanTokenizerJsonBytes(bytes)).toBeNull();
  expect(fromTokenizerJson(bytes).encode('abéab').ids).toEqual([2, 3, 2]);
  expect(fromTokenizerJson(bytes).encode('abéab').ids).toEqual(fromTokenizerJson(text).encode('abéab').ids);
});
