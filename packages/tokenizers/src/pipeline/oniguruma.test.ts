import { describe, expect, it } from 'vitest';
import { compileOniguruma } from './oniguruma';

const split = (re: RegExp, t: string) => t.match(re);

describe('compileOniguruma', () => {
  it('gives \\s, \\d and \\w their Oniguruma (Unicode) meaning', () => {
    // \s is White_Space: U+0085 is whitespace, U+FEFF is not (JS has it the other way round)
    expect(split(compileOniguruma('\\s+|\\S+', 'p'), 'a\u0085b\ufeffc')).toEqual(['a', '\u0085', 'b\ufeffc']);
    expect(split(compileOniguruma('[^\\s]+', 'p'), 'x\u0085y')).toEqual(['x', 'y']);
    expect(split(compileOniguruma('\\d+', 'p'), 'a٣٤5')).toEqual(['٣٤5']);
    expect(split(compileOniguruma('\\w+', 'p'), 'héllo, wörld_1 ²')).toEqual(['héllo', 'wörld_1', '²']);
    expect(split(compileOniguruma('[\\w]+', 'p'), 'çà va')).toEqual(['çà', 'va']);
  });

  it('keeps escapes that are not shorthands', () => {
    expect(split(compileOniguruma('\\p{L}+|\\\\s|[\\]a]', 'p'), 'ab\\s]')).toEqual(['ab', '\\s', ']']);
  });
});
