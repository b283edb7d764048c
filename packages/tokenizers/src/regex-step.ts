/**
 * Moves a global regex past an empty match at `at` by one code point. `re.lastIndex++` is not enough: with
 * the `u` flag V8 moves a `lastIndex` that points inside a surrogate pair back to the pair's start, so an
 * empty match before an emoji (a pattern such as `""`, `a*` or `(?=x)`) would be found again forever.
 *
 * @example
 * ```ts
 * const re = /(?:)/gu;
 * for (let m = re.exec(s); m !== null; m = re.exec(s)) if (m[0] === '') stepPastEmpty(re, s, m.index);
 * ```
 */
export function stepPastEmpty(re: RegExp, text: string, at: number): void {
  const c = text.charCodeAt(at);
  const pair = c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(at + 1) & 0xfc00) === 0xdc00;
  re.lastIndex = at + (pair ? 2 : 1);
}
