import { ArgumentError } from './errors';

/**
 * A small seeded pseudo-random generator (a Weyl sequence passed through a 32-bit avalanche mix), returning
 * floats in [0, 1). The same seed always gives the same stream, in Node and in browsers.
 *
 * @example
 * ```ts
 * const rand = seededRandom(42);
 * rand(); // same value on every run
 * ```
 */
export function seededRandom(seed: number): () => number {
  if (!Number.isFinite(seed)) throw new ArgumentError('seed', 'a finite number', seed);
  let state = Math.floor(seed) >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  };
}
