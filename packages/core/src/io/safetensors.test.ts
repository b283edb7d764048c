import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/fixtures/load';
import { FormatError } from '../errors';
import { Embedding } from '../layers/embedding';
import { LayerNorm } from '../layers/layer-norm';
import { Linear } from '../layers/linear';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { bfloat16ToFloat32, float16ToFloat32 } from './half';
import { loadSafetensors, parseSafetensors, serializeSafetensors } from './safetensors';

const here = dirname(fileURLToPath(import.meta.url));
const torchFile = new Uint8Array(readFileSync(join(here, '../../test/fixtures/torch.safetensors')));
const fx = loadFixture('safetensors.torch.json');

/** Builds a file from a header object and a data area, for the validation tests. */
function file(header: unknown, data = new Uint8Array(0), rawHeader?: string): Uint8Array {
  const json = new TextEncoder().encode(rawHeader ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('parseSafetensors', () => {
  it('reads a file written from PyTorch with identical values (F32, F16, BF16, F64, I32, I64, BOOL, empty)', () => {
    const { tensors, metadata } = parseSafetensors(torchFile);
    expect(metadata).toEqual(fx.metadata);
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(fx.tensors).sort());
    for (const [k, e] of Object.entries(
      fx.tensors as Record<string, { dtype: string; shape: number[]; data: number[] }>,
    )) {
      const t = tensors[k]!;
      expect(t.fileDtype).toBe(e.dtype);
      expect(t.shape).toEqual(e.shape);
      // Half precision and F64 are converted to float32; compare at float32 precision.
      expect(Array.from(t.data)).toEqual(e.data.map((v) => (t.dtype === 'float32' ? Math.fround(v) : v)));
    }
  });

  it('converts half-precision bit patterns', () => {
    expect(float16ToFloat32(0x3c00)).toBe(1);
    expect(float16ToFloat32(0xc100)).toBe(-2.5);
    expect(float16ToFloat32(0x7bff)).toBe(65504);
    expect(float16ToFloat32(0x0001)).toBe(2 ** -24);
    expect(float16ToFloat32(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(float16ToFloat32(0x7e00)).toBeNaN();
    expect(bfloat16ToFloat32(0x3f80)).toBe(1);
    expect(bfloat16ToFloat32(0xc049)).toBe(-3.140625);
  });

  it('rejects malformed files with FormatErrors that say what is wrong', () => {
    const f32 = (n: number) => new Uint8Array(4 * n);
    const cases: Array<[Uint8Array, RegExp]> = [
      [new Uint8Array(4), /at least 8 bytes/],
      [
        (() => {
          const b = file({});
          new DataView(b.buffer).setBigUint64(0, 1000n, true);
          return b;
        })(),
        /runs past the end/,
      ],
      [file(null, undefined, '{"a": '), /not valid UTF-8 JSON/],
      [file([]), /must be a JSON object/],
      [
        file({ a: { dtype: 'Q8', shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1)),
        /dtype 'Q8' is not supported/,
      ],
      [
        file({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, f32(1)),
        /shape must be an array of non-negative integers/,
      ],
      [
        file({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, f32(1)),
        /needs 8 bytes, data_offsets span 4/,
      ],
      [file({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 0] } }, f32(1)), /0 <= begin <= end/],
      [file({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32(0)), /past the data area/],
      [file({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32(2)), /begin 4, expected 0/],
      [
        file(
          {
            a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
            b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
          },
          f32(2),
        ),
        /begin 4, expected 8|begin 8, expected/,
      ],
      [
        file({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32(2)),
        /data area has 8 bytes but the tensors cover 4/,
      ],
      [file({ __metadata__: { n: 1 } }), /__metadata__\['n'\] must be a string/],
      [
        (() => {
          const d = new Uint8Array(8);
          new DataView(d.buffer).setBigInt64(0, 2n ** 40n, true);
          return file({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, d);
        })(),
        /does not fit in int32/,
      ],
    ];
    for (const [bytes, msg] of cases) {
      expect(() => parseSafetensors(bytes)).toThrow(FormatError);
      expect(() => parseSafetensors(bytes)).toThrow(msg);
    }
  });
});

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `safetensors tensors on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('a PyTorch state dict loads into glossa modules and reproduces the PyTorch forward', () =>
        withBackend(b.name, async () => {
          const { tensors } = loadSafetensors(torchFile);
          const emb = new Embedding({ numEmbeddings: 10, embeddingDim: 4 });
          const ln = new LayerNorm({ normalizedShape: 4 });
          const fc = new Linear({ inFeatures: 4, outFeatures: 3 });
          emb.loadStateDict(tensors, { prefix: '0.', strict: false });
          ln.loadStateDict(tensors, { prefix: '1.', strict: false });
          fc.loadStateDict(tensors, { prefix: '2.', strict: false });
          const ids = tf.tensor(fx.ids.data, fx.ids.shape, 'int32');
          const y = tf.tidy(() => fc.forward(ln.forward(emb.forward(ids))));
          expect(await maxAbsDiff(y, fx.output.data)).toBeLessThan(1e-5);
          tf.dispose([ids, y, ...Object.values(tensors)]);
          for (const m of [emb, ln, fc]) m.dispose();
        }));

      it('round-trips float32, int32 and bool tensors with metadata, 8-byte aligned', () =>
        withBackend(b.name, async () => {
          const src = {
            'w.weight': tf.tensor2d([1.5, -2, 3.25, 1e-30], [2, 2]),
            ids: tf.tensor1d([0, -7, 2147483647], 'int32'),
            mask: tf.tensor1d([1, 0, 1], 'bool'),
            empty: tf.zeros([0, 4]),
          };
          const bytes = await serializeSafetensors(
            { ...src, plain: { shape: [2], data: [3, 4] } },
            { step: '12' },
          );
          const headerLen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
          expect((8 + headerLen) % 8).toBe(0);
          const { tensors, metadata } = loadSafetensors(bytes);
          expect(metadata).toEqual({ step: '12' });
          for (const [k, t] of Object.entries(src)) {
            expect(tensors[k]!.dtype).toBe(t.dtype);
            expect(tensors[k]!.shape).toEqual(t.shape);
            expect(Array.from(await tensors[k]!.data())).toEqual(Array.from(await t.data()));
          }
          expect(Array.from(await tensors.plain!.data())).toEqual([3, 4]);
          tf.dispose([...Object.values(src), ...Object.values(tensors)]);
        }));
    },
  );
}
