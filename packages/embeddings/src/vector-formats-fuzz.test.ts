// Fuzzing the word-vector readers (word2vec binary and text, GloVe): seeded truncations, bit flips,
// byte replacements and insertions, and headers that claim more words or dimensions than the file could
// hold. Each case must give vectors or a typed error (FormatError) — never a RangeError, a hang, or an
// allocation of what a corrupt header claims.
import { FormatError, GlossaError } from '@glossa/core';
import { describe, expect, it } from 'vitest';
import { fixtureBytes } from '../test/helpers';
import { KeyedVectors } from './keyed-vectors';
import type { VectorFormat } from './vector-formats';

const CASES = Number(process.env.GLOSSA_FUZZ_CASES ?? 1000);
const enc = (s: string) => new TextEncoder().encode(s);

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const BYTES = [...' \n\t-.0123456789eE+x'].map((c) => c.charCodeAt(0)).concat([0, 0x80, 0xc3, 0xff]);
const HEADERS = [
  '99999999999 50',
  '3 100000000',
  '1000000000 1000',
  '2 3',
  '0 5',
  '5',
  '-1 5',
  '1e3 5',
  '4 0',
];

function mutate(r: Rand, src: Uint8Array, withHeader: boolean): Uint8Array {
  let b = src;
  for (let k = 1 + int(r, 3); k > 0; k--) {
    const at = int(r, b.length + 1);
    switch (int(r, withHeader ? 5 : 4)) {
      case 0:
        b = b.slice(0, at);
        break;
      case 1:
        b = b.slice();
        if (b.length) b[at % b.length] = b[at % b.length]! ^ (1 << int(r, 8));
        break;
      case 2:
        b = b.slice();
        if (b.length) b[at % b.length] = BYTES[int(r, BYTES.length)]!;
        break;
      case 3:
        b = Uint8Array.from([
          ...b.subarray(0, at),
          ...Array.from({ length: 1 + int(r, 6) }, () => BYTES[int(r, BYTES.length)]!),
          ...b.subarray(at),
        ]);
        break;
      default: {
        const nl = b.indexOf(10);
        b = Uint8Array.from([...enc(HEADERS[int(r, HEADERS.length)]!), ...b.subarray(Math.max(nl, 0))]);
      }
    }
  }
  return b;
}

describe('word-vector readers under fuzzing', () => {
  // gensim's vectors, the first 6 words (small files: thousands of cases in a second or two)
  const full = KeyedVectors.parse(fixtureBytes('gensim-vectors.bin'), { format: 'word2vec-binary' });
  const d = full.vectorSize;
  const small = new KeyedVectors(full.words.slice(0, 6), full.vectors.slice(0, 6 * d), d);
  const inputs = (['word2vec-binary', 'word2vec-text', 'glove'] as const).map(
    (format): [VectorFormat, Uint8Array] => [format, small.serialize({ format })],
  );
  for (const [format, bytes] of inputs) {
    it(`${format}: ${CASES} mutated files give vectors or a FormatError`, () => {
      const r = rng(format.length * 7919);
      const heap0 = process.memoryUsage().arrayBuffers;
      let ok = 0;
      let errors = 0;
      let slowest = 0;
      for (let i = 0; i < CASES; i++) {
        const input = mutate(r, bytes, format !== 'glove');
        const t = performance.now();
        try {
          const kv = KeyedVectors.parse(input, { format });
          expect(kv.vectors.length).toBe(kv.words.length * kv.vectorSize);
          ok++;
        } catch (e) {
          if (!(e instanceof GlossaError)) {
            const head = new TextDecoder().decode(input.subarray(0, 80));
            throw new Error(`case ${i}: untyped ${String(e)} for ${JSON.stringify(head)}…`, { cause: e });
          }
          errors++;
        }
        slowest = Math.max(slowest, performance.now() - t);
      }
      expect(ok + errors).toBe(CASES);
      expect(ok).toBeGreaterThan(CASES / 20);
      expect(errors).toBeGreaterThan(CASES / 4);
      expect(slowest).toBeLessThan(1000);
      expect(process.memoryUsage().arrayBuffers - heap0).toBeLessThan(64 * 2 ** 20);
    });
  }

  it('a header claiming 10^11 words or 10^8 dimensions fails at the end of the file, allocating nothing of the sort', () => {
    for (const format of ['word2vec-text', 'word2vec-binary'] as const) {
      for (const h of ['99999999999 50', '3 100000000']) {
        expect(() => KeyedVectors.parse(enc(`${h}\nthe 0.5\n`), { format })).toThrowError(FormatError);
      }
    }
  });
});
