import { describe, expect, it } from 'vitest';
import { parsePythonFloat, reprFloat32 } from './float-repr';

describe('reprFloat32 (numpy repr of float32)', () => {
  it('matches numpy 1.24 on representative values', () => {
    // /usr/bin/python3 -c "import numpy as np; print(repr(np.float32(v)))"
    const cases: Array<[number, string]> = [
      [1e-5, '1e-05'],
      [1.5e-5, '1.5e-05'],
      [-0, '-0.0'],
      [0, '0.0'],
      [1, '1.0'],
      [100, '100.0'],
      [0.0001, '1e-04'], // float32(1e-4) is just below 1e-4
      [0.00012345, '0.00012345'],
      [123456789, '123456790.0'],
      [1e16, '1e+16'],
      [9.999e15, '9999000000000000.0'],
      [0.1, '0.1'],
      [1 / 3, '0.33333334'],
      [-2.5e-7, '-2.5e-07'],
      [3.4e38, '3.4e+38'],
      [Number.POSITIVE_INFINITY, 'inf'],
      [Number.NaN, 'nan'],
      [0.000099999, '9.9999e-05'],
    ];
    for (const [v, s] of cases) expect(reprFloat32(v)).toBe(s);
  });

  it('round-trips every float32 it prints', () => {
    const a = new Float32Array(2000);
    for (let i = 0; i < a.length; i++) a[i] = Math.sin(i * 12.9898) * 10 ** ((i % 13) - 6);
    for (const v of a) expect(Math.fround(Number(reprFloat32(v)))).toBe(v);
  });

  it('parses what Python float() accepts in vector files', () => {
    expect(parsePythonFloat('1e-05')).toBe(1e-5);
    expect(parsePythonFloat('-inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(parsePythonFloat('nan')).toBeNaN();
    expect(parsePythonFloat(' .5 ')).toBe(0.5);
    expect(parsePythonFloat('0x10')).toBeUndefined();
    expect(parsePythonFloat('')).toBeUndefined();
  });
});
