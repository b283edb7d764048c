/** `1e0` … `1e308` as the nearest doubles (serde_json's `POW10` table). */
const POW10: readonly number[] = Array.from({ length: 309 }, (_, k) => Number(`1e${k}`));

const U64_MAX_DIV_10 = 1844674407370955161n;
const U64_MAX_MOD_10 = 5n;
/** Below this a significand can take one more digit exactly in a double. */
const EXACT = 900719925474099;

/**
 * The double that Hugging Face tokenizers reads for a JSON number literal. Its parser (serde_json without
 * `float_roundtrip`) rounds the decimal significand to a double and then multiplies or divides by a power
 * of ten, which can land one unit in the last place away from the correctly rounded value that
 * `JSON.parse` gives (7 of the 563 scores of a small trained Unigram model). Unigram ties are decided by
 * such bits, so scores are read this way. Returns `NaN` for text that is not a JSON number.
 *
 * @example
 * ```ts
 * serdeJsonNumber('-7.2428690661919735'); // -7.242869066191973 (JSON.parse: -7.2428690661919735)
 * ```
 */
export function serdeJsonNumber(lit: string): number {
  let i = 0;
  const n = lit.length;
  let positive = true;
  if (lit.charCodeAt(0) === 45) {
    positive = false;
    i = 1;
  }
  const first = lit.charCodeAt(i) - 48;
  if (!(first >= 0 && first <= 9)) return Number.NaN;
  i++;
  let small = first; // the significand while it is exact as a double
  let big: bigint | null = null;
  let overflowed = false;
  let exponent = 0;
  const push = (d: number): boolean => {
    if (big === null) {
      if (small < EXACT) {
        small = small * 10 + d;
        return true;
      }
      big = BigInt(small);
    }
    const b = BigInt(d);
    if (big >= U64_MAX_DIV_10 && (big > U64_MAX_DIV_10 || b > U64_MAX_MOD_10)) return false;
    big = big * 10n + b;
    return true;
  };
  if (first === 0) {
    const d = lit.charCodeAt(i) - 48;
    if (d >= 0 && d <= 9) return Number.NaN; // leading zero
  } else {
    for (; i < n; i++) {
      const d = lit.charCodeAt(i) - 48;
      if (!(d >= 0 && d <= 9)) break;
      if (overflowed) exponent++;
      else if (!push(d)) {
        overflowed = true;
        exponent++;
      }
    }
  }
  let isFloat = false;
  if (lit.charCodeAt(i) === 46) {
    isFloat = true;
    i++;
    const at = i;
    // serde_json tries each fraction digit again after an integer part that overflowed
    let full = false;
    for (; i < n; i++) {
      const d = lit.charCodeAt(i) - 48;
      if (!(d >= 0 && d <= 9)) break;
      if (full) continue;
      if (!push(d)) full = true;
      else exponent--;
    }
    if (i === at) return Number.NaN;
  }
  const e = lit.charCodeAt(i);
  if (e === 101 || e === 69) {
    isFloat = true;
    i++;
    let positiveExp = true;
    if (lit.charCodeAt(i) === 43) i++;
    else if (lit.charCodeAt(i) === 45) {
      positiveExp = false;
      i++;
    }
    const at = i;
    let exp = 0;
    for (; i < n; i++) {
      const d = lit.charCodeAt(i) - 48;
      if (!(d >= 0 && d <= 9)) break;
      exp = exp * 10 + d;
      if (exp > 0x7fffffff) {
        // serde_json: an error for a huge positive exponent, zero for a huge negative one
        const zero = big === null ? small === 0 : big === 0n;
        if (!zero && positiveExp) return Number.NaN;
        return positive ? 0 : -0;
      }
    }
    if (i === at) return Number.NaN;
    exponent = positiveExp ? exponent + exp : exponent - exp;
  }
  if (i !== n) return Number.NaN;
  const sig = big === null ? small : Number(big);
  // an integer (an overflowing one went through serde_json's float path, its dropped digits as exponent)
  if (!isFloat && !overflowed) return positive ? sig : -sig;
  let f = sig;
  for (;;) {
    const a = Math.abs(exponent);
    if (a <= 308) {
      f = exponent >= 0 ? f * POW10[a]! : f / POW10[a]!;
      break;
    }
    if (f === 0) break;
    if (exponent >= 0) return Number.NaN;
    f /= 1e308;
    exponent += 308;
  }
  return positive ? f : -f;
}
