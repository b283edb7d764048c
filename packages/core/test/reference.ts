/**
 * Plain float64 JavaScript reference implementations for the op × backend table (test support).
 * Arrays are flat, row-major; shapes travel beside them.
 */

/** A float64 tensor: flat values and a shape. */
export interface Ref {
  v: Float64Array;
  shape: number[];
}

export const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = (s[i + 1] as number) * (shape[i + 1] as number);
  return s;
}

/** Calls `fn` with every multi-index of `shape` in row-major order. */
export function forEachIndex(shape: readonly number[], fn: (idx: number[], flat: number) => void): void {
  const n = size(shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let f = 0; f < n; f++) {
    fn(idx, f);
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = (idx[d] as number) + 1;
      if ((idx[d] as number) < (shape[d] as number)) break;
      idx[d] = 0;
    }
  }
}

export const map = (x: Ref, f: (a: number) => number): Ref => ({ v: x.v.map(f), shape: x.shape });

/** Swaps the last two axes. */
export function t2(x: Ref): Ref {
  const r = x.shape.length;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return transpose(x, perm);
}

export function transpose(x: Ref, perm: number[]): Ref {
  const shape = perm.map((p) => x.shape[p] as number);
  const xs = strides(x.shape);
  const v = new Float64Array(size(shape));
  forEachIndex(shape, (idx, f) => {
    let o = 0;
    for (let d = 0; d < idx.length; d++) o += (idx[d] as number) * (xs[perm[d] as number] as number);
    v[f] = x.v[o] as number;
  });
  return { v, shape };
}

export function slice(x: Ref, begin: number[], sz: number[]): Ref {
  const xs = strides(x.shape);
  const v = new Float64Array(size(sz));
  forEachIndex(sz, (idx, f) => {
    let o = 0;
    for (let d = 0; d < idx.length; d++) o += ((idx[d] as number) + (begin[d] as number)) * (xs[d] as number);
    v[f] = x.v[o] as number;
  });
  return { v, shape: [...sz] };
}

/** Batched matMul with numpy broadcasting of the batch axes (rank ≥ 2 both). */
export function matMul(a: Ref, b: Ref, transposeA = false, transposeB = false): Ref {
  const A = transposeA ? t2(a) : a;
  const B = transposeB ? t2(b) : b;
  const m = A.shape[A.shape.length - 2] as number;
  const k = A.shape[A.shape.length - 1] as number;
  const n = B.shape[B.shape.length - 1] as number;
  const ab = A.shape.slice(0, -2);
  const bb = B.shape.slice(0, -2);
  const rank = Math.max(ab.length, bb.length);
  const pa = [...Array(rank - ab.length).fill(1), ...ab];
  const pb = [...Array(rank - bb.length).fill(1), ...bb];
  const ob = pa.map((d, i) => Math.max(d, pb[i] as number));
  const sa = strides(pa);
  const sb = strides(pb);
  const out = new Float64Array(size(ob) * m * n);
  forEachIndex(ob, (idx, f) => {
    let ia = 0;
    let ib = 0;
    for (let d = 0; d < rank; d++) {
      ia += ((pa[d] as number) === 1 ? 0 : (idx[d] as number)) * (sa[d] as number);
      ib += ((pb[d] as number) === 1 ? 0 : (idx[d] as number)) * (sb[d] as number);
    }
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++)
          s += (A.v[ia * m * k + i * k + p] as number) * (B.v[ib * k * n + p * n + j] as number);
        out[f * m * n + i * n + j] = s;
      }
  });
  return { v: out, shape: [...ob, m, n] };
}

/** Reduces `axis` with `f(values along axis)` → one value, keeping dims. */
function alongAxis(x: Ref, axis: number, f: (vals: number[]) => number[]): Ref {
  const ax = axis < 0 ? x.shape.length + axis : axis;
  const xs = strides(x.shape);
  const outer = x.shape.map((d, i) => (i === ax ? 1 : d));
  const v = new Float64Array(x.v.length);
  forEachIndex(outer, (idx) => {
    let base = 0;
    for (let d = 0; d < idx.length; d++) base += (idx[d] as number) * (xs[d] as number);
    const len = x.shape[ax] as number;
    const st = xs[ax] as number;
    const vals = Array.from({ length: len }, (_, i) => x.v[base + i * st] as number);
    const res = f(vals);
    for (let i = 0; i < len; i++) v[base + i * st] = res[i] as number;
  });
  return { v, shape: x.shape };
}

export function softmax(x: Ref, axis: number): Ref {
  return alongAxis(x, axis, (vals) => {
    const m = Math.max(...vals);
    const e = vals.map((a) => Math.exp(a - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((a) => a / s);
  });
}

export function logSoftmax(x: Ref, axis: number): Ref {
  return alongAxis(x, axis, (vals) => {
    const m = Math.max(...vals);
    const l = Math.log(vals.reduce((a, b) => a + Math.exp(b - m), 0)) + m;
    return vals.map((a) => a - l);
  });
}

/** (x − mean) / sqrt(var + eps) over the last axis (population variance). */
export function normalizeLast(x: Ref, eps: number): Ref {
  return alongAxis(x, -1, (vals) => {
    const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
    const variance = vals.reduce((a, b) => a + (b - mean) ** 2, 0) / vals.length;
    return vals.map((a) => (a - mean) / Math.sqrt(variance + eps));
  });
}

/** erf to ~1e-15 (series for small |x|, continued fraction via erfc otherwise). */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 200; n++) {
      term *= (-ax * ax) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17) break;
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc continued fraction (Lentz), accurate for |x| ≥ 2.5.
  let f = ax;
  for (let n = 60; n >= 1; n--) f = ax + n / 2 / f;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

/** Deterministic pseudo-random values in [lo, hi) (mulberry32). */
export function random(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = Math.fround(lo + (hi - lo) * u);
  }
  return out;
}

/**
 * 1-D convolution as `torch.nn.functional.conv1d`: `x` `[B, C_in, L]`, `w` `[C_out, C_in/groups, K]`,
 * optional bias `[C_out]`, zero padding `padding` on both ends.
 */
export function conv1d(
  x: Ref,
  w: Ref,
  bias: Ref | null,
  o: { stride?: number; padding?: number; dilation?: number; groups?: number } = {},
): Ref {
  const { stride = 1, padding = 0, dilation = 1, groups = 1 } = o;
  const [b, cin, l] = x.shape as [number, number, number];
  const [cout, cg, k] = w.shape as [number, number, number];
  const og = cout / groups;
  const lout = Math.floor((l + 2 * padding - dilation * (k - 1) - 1) / stride) + 1;
  const v = new Float64Array(b * cout * lout);
  for (let n = 0; n < b; n++)
    for (let oc = 0; oc < cout; oc++)
      for (let t = 0; t < lout; t++) {
        let s = bias ? (bias.v[oc] as number) : 0;
        const g = Math.floor(oc / og);
        for (let c = 0; c < cg; c++)
          for (let j = 0; j < k; j++) {
            const p = t * stride + j * dilation - padding;
            if (p < 0 || p >= l) continue;
            s += (x.v[(n * cin + g * cg + c) * l + p] as number) * (w.v[(oc * cg + c) * k + j] as number);
          }
        v[(n * cout + oc) * lout + t] = s;
      }
  return { v, shape: [b, cout, lout] };
}

/** Max or mean pooling over the last axis of `[B, C, L]`, as PyTorch's `max_pool1d` / `avg_pool1d`. */
export function pool1d(
  x: Ref,
  kind: 'max' | 'avg',
  k: number,
  o: { stride?: number; padding?: number; countIncludePad?: boolean } = {},
): Ref {
  const { stride = k, padding = 0, countIncludePad = true } = o;
  const [b, c, l] = x.shape as [number, number, number];
  const lout = Math.floor((l + 2 * padding - k) / stride) + 1;
  const v = new Float64Array(b * c * lout);
  for (let r = 0; r < b * c; r++)
    for (let t = 0; t < lout; t++) {
      let acc = kind === 'max' ? Number.NEGATIVE_INFINITY : 0;
      let real = 0;
      for (let j = 0; j < k; j++) {
        const p = t * stride + j - padding;
        if (p < 0 || p >= l) continue;
        const a = x.v[r * l + p] as number;
        acc = kind === 'max' ? Math.max(acc, a) : acc + a;
        real += 1;
      }
      v[r * lout + t] = kind === 'max' ? acc : acc / (countIncludePad ? k : real);
    }
  return { v, shape: [b, c, lout] };
}
