/**
 * `exp(x)` for `x ≤ 0` about three times faster than `Math.exp`, to relative error below 1e-11:
 * `e^x = e^(−k/64) · e^r` with `e^(−k/64)` from a table and `e^r`, `|r| < 1/64`, from a degree-4
 * Taylor polynomial. Below −64 it returns 0 (`e^−64 ≈ 1.6e−28`, nothing next to the largest
 * term of a softmax, which is 1). Positive `x` falls back to `Math.exp`.
 *
 * The generation loop computes softmax normalisers of 50,257-token rows with it every step.
 *
 * @example
 * ```ts
 * fastExp(-1.5); // 0.22313016014842982 (Math.exp: 0.22313016014843)
 * fastExp(-Infinity); // 0
 * ```
 */
export function fastExp(x: number): number {
  if (x > 0) return Math.exp(x);
  const y = -x * STEPS;
  if (!(y < LIMIT)) return 0;
  const k = y | 0;
  const r = (k - y) / STEPS;
  return (table ?? buildTable())[k]! * (1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24)))));
}

const STEPS = 64;
const LIMIT = 64 * STEPS;
let table: Float64Array | null = null;

function buildTable(): Float64Array {
  const t = new Float64Array(LIMIT + 1);
  for (let k = 0; k <= LIMIT; k++) t[k] = Math.exp(-k / STEPS);
  table = t;
  return t;
}
