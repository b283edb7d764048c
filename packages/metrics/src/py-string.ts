// Python `str` semantics that BLEU/chrF parity depends on. Python's `str.split()` and `str.strip()`
// use Unicode whitespace as defined by `str.isspace()`, which differs from JavaScript's `\s`
// (Python adds U+001C–U+001F and U+0085; JavaScript adds U+FEFF).

const WS_CLASS =
  '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const WS_RUN = new RegExp(`[${WS_CLASS}]+`);
const WS_TRAILING = new RegExp(`[${WS_CLASS}]+$`);
const WS_LEADING = new RegExp(`^[${WS_CLASS}]+`);
const WS_ANY = new RegExp(`[${WS_CLASS}]`);

const OTHER_WS = new RegExp(`[${WS_CLASS.replace(' ', '')}]`);
const SPACES = / +/;

/** Python `s.split()`: split on runs of Unicode whitespace, dropping empty pieces. */
export function pySplit(s: string): string[] {
  const parts = s.split(OTHER_WS.test(s) ? WS_RUN : SPACES);
  if (parts.length > 0 && parts[0] === '') parts.shift();
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Python `s.rstrip()`. */
export function pyRstrip(s: string): string {
  if (s.length === 0) return s;
  const c = s.charCodeAt(s.length - 1);
  // Fast path: the last code unit is not whitespace (nothing to strip).
  if (c > 0x20 && c < 0x85) return s;
  return WS_ANY.test(s) ? s.replace(WS_TRAILING, '') : s;
}

/** Python `s.strip()`. */
export function pyStrip(s: string): string {
  return WS_ANY.test(s) ? s.replace(WS_LEADING, '').replace(WS_TRAILING, '') : s;
}

/** Python `''.join(s.split())`: remove all Unicode whitespace. */
export function pyRemoveWhitespace(s: string): string {
  return WS_ANY.test(s) ? s.split(WS_RUN).join('') : s;
}

/** Python `s.lower()` (JavaScript's full Unicode lowercasing agrees on the cases that matter here). */
export function pyLower(s: string): string {
  return s.toLowerCase();
}

/** Python `str.isspace()` for one UTF-16 code unit (no whitespace is astral). */
export function isPySpace(c: number): boolean {
  if (c < 0x85) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}
