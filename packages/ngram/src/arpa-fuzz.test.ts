// Fuzzing the ARPA reader: random truncations, byte flips, line drops and duplications of valid
// files must give a typed error (FormatError/ArgumentError) or a model — never a hang, an untyped
// crash or an out-of-memory. Seeded, a few thousand cases in a couple of seconds.
import { describe, expect, it } from 'vitest';
import { parseArpa } from './arpa-read';
import { toArpa } from './arpa-write';
import { NgramError } from './errors';
import { KneserNeyModel } from './kneser-ney';
import { countNgrams } from './ngram-counts';

const corpus = [
  ['the', 'cat', 'sat', 'on', 'the', 'mat'],
  ['the', 'dog', 'sat', 'on', 'the', 'log'],
  ['a', 'dog', 'ate', 'a', 'bone'],
];

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

const CHARS = ['\t', '\n', ' ', '-', '.', '0', '9', 'e', '\\', '=', 'x', '-99', '\u00e9', '\uffff'];

function mutate(text: string, r: () => number): string {
  const pick = (n: number) => Math.floor(r() * n);
  switch (pick(5)) {
    case 0:
      return text.slice(0, pick(text.length + 1)); // truncation
    case 1: {
      const chars = [...text]; // flips
      for (let k = 0, n = 1 + pick(4); k < n; k++) chars[pick(chars.length)] = CHARS[pick(CHARS.length)]!;
      return chars.join('');
    }
    case 2: {
      const lines = text.split('\n'); // a dropped line
      lines.splice(pick(lines.length), 1);
      return lines.join('\n');
    }
    case 3: {
      const lines = text.split('\n'); // a duplicated line
      const i = pick(lines.length);
      lines.splice(i, 0, lines[i]!);
      return lines.join('\n');
    }
    default: {
      const lines = text.split('\n'); // a count in the header changed
      const i = lines.findIndex((l) => l.startsWith('ngram '));
      if (i >= 0) lines[i] = lines[i]!.replace(/=\d+/, `=${pick(1e7)}`);
      return lines.join('\n');
    }
  }
}

describe('ARPA reader under fuzzing', () => {
  for (const order of [2, 3]) {
    it(`order ${order}: 1500 mutated files give a typed error or a model`, () => {
      const text = toArpa(new KneserNeyModel(countNgrams(corpus, { order }), { discount: 0.7 }));
      const r = rng(order * 7919);
      let errors = 0;
      let models = 0;
      for (let i = 0; i < 1500; i++) {
        const input = mutate(text, r);
        try {
          const m = parseArpa(input);
          expect(m.order).toBeGreaterThanOrEqual(1);
          models++;
        } catch (e) {
          if (!(e instanceof NgramError))
            throw new Error(
              `untyped ${(e as Error)?.name}: ${(e as Error)?.message} for input ${JSON.stringify(input.slice(0, 200))}`,
            );
          errors++;
        }
      }
      expect(errors).toBeGreaterThan(100);
      expect(models + errors).toBe(1500);
    });
  }
});
