import { describe, expect, it } from 'vitest';
import { stepPastEmpty } from './regex-step';

/** Every match of `re` in `s` (empty ones stepped over), as [index, text]. */
function matches(re: RegExp, s: string): [number, string][] {
  const out: [number, string][] = [];
  re.lastIndex = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    if (m[0] === '') stepPastEmpty(re, s, m.index);
    out.push([m.index, m[0]]);
  }
  return out;
}

describe('stepPastEmpty', () => {
  it('steps over a surrogate pair whole (lastIndex++ would loop forever before an emoji)', () => {
    // V8 moves a unicode regex's lastIndex from inside a pair back to its start: the cause of the hang
    const re = /(?:)/gu;
    re.lastIndex = 2;
    expect(re.exec('a😀')?.index).toBe(1);
    expect(matches(/(?:)/gu, 'a😀b')).toEqual([
      [0, ''],
      [1, ''],
      [3, ''],
      [4, ''],
    ]);
    expect(matches(/b*/gu, '😀bb😀')).toEqual([
      [0, ''],
      [2, 'bb'],
      [4, ''],
      [6, ''],
    ]);
  });

  it('steps one unit over a lone surrogate', () => {
    expect(matches(/(?:)/gu, '\ud83d\ud83dx').map(([i]) => i)).toEqual([0, 1, 2, 3]);
    expect(matches(/(?:)/gu, '\ude00').map(([i]) => i)).toEqual([0, 1]);
  });
});
