// Fuzzing the parsers: seeded truncations, bit flips, byte replacements, insertions, deletions and
// duplicated spans of valid inputs. Each case must either give a result or throw one of the package's typed errors
// (TokenizerError) — never a TypeError/RangeError, a hang or an out-of-memory. A parsed tokenizer must
// also encode and decode without an untyped error.
import { describe, expect, it } from 'vitest';
import { fromBertVocab } from '../src/bert';
import {
  decodeCompactRanks,
  ENCODINGS,
  fromTiktoken,
  fromTokenizerJson,
  parseJsTiktokenRanks,
  parseTiktokenRanks,
  TokenizerError,
  trainBPE,
  trainCharTokenizer,
  trainWordTokenizer,
} from '../src/index';
import { scanTokenizerJsonBytes } from '../src/pipeline/json-bytes';
import { formatCompactRanks } from '../src/tiktoken/compact-ranks';
import { rng, tinyRanks } from './helpers';

const CASES = Number(process.env.GLOSSA_FUZZ_CASES ?? 2000);

type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);
/** Bytes that matter to the formats: digits, separators, JSON punctuation, base64, escapes, UTF-8 lead bytes. */
const INTERESTING = [...'0123456789 \n\r{}[]":,-.=+/^|~`\\eE', '\u0000', '\u00ff'].map((c) =>
  c.charCodeAt(0),
);

/** One random mutation (or a few) of `src`. */
function mutate(r: Rand, src: Uint8Array): Uint8Array {
  let b = src;
  for (let k = 1 + int(r, 3); k > 0; k--) {
    const at = int(r, b.length + 1);
    switch (int(r, 6)) {
      case 0: // truncate
        b = b.slice(0, at);
        break;
      case 1: // flip a bit
        if (b.length) {
          b = b.slice();
          b[at % b.length] ^= 1 << int(r, 8);
        }
        break;
      case 2: // replace with an interesting or random byte
        if (b.length) {
          b = b.slice();
          b[at % b.length] = r() < 0.7 ? INTERESTING[int(r, INTERESTING.length)]! : int(r, 256);
        }
        break;
      case 3: {
        // insert a few bytes
        const ins = Array.from({ length: 1 + int(r, 4) }, () => INTERESTING[int(r, INTERESTING.length)]!);
        b = Uint8Array.from([...b.subarray(0, at), ...ins, ...b.subarray(at)]);
        break;
      }
      case 4: // delete a span
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(Math.min(b.length, at + 1 + int(r, 8)))]);
        break;
      default: {
        // duplicate a span elsewhere
        const s = int(r, b.length + 1);
        const span = b.subarray(s, Math.min(b.length, s + 1 + int(r, 40)));
        b = Uint8Array.from([...b.subarray(0, at), ...span, ...b.subarray(at)]);
      }
    }
  }
  return b;
}

/** Runs `parse` on `CASES` mutations of the inputs; returns how many parsed and how many threw typed errors. */
function fuzz(seed: number, inputs: Uint8Array[], parse: (b: Uint8Array) => void) {
  const r = rng(seed);
  let ok = 0;
  let typed = 0;
  const t0 = performance.now();
  let slowest = 0;
  for (let i = 0; i < CASES; i++) {
    const input = mutate(r, inputs[i % inputs.length]!);
    const t = performance.now();
    try {
      parse(input);
      ok++;
    } catch (e) {
      if (!(e instanceof TokenizerError)) {
        const text = new TextDecoder().decode(input.subarray(0, 300));
        throw new Error(`case ${i}: untyped ${String(e)} on input ${JSON.stringify(text)}…`, { cause: e });
      }
      typed++;
    }
    slowest = Math.max(slowest, performance.now() - t);
  }
  return { ok, typed, ms: performance.now() - t0, slowest };
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('fuzzed parsers give a result or a typed error, quickly', () => {
  it('.tiktoken rank files', () => {
    const inputs = [
      utf8(tinyRanks(['ab', 'abc', ' the', 'ü', [0xe2, 0x82], 'hello'])),
      utf8('YQ== 0\nYg== 1\r\nYWI= 2\n\nYWJj 3\n'),
    ];
    const s = fuzz(1, inputs, (b) => {
      const t = parseTiktokenRanks(b);
      t.checksum();
    });
    expect(s.ok + s.typed).toBe(CASES);
    expect(s.typed).toBeGreaterThan(CASES / 10);
    expect(s.slowest).toBeLessThan(1000);
  });

  it("js-tiktoken's compressed ranks", () => {
    const inputs = [
      utf8('! 0 YQ== Yg== YWI= YWJj\n! 5 IHRoZQ== w7w=\n'),
      utf8('x 0 YQ== Yg==\r\n\n! 2 YWI='),
    ];
    const s = fuzz(2, inputs, (b) => parseJsTiktokenRanks(b).checksum());
    expect(s.ok + s.typed).toBe(CASES);
    expect(s.typed).toBeGreaterThan(CASES / 10);
    expect(s.slowest).toBeLessThan(1000);
  });

  it('glossa compact ranks', () => {
    const table = parseTiktokenRanks(
      tinyRanks(['ab', 'abc', ' the', 'ü', '中文', '😀', [0xe2, 0x82], '"\\^|~`']),
    );
    const inputs = [utf8(formatCompactRanks(table, 'tiny'))];
    const s = fuzz(3, inputs, (b) => decodeCompactRanks(text(b)));
    expect(s.ok + s.typed).toBe(CASES);
    expect(s.typed).toBeGreaterThan(CASES / 2);
    expect(s.slowest).toBeLessThan(1000);
  });

  it('tokenizer.json (BPE byte-level and classic, WordPiece, WordLevel, character, tiktoken-built)', () => {
    const corpus = ['the cat sat on the mat', 'the dog sat on the log', 'héllo wörld 中文 😀'];
    const inputs = [
      trainBPE(corpus, { vocabSize: 280, specialTokens: ['<|endoftext|>'] }).toTokenizerJson(),
      trainBPE(corpus, { vocabSize: 60, kind: 'classic' }).toTokenizerJson(),
      fromBertVocab('[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nthe\ncat\n##s\nsat\n,\n.').toTokenizerJson(),
      trainWordTokenizer(corpus).toTokenizerJson(),
      trainCharTokenizer(corpus).toTokenizerJson(),
      fromTiktoken(tinyRanks(['th', 'the', ' t', ' the', 'at']), {
        pattern: ENCODINGS.r50k_base!.pattern,
        specialTokens: { '<|endoftext|>': 261 },
      }).toTokenizerJson(),
    ].map(utf8);
    const s = fuzz(4, inputs, (b) => {
      const tok = fromTokenizerJson(text(b));
      const e = tok.encode('the cat sat, héllo 中文 😀 <|endoftext|>');
      tok.decode(e.ids);
      e.offsets;
    });
    expect(s.ok + s.typed).toBe(CASES);
    expect(s.typed).toBeGreaterThan(CASES / 10);
    expect(s.slowest).toBeLessThan(2000);
  });

  it('tokenizer.json read from bytes loads as the same file read as text', () => {
    // the bytes path (vocabulary and merges scanned without decoding) against the text path, case by case:
    // the same typed error (message included) or the same ids
    const corpus = ['the cat sat on the mat', 'the dog sat on the log', 'héllo wörld 中文 😀 "q" \\ \t'];
    const bpe = trainBPE(corpus, { vocabSize: 330, specialTokens: ['<|endoftext|>'] });
    const inputs = [
      bpe.toTokenizerJson(2),
      JSON.stringify({ ...bpe.toJSON(), model: { ...bpe.toJSON().model, merges: bpe.segmenter.merges } }),
      trainBPE(corpus, { vocabSize: 60, kind: 'classic' }).toTokenizerJson(),
    ].map(utf8);
    const sample = `${corpus.join(' ')} <|endoftext|>`;
    const outcome = (load: () => ReturnType<typeof fromTokenizerJson>) => {
      try {
        return load().encode(sample).ids.join(' ');
      } catch (e) {
        if (!(e instanceof TokenizerError)) throw e;
        return `${e.name}: ${e.message}`;
      }
    };
    for (const b of inputs) {
      expect(scanTokenizerJsonBytes(b)).not.toBeNull();
      expect(outcome(() => fromTokenizerJson(b))).toBe(outcome(() => fromTokenizerJson(text(b))));
    }
    let scanned = 0;
    const s = fuzz(5, inputs, (b) => {
      if (scanTokenizerJsonBytes(b) !== null) scanned++;
      const fromBytes = outcome(() => fromTokenizerJson(b));
      const fromText = outcome(() => fromTokenizerJson(text(b)));
      if (fromBytes !== fromText) throw new Error(`bytes: ${fromBytes}\ntext: ${fromText}`);
    });
    expect(s.ok).toBe(CASES);
    expect(scanned).toBeGreaterThan(CASES / 20); // mutated but still valid: read the bytes way (the rest fell back to text)
  });
});
