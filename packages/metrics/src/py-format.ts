/**
 * Formats a number like Python's `f"{x:.{digits}f}"`: the exact binary value rounded half to even
 * (JavaScript's `toFixed` rounds exact ties away from zero).
 *
 * @example
 * ```ts
 * pyFixed(0.125, 2); // "0.12" (toFixed gives "0.13")
 * ```
 */
export function pyFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  const s = x.toFixed(digits);
  // An exact tie is only possible when x * 10^digits has a fractional part of exactly 0.5,
  // which needs x to be exactly representable with digits+1 decimals.
  const scaled = x * 10 ** digits;
  const frac = Math.abs(scaled - Math.trunc(scaled));
  if (frac !== 0.5 || Number(x.toFixed(digits + 1)) !== x) return s;
  const down = (Math.trunc(scaled) / 10 ** digits).toFixed(digits);
  const lastDigit = Number(down[down.length - 1]);
  return lastDigit % 2 === 0 ? down : s;
}
