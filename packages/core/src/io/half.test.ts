import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/fixtures/load';
import {
  bfloat16ArrayToFloat32,
  bfloat16ToFloat32,
  float16ArrayToFloat32,
  float16ToFloat32,
  float32ArrayToHalf,
  float32ToBfloat16,
  float32ToFloat16,
} from './half';

const fx = loadFixture('pretrained.torch.json');

describe('float32 → float16', () => {
  it('rounds to nearest even, by hand', () => {
    expect(float32ToFloat16(1)).toBe(0x3c00);
    expect(float32ToFloat16(-2.5)).toBe(0xc100);
    expect(float32ToFloat16(65504)).toBe(0x7bff);
    // 1 + 2^-11 lies halfway between 1 (0x3c00, even) and 1 + 2^-10 (0x3c01): ties go to even.
    expect(float32ToFloat16(1 + 2 ** -11)).toBe(0x3c00);
    // 1 + 3·2^-11 lies halfway between 0x3c01 (odd) and 0x3c02 (even).
    expect(float32ToFloat16(1 + 3 * 2 ** -11)).toBe(0x3c02);
    // Just above the tie rounds up.
    expect(float32ToFloat16(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
    // 65520 is the tie between 65504 and 2^16: it rounds to the even side, which is infinity.
    expect(float32ToFloat16(65519.99)).toBe(0x7bff);
    expect(float32ToFloat16(65520)).toBe(0x7c00);
    expect(float32ToFloat16(-1e6)).toBe(0xfc00);
    // Subnormals: 2^-24 is the smallest; 2^-25 is the tie with 0 (even) and 3·2^-26 rounds up.
    expect(float32ToFloat16(2 ** -14)).toBe(0x0400);
    expect(float32ToFloat16(2 ** -24)).toBe(0x0001);
    expect(float32ToFloat16(2 ** -25)).toBe(0x0000);
    expect(float32ToFloat16(3 * 2 ** -26)).toBe(0x0001);
    expect(float32ToFloat16(-0)).toBe(0x8000);
    expect(float32ToFloat16(1e-40)).toBe(0);
    expect(float32ToFloat16(Number.NaN)).toBe(0x7e00);
    expect(float32ToFloat16(Number.NEGATIVE_INFINITY)).toBe(0xfc00);
  });

  it('decodes back exactly for every half value (bulk table and scalar agree)', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const decoded = float16ArrayToFloat32(all);
    const wrong: number[] = [];
    for (let h = 0; h < 65536; h++) {
      const v = float16ToFloat32(h);
      const same = Number.isNaN(v)
        ? Number.isNaN(decoded[h]!)
        : decoded[h] === v && float32ToFloat16(v) === h;
      if (!same) wrong.push(h);
    }
    expect(wrong).toEqual([]);
  });
});

describe('float32 → bfloat16', () => {
  it('rounds to nearest even, by hand', () => {
    expect(float32ToBfloat16(1)).toBe(0x3f80);
    expect(float32ToBfloat16(Math.PI)).toBe(0x4049); // 3.140625
    // 1 + 2^-8 is the tie between 1 (0x3f80, even) and 1 + 2^-7 (0x3f81).
    expect(float32ToBfloat16(1 + 2 ** -8)).toBe(0x3f80);
    expect(float32ToBfloat16(1 + 3 * 2 ** -8)).toBe(0x3f82);
    expect(float32ToBfloat16(1 + 2 ** -8 + 2 ** -20)).toBe(0x3f81);
    expect(float32ToBfloat16(3.4e38)).toBe(0x7f80); // past the largest bfloat16: infinity
    expect(float32ToBfloat16(-0)).toBe(0x8000);
    expect(bfloat16ToFloat32(float32ToBfloat16(Number.NaN))).toBeNaN();
    expect(Array.from(bfloat16ArrayToFloat32(new Uint16Array([0x3f80, 0xc049])))).toEqual([1, -3.140625]);
  });
});

it('gives the bit patterns PyTorch gives (.half(), .bfloat16())', () => {
  const half = fx.half as { float32_bits: number[]; f16: number[]; bf16: number[] };
  const values = new Float32Array(new Uint32Array(half.float32_bits).buffer);
  const { f16, bf16 } = half;
  expect(Array.from(float32ArrayToHalf(values, 'float16'))).toEqual(f16);
  expect(Array.from(float32ArrayToHalf(values, 'bfloat16'))).toEqual(bf16);
});
