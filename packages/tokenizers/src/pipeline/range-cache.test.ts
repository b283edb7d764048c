import { describe, expect, it } from 'vitest';
import { RangeCache } from './range-cache';

describe('RangeCache', () => {
  it('looks substrings up without building them and starts over when full', () => {
    const c = new RangeCache<number>(2);
    expect(c.get('hello world', 6, 11)).toBeUndefined();
    c.set('hello world', 6, 11, 1);
    expect(c.get('the world', 4, 9)).toBe(1);
    expect(c.get('worlds', 0, 5)).toBe(1);
    expect(c.get('worlds', 0, 6)).toBeUndefined();
    c.set('worlds', 0, 6, 2);
    expect(c.size).toBe(2);
    expect(c.get('x', 0, 1)).toBeUndefined();
    c.set('x', 0, 1, 3);
    expect(c.size).toBe(1);
    expect(c.get('x', 0, 1)).toBe(3);
    expect(c.get('world', 0, 5)).toBeUndefined();
  });
});
