import { describe, expect, it } from 'vitest';
import { type Tokenizer, trainBPE } from '../src/index';
import { encoding, rng } from './helpers';

/**
 * Best-of-3 timings (ms) of two inputs, alternated so that a burst of load from other processes (tests
 * run in parallel on shared machines) hits both alike.
 */
function times(a: () => void, b: () => void): [number, number] {
  let ta = Number.POSITIVE_INFINITY;
  let tb = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3; k++) {
    let t = performance.now();
    a();
    ta = Math.min(ta, performance.now() - t);
    t = performance.now();
    b();
    tb = Math.min(tb, performance.now() - t);
  }
  return [ta, tb];
}

const r = rng(3);
const letters = (n: number) =>
  Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(r() * 26))).join('');
const INPUTS: Record<string, (n: number) => string> = {
  'repeated character': (n) => 'a'.repeat(n),
  spaces: (n) => ' '.repeat(n),
  'spaces then a word': (n) => `${' '.repeat(n)}x`,
  newlines: (n) => '\n'.repeat(n),
  'one huge random word': letters,
  'repeated emoji': (n) => '😀'.repeat(n / 2),
  digits: (n) => '7'.repeat(n),
  punctuation: (n) => '!'.repeat(n),
  'combining marks': (n) => `a${'\u0301'.repeat(n - 1)}`,
  'ha ha': (n) => 'ha'.repeat(n / 2),
};

/**
 * Linear-time check: 4× the input (100k → 400k) may take at most 12× the time (linear is 4×,
 * n log n a little more, quadratic 16×). Times are floored at 5 ms so timer noise cannot fail it.
 */
const LIMIT = 12;
function expectLinear(tok: Tokenizer, make: (n: number) => string) {
  const small = make(100_000);
  const big = make(400_000);
  const [ts, tb] = times(
    () => tok.encode(small),
    () => tok.encode(big),
  );
  expect(tb, `100k: ${ts.toFixed(1)} ms, 400k: ${tb.toFixed(1)} ms`).toBeLessThan(LIMIT * Math.max(ts, 5));
  const e = tok.encode(make(100_000));
  expect(tok.decode(e.ids)).toBe(make(100_000));
}

describe.each(['r50k_base', 'p50k_base', 'cl100k_base', 'o200k_base'])(
  '%s: pathological inputs run in linear time',
  (name) => {
    it.each(Object.keys(INPUTS))('%s', (kind) => {
      const enc = encoding(name);
      const make = kind === 'one huge random word' ? (n: number) => letters(n) : INPUTS[kind]!;
      if (kind === 'one huge random word') {
        // random each call: time fixed strings instead
        const s100 = letters(100_000);
        const s400 = letters(400_000);
        const [ts, tb] = times(
          () => enc.encode(s100),
          () => enc.encode(s400),
        );
        expect(tb, `100k: ${ts.toFixed(1)} ms, 400k: ${tb.toFixed(1)} ms`).toBeLessThan(
          LIMIT * Math.max(ts, 5),
        );
        expect(enc.decode(enc.encode(s400).ids)).toBe(s400);
      } else expectLinear(enc, make);
    });
  },
);

describe('trained BPE (merge rules) on pathological inputs', () => {
  const tok = trainBPE(['aaaa bbbb haha   spaces!!!'], { vocabSize: 270 });
  it.each(['repeated character', 'spaces', 'ha ha', 'punctuation'])('%s', (kind) => {
    expectLinear(tok, INPUTS[kind]!);
  });
});
