/**
 * numpy's `repr` of a float32 (what gensim's `save_word2vec_format` writes in text files): the
 * shortest decimal that reads back as the same float32, positional for 1e-4 ≤ |x| < 1e16 (always
 * with a fractional part, `1.0`), scientific otherwise (`1e-05`, `-2.5e-07`, `1e+16`).
 *
 * @example
 * ```ts
 * reprFloat32(1 / 3);    // '0.33333334'
 * reprFloat32(1e-5);     // '1e-05'
 * reprFloat32(100);      // '100.0'
 * ```
 */
export function reprFloat32(value: number): string {
  const x = Math.fround(value);
  if (Number.isNaN(x)) return 'nan';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const a = Math.abs(x);
  let digits = '';
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const s = a.toExponential(p - 1);
    if (Math.fround(Number(s)) === a || p === 9) {
      const [mant, e] = s.split('e') as [string, string];
      digits = mant.replace('.', '').replace(/0+$/, '') || '0';
      exp = Number(e);
      break;
    }
  }
  if (a >= 1e-4 && a < 1e16) {
    if (exp >= 0) {
      const int = digits.length > exp + 1 ? digits.slice(0, exp + 1) : digits.padEnd(exp + 1, '0');
      const frac = digits.length > exp + 1 ? digits.slice(exp + 1) : '0';
      return `${sign}${int}.${frac}`;
    }
    return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  const rest = digits.length > 1 ? `.${digits.slice(1)}` : '';
  const e = Math.abs(exp).toString().padStart(2, '0');
  return `${sign}${digits[0]}${rest}e${exp < 0 ? '-' : '+'}${e}`;
}

/**
 * Parses a number as Python's `float()` does for the files word2vec tools write: decimal and
 * scientific notation, `inf`, `-inf`, `nan` (any case), surrounding whitespace allowed; `undefined`
 * when the text is not a number.
 *
 * @example
 * ```ts
 * parsePythonFloat('1e-05'); // 0.00001
 * parsePythonFloat('inf');   // Infinity
 * ```
 */
export function parsePythonFloat(text: string): number | undefined {
  const t = text.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  const l = t.toLowerCase();
  if (l === 'inf' || l === '+inf' || l === 'infinity' || l === '+infinity') return Number.POSITIVE_INFINITY;
  if (l === '-inf' || l === '-infinity') return Number.NEGATIVE_INFINITY;
  if (l === 'nan' || l === '+nan' || l === '-nan') return Number.NaN;
  return undefined;
}
