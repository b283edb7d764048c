import { ArgumentError, ShapeError, useBackend } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  causalMask,
  combineMasks,
  keyPaddingMaskFromAttentionMask,
  keyPaddingMaskFromLengths,
  MASKED,
  slidingWindowMask,
  toAdditiveMask,
} from './masks';

const T = 1;
const F = 0;

describe('masks', () => {
  beforeAll(() => useBackend('cpu', { verbose: false }));

  it('causalMask marks future keys, with an offset for cached prefixes', () => {
    const m = causalMask(3);
    expect(m.dtype).toBe('bool');
    expect(m.arraySync()).toEqual([
      [0, 1, 1],
      [0, 0, 1],
      [0, 0, 0],
    ]);
    const o = causalMask(2, undefined, 2); // queries at positions 2 and 3 over 4 keys
    expect(o.arraySync()).toEqual([
      [F, F, F, T],
      [F, F, F, F],
    ]);
    tf.dispose([m, o]);
  });

  it('slidingWindowMask keeps |i - j| < window (and only the past when causal)', () => {
    const m = slidingWindowMask(4, { window: 2 });
    expect(m.arraySync()).toEqual([
      [F, F, T, T],
      [F, F, F, T],
      [T, F, F, F],
      [T, T, F, F],
    ]);
    const c = slidingWindowMask(4, { window: 2, causal: true });
    expect(c.arraySync()).toEqual([
      [F, T, T, T],
      [F, F, T, T],
      [T, F, F, T],
      [T, T, F, F],
    ]);
    expect(() => slidingWindowMask(4, { window: 0 })).toThrow(ArgumentError);
    tf.dispose([m, c]);
  });

  it('key padding masks from lengths and from HF attention masks', () => {
    const a = keyPaddingMaskFromLengths([3, 1], 4);
    expect(a.arraySync()).toEqual([
      [F, F, F, T],
      [F, T, T, T],
    ]);
    const hf = tf.tensor2d(
      [
        [1, 1, 0],
        [1, 0, 0],
      ],
      [2, 3],
      'int32',
    );
    const b = keyPaddingMaskFromAttentionMask(hf);
    expect(b.arraySync()).toEqual([
      [F, F, T],
      [F, T, T],
    ]);
    expect(() => keyPaddingMaskFromLengths([5], 4)).toThrow(
      'keyPaddingMaskFromLengths(lengths[0]): expected an integer in [0, 4], received 5',
    );
    const bad = tf.zeros([3]);
    expect(() => keyPaddingMaskFromAttentionMask(bad as tf.Tensor2D)).toThrow(ShapeError);
    tf.dispose([a, hf, b, bad]);
  });

  it('toAdditiveMask and combineMasks turn bool and -inf masks into finite additive masks', () => {
    const bool = tf.tensor2d([false, true], [1, 2], 'bool');
    const flt = tf.tensor2d([[Number.NEGATIVE_INFINITY], [-2]], [2, 1]);
    const a = toAdditiveMask(bool);
    expect(a.dataSync()[0]).toBeCloseTo(0);
    expect(a.dataSync()[1]).toBe(MASKED);
    const c = combineMasks(bool, undefined, flt)!;
    expect(Array.from(c.dataSync())).toEqual([MASKED, 2 * MASKED, -2, Math.fround(MASKED - 2)]);
    expect(combineMasks(undefined)).toBeUndefined();
    tf.dispose([bool, flt, a, c]);
  });
});
