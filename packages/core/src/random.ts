/**
 * Seeded random numbers for initialisation, dropout, shuffling and sampling.
 *
 * `Generator` is a small, fast PRNG (xoshiro128**, seeded through splitmix32) whose state can be
 * saved and restored, so a checkpoint resumes with exactly the same random stream.
 *
 * @example
 * ```ts
 * const g = new Generator(42);
 * g.uniform();            // in [0, 1)
 * g.normal();             // standard normal
 * const s = g.getState(); // save …
 * g.setState(s);          // … and restore
 * ```
 */
export class Generator {
  private s = new Uint32Array(4);
  private spareNormal: number | null = null;

  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /** Re-seeds the generator (any integer; only the low 32 bits … plus the high bits folded in). */
  manualSeed(seed: number): this {
    let x = (Math.floor(seed) ^ Math.floor(seed / 2 ** 32)) >>> 0;
    for (let i = 0; i < 4; i++) {
      // splitmix32
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if (this.s.every((v) => v === 0)) this.s[0] = 1;
    this.spareNormal = null;
    return this;
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 32 bits of randomness. */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Box–Muller, caching the second value). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Fills a Float32Array with uniform values in [low, high). */
  fillUniform(out: Float32Array, low = 0, high = 1): Float32Array {
    const w = high - low;
    for (let i = 0; i < out.length; i++) out[i] = low + w * this.uniform();
    return out;
  }

  /** Fills a Float32Array with normal values of the given mean and standard deviation. */
  fillNormal(out: Float32Array, mean = 0, std = 1): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** Serializable state (for checkpoints). */
  getState(): number[] {
    return [...this.s, this.spareNormal === null ? Number.NaN : this.spareNormal];
  }

  /** Restores a state from `getState()`. */
  setState(state: readonly number[]): void {
    for (let i = 0; i < 4; i++) this.s[i] = (state[i] ?? 0) >>> 0;
    const spare = state[4];
    this.spareNormal = spare === undefined || Number.isNaN(spare) ? null : spare;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

let defaultGenerator = new Generator(0);

/** The process-wide default generator used when a module or function is given no `generator`. */
export function getDefaultGenerator(): Generator {
  return defaultGenerator;
}

/** Seeds the default generator, like `torch.manual_seed`. Returns it. */
export function manualSeed(seed: number): Generator {
  defaultGenerator = new Generator(seed);
  return defaultGenerator;
}
