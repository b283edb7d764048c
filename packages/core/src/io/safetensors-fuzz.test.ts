// Fuzzing the safetensors readers: seeded truncations, bit flips, byte replacements, insertions, a
// header length set to anything up to 2^64 − 1, and header fields replaced with wrong types or values.
// Whole-buffer parsing and the streamed reader (over a stream of unknown length and a file of known
// size) must give the tensors or a FormatError — never a TypeError/RangeError, a hang, or an allocation
// of what a corrupt header claims.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../errors';
import { positionalReader, streamReader } from './byte-reader';
import { parseSafetensors } from './safetensors';
import { readSafetensorsStream } from './safetensors-stream';

const CASES = Number(process.env.GLOSSA_FUZZ_CASES ?? 2000);
const here = dirname(fileURLToPath(import.meta.url));
// written by PyTorch's safetensors: F32, F16, BF16, F64, I32, I64, BOOL, an empty tensor, metadata
const torchFile = new Uint8Array(readFileSync(join(here, '../../test/fixtures/torch.safetensors')));

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

const headerLength = (b: Uint8Array) => Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true));

/** `file` with its JSON header replaced by `header` (the data area kept). */
function withHeader(file: Uint8Array, header: unknown): Uint8Array {
  const n = headerLength(file);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + file.length - 8 - n);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(file.subarray(8 + n), 8 + json.length);
  return out;
}

const ODD = [
  null,
  true,
  -1,
  0,
  1.5,
  1e300,
  2 ** 53,
  2 ** 50,
  'F32',
  'I64',
  'BOOL',
  'U8',
  '',
  [],
  [0],
  [1, 2],
  [0, 2 ** 50],
  [2 ** 25, 2 ** 25],
  [-1, 4],
  {},
  { dtype: 'F32', shape: [2 ** 40], data_offsets: [0, 2 ** 42] },
];
const BYTES = [0, 1, 0x22, 0x2c, 0x30, 0x39, 0x3a, 0x5b, 0x5d, 0x7b, 0x7d, 0x80, 0xff];

/** One to three byte-level or field-level mutations of `src`. */
function mutate(r: Rand, src: Uint8Array): Uint8Array {
  let b = src;
  for (let k = 1 + int(r, 3); k > 0; k--) {
    const at = int(r, b.length + 1);
    switch (int(r, 7)) {
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
          ...Array.from({ length: 1 + int(r, 8) }, () => int(r, 256)),
          ...b.subarray(at),
        ]);
        break;
      case 4: {
        // the header length: huge, past the end, or off by a little
        if (b.length < 8) break;
        b = b.slice();
        const n = [
          2n ** 64n - 1n,
          2n ** 53n,
          100_000_000n,
          BigInt(b.length),
          BigInt(headerLength(b) + int(r, 9) - 4),
        ][int(r, 5)]!;
        new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, n), true);
        break;
      }
      default: {
        // a field of the JSON header replaced (the bytes must still parse as the original header)
        let header: Record<string, Record<string, unknown>>;
        try {
          header = JSON.parse(new TextDecoder().decode(b.subarray(8, 8 + headerLength(b))));
        } catch {
          break;
        }
        const names = Object.keys(header);
        if (!names.length) break;
        const entry = header[names[int(r, names.length)]!];
        const odd = ODD[int(r, ODD.length)];
        if (entry && typeof entry === 'object') {
          const field = ['dtype', 'shape', 'data_offsets', 'x'][int(r, 4)]!;
          if (r() < 0.2) delete entry[field];
          else entry[field] = odd;
        } else header[names[0]!] = odd as Record<string, unknown>;
        b = withHeader(b, header);
      }
    }
  }
  return b;
}

/** A stream of `bytes` in chunks of 1–64 bytes. */
function chunked(bytes: Uint8Array, r: Rand): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      const n = 1 + int(r, 64);
      c.enqueue(bytes.slice(at, at + n));
      at += n;
    },
  });
}

const typed = (e: unknown) => e instanceof FormatError;

describe('safetensors readers under fuzzing', () => {
  it(`${CASES} mutated files: tensors or a FormatError, from a buffer and from streams`, async () => {
    const r = rng(2324);
    const heap0 = process.memoryUsage().arrayBuffers;
    let ok = 0;
    let errors = 0;
    let slowest = 0;
    for (let i = 0; i < CASES; i++) {
      const input = mutate(r, torchFile);
      const t = performance.now();
      let whole: string[] | undefined;
      try {
        whole = Object.keys(parseSafetensors(input).tensors).sort();
        ok++;
      } catch (e) {
        if (!typed(e)) throw new Error(`case ${i}: parseSafetensors threw ${String(e)}`, { cause: e });
        errors++;
      }
      // the streamed reader: of unknown length (a download without Content-Length) and of known size
      for (const reader of [
        streamReader('fuzz', chunked(input, r), undefined),
        positionalReader('fuzz', input.length, async (p, n) => input.slice(p, p + n)),
      ]) {
        const names: string[] = [];
        try {
          await readSafetensorsStream(reader, 'fuzz', (entry) => names.push(entry.name));
          // both readers validate alike: they agree with the whole-buffer parse
          expect(names.sort()).toEqual(whole);
        } catch (e) {
          if (!typed(e)) throw new Error(`case ${i}: readSafetensorsStream threw ${String(e)}`, { cause: e });
        } finally {
          await reader.close();
        }
      }
      slowest = Math.max(slowest, performance.now() - t);
    }
    expect(ok + errors).toBe(CASES);
    expect(ok).toBeGreaterThan(CASES / 20);
    expect(errors).toBeGreaterThan(CASES / 2);
    expect(slowest).toBeLessThan(1000);
    // nothing close to a claimed 2^50-byte tensor or 100 MB header was allocated
    expect(process.memoryUsage().arrayBuffers - heap0).toBeLessThan(64 * 2 ** 20);
  });

  it('a tensor named __proto__ is an ordinary tensor', () => {
    const header = JSON.parse(new TextDecoder().decode(torchFile.subarray(8, 8 + headerLength(torchFile))));
    const [name] = Object.keys(header).filter((k) => k !== '__metadata__');
    const renamed = JSON.stringify(header).replace(JSON.stringify(name), '"__proto__"');
    const { tensors } = parseSafetensors(withHeader(torchFile, JSON.parse(renamed)));
    expect(Object.keys(tensors)).toContain('__proto__');
    expect(Object.getPrototypeOf(tensors)).toBe(Object.prototype);
  });

  it('a stream of unknown length claiming a huge tensor or header fails when the stream ends', async () => {
    const big = withHeader(torchFile, { w: { dtype: 'F32', shape: [2 ** 40], data_offsets: [0, 2 ** 42] } });
    const reader = streamReader('big.safetensors', chunked(big, rng(1)), undefined);
    await expect(readSafetensorsStream(reader, 'big.safetensors', () => {})).rejects.toThrowError(
      /big\.safetensors: the file ends after \d+ bytes, \d+ more were expected/,
    );
    const header = new Uint8Array(64);
    new DataView(header.buffer).setBigUint64(0, 99_999_999n, true);
    const r2 = streamReader('h.safetensors', chunked(header, rng(2)), undefined);
    await expect(readSafetensorsStream(r2, 'h.safetensors', () => {})).rejects.toThrowError(FormatError);
  });
});
