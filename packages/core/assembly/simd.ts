// glossa's SIMD kernels for the wasm backend, in AssemblyScript (compiled at build time by
// scripts/build-simd.mjs into src/generated/simd-wasm.js).
//
// The module imports the wasm backend's own memory and works on the tensors where they lie: every
// argument named like a tensor is a byte offset into that memory, taken from the backend's
// `dataIdMap`. It owns no memory: it must have no data segments, no globals that it writes and no
// allocations (the build checks for data segments), or it would overwrite the backend's heap.
// Scratch space, when a kernel needs some, is a tensor the caller allocated.
//
// Accuracy is stated per kernel and tested against float64 references in src/kernels/simd.test.ts,
// on the binary that ships (built with the optimisation level used here).

// ---------------------------------------------------------------------------------------------
// multiply–add

/**
 * a·b + c on four lanes. Built twice (scripts/build-simd.mjs): the plain module multiplies and adds
 * (two roundings, bit-identical to tfjs's cpu arithmetic); the relaxed-SIMD module uses
 * `f32x4.relaxed_madd`, which engines run as one fused multiply–add (one rounding) where the CPU has
 * FMA and as multiply then add where it has not — so its results may differ from the plain module's
 * in the last bits, and between machines.
 */
// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// ---------------------------------------------------------------------------------------------
// exp

const LOG2E: f32 = 1.44269504088896341;
// ln 2 split in two so that n·LN2_HI is exact for |n| ≤ 2^9 (Cody–Waite reduction).
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
// Beyond these, exp(x) overflows float32 / rounds to 0 (below the smallest subnormal).
const EXP_HI: f32 = 88.72283;
const EXP_LO: f32 = -103.97208;

/** 2^n for integer lanes n in [-126, 127], as float32 bits. */
// @ts-ignore: decorator
@inline function pow2i(n: v128): v128 {
  return i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23);
}

/**
 * e^x on four lanes: about 1 ulp relative error for normal results (subnormal ones are rounded
 * twice); +inf above EXP_HI, 0 below EXP_LO, NaN stays NaN.
 */
// @ts-ignore: decorator
@inline function expv(x: v128): v128 {
  const xc = f32x4.max(f32x4.min(x, f32x4.splat(EXP_HI)), f32x4.splat(EXP_LO));
  const nf = f32x4.nearest(f32x4.mul(xc, f32x4.splat(LOG2E)));
  // r = x − n·ln2 in [−ln2/2, ln2/2]
  const r = f32x4.sub(f32x4.sub(xc, f32x4.mul(nf, f32x4.splat(LN2_HI))), f32x4.mul(nf, f32x4.splat(LN2_LO)));
  // e^r ≈ 1 + r + r²·P(r): Taylor-like polynomial with minimax-adjusted coefficients (Cephes expf).
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(madd(p, f32x4.mul(r, r), r), f32x4.splat(1.0));
  // Scale by 2^n in two halves, each a normal float32, so that n = 128 (x near EXP_HI) and the
  // subnormal results (n down to −150) stay in range.
  const n = i32x4.trunc_sat_f32x4_s(nf);
  const n1 = i32x4.shr_s(n, 1);
  const n2 = i32x4.sub(n, n1);
  let out = f32x4.mul(f32x4.mul(y, pow2i(n1)), pow2i(n2));
  out = v128.bitselect(f32x4.splat(Infinity), out, f32x4.gt(x, f32x4.splat(EXP_HI)));
  out = v128.bitselect(f32x4.splat(0), out, f32x4.lt(x, f32x4.splat(EXP_LO)));
  return out;
}

/** Loads the `left` (< 4) float32 values at `p`, zero-padded to a vector. */
// @ts-ignore: decorator
@inline function loadTail(p: usize, left: i32): v128 {
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (left > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (left > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores the first `left` (< 4) lanes of `v` at `p`. */
// @ts-ignore: decorator
@inline function storeTail(p: usize, v: v128, left: i32): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (left > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (left > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** out[i] = e^x[i] for n float32 values (x and out may be the same). */
export function exp(x: usize, out: usize, n: i32): void {
  let i = 0;
  // Two independent vectors per iteration: measured ~25% faster in V8 than one.
  for (; i + 8 <= n; i += 8) {
    const a = expv(v128.load(x + (<usize>i << 2)));
    const b = expv(v128.load(x + (<usize>i << 2), 16));
    v128.store(out + (<usize>i << 2), a);
    v128.store(out + (<usize>i << 2), b, 16);
  }
  for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), expv(v128.load(x + (<usize>i << 2))));
  if (i < n) storeTail(out + (<usize>i << 2), expv(loadTail(x + (<usize>i << 2), n - i)), n - i);
}

// ---------------------------------------------------------------------------------------------
// erf

/**
 * erf(x) on four lanes as x·P(x²)/Q(x²) on [−4, 4] (beyond, erf is ±1 in float32): a rational
 * approximation with the coefficients Eigen uses for float; measured |error| ≤ 4.2e-7 against float64.
 */
// @ts-ignore: decorator
@inline function erfv(x: v128): v128 {
  const xc = f32x4.max(f32x4.min(x, f32x4.splat(4.0)), f32x4.splat(-4.0));
  const x2 = f32x4.mul(xc, xc);
  let p = f32x4.splat(-2.72614225801306e-10);
  p = madd(p, x2, f32x4.splat(2.77068142495902e-8));
  p = madd(p, x2, f32x4.splat(-2.10102402082508e-6));
  p = madd(p, x2, f32x4.splat(-5.69250639462346e-5));
  p = madd(p, x2, f32x4.splat(-7.34990630326855e-4));
  p = madd(p, x2, f32x4.splat(-2.95459980854025e-3));
  p = madd(p, x2, f32x4.splat(-1.60960333262415e-2));
  let q = f32x4.splat(-1.45660718464996e-5);
  q = madd(q, x2, f32x4.splat(-2.13374055278905e-4));
  q = madd(q, x2, f32x4.splat(-1.68282697438203e-3));
  q = madd(q, x2, f32x4.splat(-7.37332916720468e-3));
  q = madd(q, x2, f32x4.splat(-1.42647390514189e-2));
  const y = f32x4.div(f32x4.mul(xc, p), q);
  return f32x4.max(f32x4.min(y, f32x4.splat(1.0)), f32x4.splat(-1.0));
}

/** out[i] = erf(x[i]) for n float32 values. */
export function erf(x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const a = erfv(v128.load(x + (<usize>i << 2)));
    const b = erfv(v128.load(x + (<usize>i << 2), 16));
    v128.store(out + (<usize>i << 2), a);
    v128.store(out + (<usize>i << 2), b, 16);
  }
  for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), erfv(v128.load(x + (<usize>i << 2))));
  if (i < n) storeTail(out + (<usize>i << 2), erfv(loadTail(x + (<usize>i << 2), n - i)), n - i);
}

// ---------------------------------------------------------------------------------------------
// transpose of the last two axes

/** The 4×4 block at `src` (row stride `sStride` bytes) transposed into `dst` (row stride `dStride`). */
// @ts-ignore: decorator
@inline function block4(src: usize, sStride: usize, dst: usize, dStride: usize): void {
  const r0 = v128.load(src);
  const r1 = v128.load(src + sStride);
  const r2 = v128.load(src + 2 * sStride);
  const r3 = v128.load(src + 3 * sStride);
  // Interleave pairs of rows, then pairs of pairs.
  const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5); // a0 b0 a1 b1
  const t1 = i32x4.shuffle(r2, r3, 0, 4, 1, 5); // c0 d0 c1 d1
  const t2 = i32x4.shuffle(r0, r1, 2, 6, 3, 7); // a2 b2 a3 b3
  const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7); // c2 d2 c3 d3
  v128.store(dst, i64x2.shuffle(t0, t1, 0, 2));
  v128.store(dst + dStride, i64x2.shuffle(t0, t1, 1, 3));
  v128.store(dst + 2 * dStride, i64x2.shuffle(t2, t3, 0, 2));
  v128.store(dst + 3 * dStride, i64x2.shuffle(t2, t3, 1, 3));
}

/**
 * dst[b, j, i] = src[b, i, j] for `batch` matrices of `rows`×`cols` 32-bit values, in 4×4 blocks.
 * The blocks go down a band of columns so that the band's output lines stay in L1; the band narrows
 * as the output stride grows, because lines a multiple of 4 KiB apart compete for the same cache set
 * (2048×512: 0.28 ms with bands of 8 columns, 1.8 ms with 64). Edges not divisible by 4 are copied
 * one value at a time.
 */
export function transpose(src: usize, dst: usize, batch: i32, rows: i32, cols: i32): void {
  const sStride = <usize>cols << 2;
  const dStride = <usize>rows << 2;
  const r4 = rows & ~3;
  const c4 = cols & ~3;
  const matBytes = (<usize>rows * <usize>cols) << 2;
  const band = max(8, min(64, <i32>(32768 / <i32>dStride) & ~3));
  for (let b = 0; b < batch; b++) {
    const s = src + <usize>b * matBytes;
    const d = dst + <usize>b * matBytes;
    for (let j0 = 0; j0 < c4; j0 += band) {
      const j1 = min(j0 + band, c4);
      for (let i = 0; i < r4; i += 4) {
        for (let j = j0; j < j1; j += 4) {
          block4(s + <usize>i * sStride + (<usize>j << 2), sStride, d + <usize>j * dStride + (<usize>i << 2), dStride);
        }
      }
    }
    // Right edge (columns c4..cols) and bottom edge (rows r4..rows).
    for (let j = c4; j < cols; j++) {
      for (let i = 0; i < rows; i++) {
        store<u32>(d + <usize>j * dStride + (<usize>i << 2), load<u32>(s + <usize>i * sStride + (<usize>j << 2)));
      }
    }
    for (let i = r4; i < rows; i++) {
      for (let j = 0; j < c4; j++) {
        store<u32>(d + <usize>j * dStride + (<usize>i << 2), load<u32>(s + <usize>i * sStride + (<usize>j << 2)));
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// matrix products

/** Stores the sum of the lanes of `s` (plus what `o` holds, with `acc`) at `o`. */
// @ts-ignore: decorator
@inline function putSum(o: usize, s: v128, acc: bool): void {
  let t = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
  if (acc) t += load<f32>(o);
  store<f32>(o, t);
}

/**
 * C = A·b for a row-major m×k matrix and a k-vector (a product with n = 1: x·Wᵀ of one token, computed
 * as W·xᵀ, in decoding): each row a dot product over contiguous memory, four lanes at a time, eight
 * (else four) rows per pass so that each load of b serves them all. `product`'s tiles need n ≥ 4; its scalar
 * column loop ran these ~10× slower (a GPT-2 head, 50,257 × 768: ~120 → ~12 ms).
 */
// Not inlined: `product` is inlined three times into `gemm`, and this runs once per product.
function dotRows(A: usize, rowA: usize, b: usize, C: usize, m: i32, k: i32, acc: bool): void {
  const k4 = k & ~3;
  const m4 = m & ~3;
  let i = 0;
  // Eight rows per pass where k is a multiple of 4 (every decoding product of GPT-2): eight streams
  // of A in flight read memory faster than four (a GPT-2-small step's 494 MB of weights: ~40 → ~30 ms
  // per CPU on the reference machine). Each row sums in the same order as below, so results agree.
  if (k4 == k) {
    const m8 = m & ~7;
    for (; i < m8; i += 8) {
      const a0 = A + <usize>i * rowA;
      let s0 = f32x4.splat(0);
      let s1 = f32x4.splat(0);
      let s2 = f32x4.splat(0);
      let s3 = f32x4.splat(0);
      let s4 = f32x4.splat(0);
      let s5 = f32x4.splat(0);
      let s6 = f32x4.splat(0);
      let s7 = f32x4.splat(0);
      for (let p = 0; p < k; p += 4) {
        const off = <usize>p << 2;
        const x = v128.load(b + off);
        const r = a0 + off;
        s0 = madd(v128.load(r), x, s0);
        s1 = madd(v128.load(r + rowA), x, s1);
        s2 = madd(v128.load(r + 2 * rowA), x, s2);
        s3 = madd(v128.load(r + 3 * rowA), x, s3);
        s4 = madd(v128.load(r + 4 * rowA), x, s4);
        s5 = madd(v128.load(r + 5 * rowA), x, s5);
        s6 = madd(v128.load(r + 6 * rowA), x, s6);
        s7 = madd(v128.load(r + 7 * rowA), x, s7);
      }
      const o = C + (<usize>i << 2);
      putSum(o, s0, acc);
      putSum(o + 4, s1, acc);
      putSum(o + 8, s2, acc);
      putSum(o + 12, s3, acc);
      putSum(o + 16, s4, acc);
      putSum(o + 20, s5, acc);
      putSum(o + 24, s6, acc);
      putSum(o + 28, s7, acc);
    }
  }
  for (; i < m4; i += 4) {
    const a0 = A + <usize>i * rowA;
    const a1 = a0 + rowA;
    const a2 = a1 + rowA;
    const a3 = a2 + rowA;
    let s0 = f32x4.splat(0);
    let s1 = f32x4.splat(0);
    let s2 = f32x4.splat(0);
    let s3 = f32x4.splat(0);
    let p = 0;
    for (; p < k4; p += 4) {
      const off = <usize>p << 2;
      const x = v128.load(b + off);
      s0 = madd(v128.load(a0 + off), x, s0);
      s1 = madd(v128.load(a1 + off), x, s1);
      s2 = madd(v128.load(a2 + off), x, s2);
      s3 = madd(v128.load(a3 + off), x, s3);
    }
    let t0 = f32x4.extract_lane(s0, 0) + f32x4.extract_lane(s0, 1) + f32x4.extract_lane(s0, 2) + f32x4.extract_lane(s0, 3);
    let t1 = f32x4.extract_lane(s1, 0) + f32x4.extract_lane(s1, 1) + f32x4.extract_lane(s1, 2) + f32x4.extract_lane(s1, 3);
    let t2 = f32x4.extract_lane(s2, 0) + f32x4.extract_lane(s2, 1) + f32x4.extract_lane(s2, 2) + f32x4.extract_lane(s2, 3);
    let t3 = f32x4.extract_lane(s3, 0) + f32x4.extract_lane(s3, 1) + f32x4.extract_lane(s3, 2) + f32x4.extract_lane(s3, 3);
    for (; p < k; p++) {
      const off = <usize>p << 2;
      const x = load<f32>(b + off);
      t0 += load<f32>(a0 + off) * x;
      t1 += load<f32>(a1 + off) * x;
      t2 += load<f32>(a2 + off) * x;
      t3 += load<f32>(a3 + off) * x;
    }
    const o = C + (<usize>i << 2);
    if (acc) {
      t0 += load<f32>(o);
      t1 += load<f32>(o, 4);
      t2 += load<f32>(o, 8);
      t3 += load<f32>(o, 12);
    }
    store<f32>(o, t0);
    store<f32>(o, t1, 4);
    store<f32>(o, t2, 8);
    store<f32>(o, t3, 12);
  }
  for (; i < m; i++) {
    const ar = A + <usize>i * rowA;
    let s = f32x4.splat(0);
    let p = 0;
    for (; p < k4; p += 4) s = madd(v128.load(ar + (<usize>p << 2)), v128.load(b + (<usize>p << 2)), s);
    let t = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
    for (; p < k; p++) t += load<f32>(ar + (<usize>p << 2)) * load<f32>(b + (<usize>p << 2));
    const o = C + (<usize>i << 2);
    store<f32>(o, acc ? t + load<f32>(o) : t);
  }
}

/**
 * C = A·B for one row-major m×k by k×n float32 product. Tiles of 4 rows × 8 columns keep eight
 * accumulators in registers: per step of k, two vector loads of a row of B and four broadcast values
 * of A (no packing: B's rows are read in place, which suits the k ≤ ~512 products of small models).
 * Edges (m mod 4, n mod 8) use narrower tiles.
 */
// @ts-ignore: decorator
@inline function product(A: usize, rowA: usize, B: usize, C: usize, m: i32, k: i32, n: i32, acc: bool): void {
  if (n == 1) {
    dotRows(A, rowA, B, C, m, k, acc);
    return;
  }
  const rowB = <usize>n << 2;
  const m4 = m & ~3;
  const n8 = n & ~7;
  const n4 = n & ~3;
  for (let i = 0; i < m4; i += 4) {
      const a0 = A + <usize>i * rowA;
      const a1 = a0 + rowA;
      const a2 = a1 + rowA;
      const a3 = a2 + rowA;
      const c0 = C + <usize>i * rowB;
      for (let j = 0; j < n8; j += 8) {
        const o = c0 + (<usize>j << 2);
        let s00 = acc ? v128.load(o) : f32x4.splat(0);
        let s01 = acc ? v128.load(o, 16) : f32x4.splat(0);
        let s10 = acc ? v128.load(o + rowB) : f32x4.splat(0);
        let s11 = acc ? v128.load(o + rowB, 16) : f32x4.splat(0);
        let s20 = acc ? v128.load(o + 2 * rowB) : f32x4.splat(0);
        let s21 = acc ? v128.load(o + 2 * rowB, 16) : f32x4.splat(0);
        let s30 = acc ? v128.load(o + 3 * rowB) : f32x4.splat(0);
        let s31 = acc ? v128.load(o + 3 * rowB, 16) : f32x4.splat(0);
        let pb = B + (<usize>j << 2);
        for (let p = 0; p < k; p++) {
          const b0 = v128.load(pb);
          const b1 = v128.load(pb, 16);
          const off = <usize>p << 2;
          const x0 = v128.load32_splat(a0 + off);
          const x1 = v128.load32_splat(a1 + off);
          const x2 = v128.load32_splat(a2 + off);
          const x3 = v128.load32_splat(a3 + off);
          s00 = madd(x0, b0, s00);
          s01 = madd(x0, b1, s01);
          s10 = madd(x1, b0, s10);
          s11 = madd(x1, b1, s11);
          s20 = madd(x2, b0, s20);
          s21 = madd(x2, b1, s21);
          s30 = madd(x3, b0, s30);
          s31 = madd(x3, b1, s31);
          pb += rowB;
        }
        v128.store(o, s00);
        v128.store(o, s01, 16);
        v128.store(o + rowB, s10);
        v128.store(o + rowB, s11, 16);
        v128.store(o + 2 * rowB, s20);
        v128.store(o + 2 * rowB, s21, 16);
        v128.store(o + 3 * rowB, s30);
        v128.store(o + 3 * rowB, s31, 16);
      }
  }
  // Columns n8..n for rows 0..m4: four at a time, then one at a time.
  for (let i = 0; i < m4; i += 4) {
    const a0 = A + <usize>i * rowA;
    const c0 = C + <usize>i * rowB;
    let j = n8;
    for (; j < n4; j += 4) {
      const o = c0 + (<usize>j << 2);
      let s0 = acc ? v128.load(o) : f32x4.splat(0);
      let s1 = acc ? v128.load(o + rowB) : f32x4.splat(0);
      let s2 = acc ? v128.load(o + 2 * rowB) : f32x4.splat(0);
      let s3 = acc ? v128.load(o + 3 * rowB) : f32x4.splat(0);
      let pb = B + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        const b0 = v128.load(pb);
        const off = a0 + (<usize>p << 2);
        s0 = madd(v128.load32_splat(off), b0, s0);
        s1 = madd(v128.load32_splat(off + rowA), b0, s1);
        s2 = madd(v128.load32_splat(off + 2 * rowA), b0, s2);
        s3 = madd(v128.load32_splat(off + 3 * rowA), b0, s3);
        pb += rowB;
      }
      v128.store(o, s0);
      v128.store(o + rowB, s1);
      v128.store(o + 2 * rowB, s2);
      v128.store(o + 3 * rowB, s3);
    }
    for (; j < n; j++) {
      for (let r = 0; r < 4; r++) {
        let s: f32 = acc ? load<f32>(c0 + <usize>r * rowB + (<usize>j << 2)) : 0;
        const ar = a0 + <usize>r * rowA;
        for (let p = 0; p < k; p++) s += load<f32>(ar + (<usize>p << 2)) * load<f32>(B + <usize>p * rowB + (<usize>j << 2));
        store<f32>(c0 + <usize>r * rowB + (<usize>j << 2), s);
      }
    }
  }
  // Rows m4..m: one row at a time, four columns per vector.
  for (let i = m4; i < m; i++) {
    const ar = A + <usize>i * rowA;
    const cr = C + <usize>i * rowB;
    let j = 0;
    for (; j < n4; j += 4) {
      let s = acc ? v128.load(cr + (<usize>j << 2)) : f32x4.splat(0);
      let pb = B + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        s = madd(v128.load32_splat(ar + (<usize>p << 2)), v128.load(pb), s);
        pb += rowB;
      }
      v128.store(cr + (<usize>j << 2), s);
    }
    for (; j < n; j++) {
      let s: f32 = acc ? load<f32>(cr + (<usize>j << 2)) : 0;
      for (let p = 0; p < k; p++) s += load<f32>(ar + (<usize>p << 2)) * load<f32>(B + <usize>p * rowB + (<usize>j << 2));
      store<f32>(cr + (<usize>j << 2), s);
    }
  }
}

/**
 * C[b] = A[b]·B[b] for `batch` products (see `product`); batch strides in values, 0 repeating one
 * operand. C is m×n per entry. Long products run in slices of k whose part of B (kc × n) stays in
 * L2, each slice adding into C (128×2048·2048×512: 27 → ~40 GFLOP/s).
 */
export function gemm(a: usize, b: usize, c: usize, batch: i32, m: i32, k: i32, n: i32, aStride: i32, bStride: i32): void {
  for (let bi = 0; bi < batch; bi++) {
    const A = a + ((<usize>bi * <usize>aStride) << 2);
    const B = b + ((<usize>bi * <usize>bStride) << 2);
    const C = c + ((<usize>bi * <usize>m * <usize>n) << 2);
    const rowA = <usize>k << 2;
    const kc = max(64, (65536 / max(n, 1)) & ~7);
    if (k <= kc) {
      product(A, rowA, B, C, m, k, n, false);
      continue;
    }
    for (let k0 = 0; k0 < k; k0 += kc) {
      const len = min(kc, k - k0);
      const Ak = A + (<usize>k0 << 2);
      const Bk = B + <usize>k0 * (<usize>n << 2);
      if (k0 == 0) product(Ak, rowA, Bk, C, m, len, n, false);
      else product(Ak, rowA, Bk, C, m, len, n, true);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// element-wise arithmetic with broadcasting

// @ts-ignore: decorator
@inline function opv(op: i32, x: v128, y: v128): v128 {
  if (op == 0) return f32x4.add(x, y);
  if (op == 1) return f32x4.sub(x, y);
  if (op == 2) return f32x4.mul(x, y);
  return f32x4.div(x, y);
}

// @ts-ignore: decorator
@inline function ops(op: i32, x: f32, y: f32): f32 {
  if (op == 0) return x + y;
  if (op == 1) return x - y;
  if (op == 2) return x * y;
  return x / y;
}

/**
 * out[i, j] = a[i·aO + j·aI] op b[i·bO + j·bI] for i < outer, j < inner (strides in values: a full
 * operand has (inner, 1), a scalar (0, 0), a row repeated over i (0, 1), a column repeated over j
 * (1, 0)). Vector loops for the cases where both operands step by 1 along j or one of them is fixed.
 */
// @ts-ignore: decorator
@inline function binaryOp(op: i32, a: usize, aO: i32, aI: i32, b: usize, bO: i32, bI: i32, out: usize, outer: i32, inner: i32): void {
  const in4 = inner & ~3;
  for (let i = 0; i < outer; i++) {
    const pa = a + ((<usize>i * <usize>aO) << 2);
    const pb = b + ((<usize>i * <usize>bO) << 2);
    const po = out + ((<usize>i * <usize>inner) << 2);
    let j = 0;
    if (aI == 1 && bI == 1) {
      for (; j < in4; j += 4) v128.store(po + (<usize>j << 2), opv(op, v128.load(pa + (<usize>j << 2)), v128.load(pb + (<usize>j << 2))));
      for (; j < inner; j++) store<f32>(po + (<usize>j << 2), ops(op, load<f32>(pa + (<usize>j << 2)), load<f32>(pb + (<usize>j << 2))));
    } else if (aI == 1 && bI == 0) {
      const y = load<f32>(pb);
      const yv = f32x4.splat(y);
      for (; j < in4; j += 4) v128.store(po + (<usize>j << 2), opv(op, v128.load(pa + (<usize>j << 2)), yv));
      for (; j < inner; j++) store<f32>(po + (<usize>j << 2), ops(op, load<f32>(pa + (<usize>j << 2)), y));
    } else if (aI == 0 && bI == 1) {
      const x = load<f32>(pa);
      const xv = f32x4.splat(x);
      for (; j < in4; j += 4) v128.store(po + (<usize>j << 2), opv(op, xv, v128.load(pb + (<usize>j << 2))));
      for (; j < inner; j++) store<f32>(po + (<usize>j << 2), ops(op, x, load<f32>(pb + (<usize>j << 2))));
    } else {
      const x = load<f32>(pa);
      const y = load<f32>(pb);
      for (; j < inner; j++) store<f32>(po + (<usize>j << 2), ops(op, x, y));
    }
  }
}

/** `binaryOp` for op 0 add, 1 subtract, 2 multiply, 3 divide (float32). */
export function binary(op: i32, a: usize, aO: i32, aI: i32, b: usize, bO: i32, bI: i32, out: usize, outer: i32, inner: i32): void {
  if (op == 0) binaryOp(0, a, aO, aI, b, bO, bI, out, outer, inner);
  else if (op == 1) binaryOp(1, a, aO, aI, b, bO, bI, out, outer, inner);
  else if (op == 2) binaryOp(2, a, aO, aI, b, bO, bI, out, outer, inner);
  else binaryOp(3, a, aO, aI, b, bO, bI, out, outer, inner);
}

// ---------------------------------------------------------------------------------------------
// sums (accumulated in float64)

/**
 * out[j] = scale · Σ_r x[r, j] for a rows × width float32 matrix (a reduction over leading axes, e.g.
 * a bias gradient). Sixteen columns at a time down all rows, in eight float64x2 accumulators.
 */
export function sumRows(x: usize, out: usize, rows: i32, width: i32, scale: f64): void {
  const row = <usize>width << 2;
  const w16 = width & ~15;
  let j = 0;
  for (; j < w16; j += 16) {
    let a0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    let a2 = f64x2.splat(0);
    let a3 = f64x2.splat(0);
    let a4 = f64x2.splat(0);
    let a5 = f64x2.splat(0);
    let a6 = f64x2.splat(0);
    let a7 = f64x2.splat(0);
    let p = x + (<usize>j << 2);
    for (let r = 0; r < rows; r++) {
      const v0 = v128.load(p);
      const v1 = v128.load(p, 16);
      const v2 = v128.load(p, 32);
      const v3 = v128.load(p, 48);
      a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v0));
      a1 = f64x2.add(a1, f64x2.promote_low_f32x4(i64x2.shuffle(v0, v0, 1, 0)));
      a2 = f64x2.add(a2, f64x2.promote_low_f32x4(v1));
      a3 = f64x2.add(a3, f64x2.promote_low_f32x4(i64x2.shuffle(v1, v1, 1, 0)));
      a4 = f64x2.add(a4, f64x2.promote_low_f32x4(v2));
      a5 = f64x2.add(a5, f64x2.promote_low_f32x4(i64x2.shuffle(v2, v2, 1, 0)));
      a6 = f64x2.add(a6, f64x2.promote_low_f32x4(v3));
      a7 = f64x2.add(a7, f64x2.promote_low_f32x4(i64x2.shuffle(v3, v3, 1, 0)));
      p += row;
    }
    const s = f64x2.splat(scale);
    const o = out + (<usize>j << 2);
    v128.store(o, i64x2.shuffle(f32x4.demote_f64x2_zero(f64x2.mul(a0, s)), f32x4.demote_f64x2_zero(f64x2.mul(a1, s)), 0, 2));
    v128.store(o, i64x2.shuffle(f32x4.demote_f64x2_zero(f64x2.mul(a2, s)), f32x4.demote_f64x2_zero(f64x2.mul(a3, s)), 0, 2), 16);
    v128.store(o, i64x2.shuffle(f32x4.demote_f64x2_zero(f64x2.mul(a4, s)), f32x4.demote_f64x2_zero(f64x2.mul(a5, s)), 0, 2), 32);
    v128.store(o, i64x2.shuffle(f32x4.demote_f64x2_zero(f64x2.mul(a6, s)), f32x4.demote_f64x2_zero(f64x2.mul(a7, s)), 0, 2), 48);
  }
  for (; j < width; j++) {
    let acc: f64 = 0;
    let p = x + (<usize>j << 2);
    for (let r = 0; r < rows; r++) {
      acc += <f64>load<f32>(p);
      p += row;
    }
    store<f32>(out + (<usize>j << 2), <f32>(acc * scale));
  }
}

/** out[r] = scale · Σ_j x[r, j] for a rows × width float32 matrix (a reduction over trailing axes). */
export function sumLast(x: usize, out: usize, rows: i32, width: i32, scale: f64): void {
  const w4 = width & ~3;
  for (let r = 0; r < rows; r++) {
    const p = x + ((<usize>r * <usize>width) << 2);
    let a0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    let j = 0;
    for (; j < w4; j += 4) {
      const v = v128.load(p + (<usize>j << 2));
      a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v));
      a1 = f64x2.add(a1, f64x2.promote_low_f32x4(i64x2.shuffle(v, v, 1, 0)));
    }
    const a = f64x2.add(a0, a1);
    let acc = f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
    for (; j < width; j++) acc += <f64>load<f32>(p + (<usize>j << 2));
    store<f32>(out + (<usize>r << 2), <f32>(acc * scale));
  }
}

// ---------------------------------------------------------------------------------------------
// layer normalisation over rows

/** Σ of `width` float32 values at p, in float64. */
// @ts-ignore: decorator
@inline function rowSum(p: usize, width: i32): f64 {
  const w4 = width & ~3;
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let j = 0;
  for (; j < w4; j += 4) {
    const v = v128.load(p + (<usize>j << 2));
    a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v));
    a1 = f64x2.add(a1, f64x2.promote_low_f32x4(i64x2.shuffle(v, v, 1, 0)));
  }
  const a = f64x2.add(a0, a1);
  let s = f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
  for (; j < width; j++) s += <f64>load<f32>(p + (<usize>j << 2));
  return s;
}

/**
 * y = (x − mean) · rstd · gamma + beta per row of `width` values, rstd = 1/√(var + eps) with the
 * biased variance (two passes, float64 statistics); mean and rstd are written per row for the gradient.
 */
export function layerNorm(x: usize, gamma: usize, beta: usize, y: usize, mean: usize, rstd: usize, rows: i32, width: i32, eps: f64): void {
  const w4 = width & ~3;
  for (let r = 0; r < rows; r++) {
    const px = x + ((<usize>r * <usize>width) << 2);
    const py = y + ((<usize>r * <usize>width) << 2);
    const m = rowSum(px, width) / <f64>width;
    const mv = f32x4.splat(<f32>m);
    let a0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    let j = 0;
    for (; j < w4; j += 4) {
      const d = f32x4.sub(v128.load(px + (<usize>j << 2)), mv);
      const lo = f64x2.promote_low_f32x4(d);
      const hi = f64x2.promote_low_f32x4(i64x2.shuffle(d, d, 1, 0));
      a0 = f64x2.add(a0, f64x2.mul(lo, lo));
      a1 = f64x2.add(a1, f64x2.mul(hi, hi));
    }
    const a = f64x2.add(a0, a1);
    let ss = f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
    for (; j < width; j++) {
      const d = <f64>(load<f32>(px + (<usize>j << 2)) - <f32>m);
      ss += d * d;
    }
    const rs = <f32>(1.0 / Math.sqrt(ss / <f64>width + eps));
    store<f32>(mean + (<usize>r << 2), <f32>m);
    store<f32>(rstd + (<usize>r << 2), rs);
    const rv = f32x4.splat(rs);
    for (j = 0; j < w4; j += 4) {
      const o = <usize>j << 2;
      const n = f32x4.mul(f32x4.sub(v128.load(px + o), mv), rv);
      v128.store(py + o, madd(n, v128.load(gamma + o), v128.load(beta + o)));
    }
    for (; j < width; j++) {
      const o = <usize>j << 2;
      store<f32>(py + o, (load<f32>(px + o) - <f32>m) * rs * load<f32>(gamma + o) + load<f32>(beta + o));
    }
  }
}

/**
 * Gradients of `layerNorm`: with x̂ = (x − mean)·rstd and g = dy·gamma,
 * dx = rstd·(g − mean(g) − x̂·mean(g·x̂)) per row; dgamma = Σ_rows dy·x̂ and dbeta = Σ_rows dy
 * (accumulated in float32 across rows, as tfjs's own reductions).
 */
export function layerNormGrad(dy: usize, x: usize, gamma: usize, mean: usize, rstd: usize, dx: usize, dgamma: usize, dbeta: usize, rows: i32, width: i32): void {
  const w4 = width & ~3;
  memory.fill(dgamma, 0, <usize>width << 2);
  memory.fill(dbeta, 0, <usize>width << 2);
  const inv = <f32>(1.0 / <f64>width);
  for (let r = 0; r < rows; r++) {
    const off = (<usize>r * <usize>width) << 2;
    const pdy = dy + off;
    const px = x + off;
    const pdx = dx + off;
    const m = f32x4.splat(load<f32>(mean + (<usize>r << 2)));
    const rs = load<f32>(rstd + (<usize>r << 2));
    const rv = f32x4.splat(rs);
    let sg = f32x4.splat(0);
    let sgx = f32x4.splat(0);
    let j = 0;
    for (; j < w4; j += 4) {
      const o = <usize>j << 2;
      const d = v128.load(pdy + o);
      const xh = f32x4.mul(f32x4.sub(v128.load(px + o), m), rv);
      const g = f32x4.mul(d, v128.load(gamma + o));
      sg = f32x4.add(sg, g);
      sgx = madd(g, xh, sgx);
      v128.store(dgamma + o, madd(d, xh, v128.load(dgamma + o)));
      v128.store(dbeta + o, f32x4.add(v128.load(dbeta + o), d));
    }
    let s1 = f32x4.extract_lane(sg, 0) + f32x4.extract_lane(sg, 1) + f32x4.extract_lane(sg, 2) + f32x4.extract_lane(sg, 3);
    let s2 = f32x4.extract_lane(sgx, 0) + f32x4.extract_lane(sgx, 1) + f32x4.extract_lane(sgx, 2) + f32x4.extract_lane(sgx, 3);
    const ms = load<f32>(mean + (<usize>r << 2));
    for (let t = j; t < width; t++) {
      const o = <usize>t << 2;
      const d = load<f32>(pdy + o);
      const xh = (load<f32>(px + o) - ms) * rs;
      const g = d * load<f32>(gamma + o);
      s1 += g;
      s2 += g * xh;
      store<f32>(dgamma + o, load<f32>(dgamma + o) + d * xh);
      store<f32>(dbeta + o, load<f32>(dbeta + o) + d);
    }
    const c1 = s1 * inv;
    const c2 = s2 * inv;
    const c1v = f32x4.splat(c1);
    const c2v = f32x4.splat(c2);
    for (j = 0; j < w4; j += 4) {
      const o = <usize>j << 2;
      const xh = f32x4.mul(f32x4.sub(v128.load(px + o), m), rv);
      const g = f32x4.mul(v128.load(pdy + o), v128.load(gamma + o));
      v128.store(pdx + o, f32x4.mul(rv, f32x4.sub(f32x4.sub(g, c1v), f32x4.mul(xh, c2v))));
    }
    for (; j < width; j++) {
      const o = <usize>j << 2;
      const xh = (load<f32>(px + o) - ms) * rs;
      const g = load<f32>(pdy + o) * load<f32>(gamma + o);
      store<f32>(pdx + o, rs * (g - c1 - xh * c2));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// GELU (exact, with erf)

const SQRT1_2: f32 = 0.7071067811865476;
const INV_SQRT_2PI: f32 = 0.3989422804014327;

/** y = x·Φ(x) = 0.5·x·(1 + erf(x/√2)). */
export function gelu(x: usize, y: usize, n: i32): void {
  const h = f32x4.splat(0.5);
  const one = f32x4.splat(1.0);
  const s = f32x4.splat(SQRT1_2);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    v128.store(y + o, f32x4.mul(f32x4.mul(h, v), f32x4.add(one, erfv(f32x4.mul(v, s)))));
  }
  if (i < n) {
    const o = <usize>i << 2;
    const v = loadTail(x + o, n - i);
    storeTail(y + o, f32x4.mul(f32x4.mul(h, v), f32x4.add(one, erfv(f32x4.mul(v, s)))), n - i);
  }
}

/** dx = dy·(Φ(x) + x·φ(x)), φ the standard normal density. */
export function geluGrad(dy: usize, x: usize, dx: usize, n: i32): void {
  const h = f32x4.splat(0.5);
  const one = f32x4.splat(1.0);
  const s = f32x4.splat(SQRT1_2);
  const c = f32x4.splat(INV_SQRT_2PI);
  let i = 0;
  for (; i < n; i += 4) {
    const o = <usize>i << 2;
    const left = n - i;
    const v = left >= 4 ? v128.load(x + o) : loadTail(x + o, left);
    const d = left >= 4 ? v128.load(dy + o) : loadTail(dy + o, left);
    const cdf = f32x4.mul(h, f32x4.add(one, erfv(f32x4.mul(v, s))));
    const pdf = f32x4.mul(c, expv(f32x4.mul(f32x4.mul(v, v), f32x4.splat(-0.5))));
    const r = f32x4.mul(d, madd(v, pdf, cdf));
    if (left >= 4) v128.store(dx + o, r);
    else storeTail(dx + o, r, left);
  }
}

// ---------------------------------------------------------------------------------------------
// GELU, tanh approximation (GPT-2's "gelu_new")

const GELU_TANH_A: f32 = 1.5957691216057308; // 2·√(2/π)
const GELU_TANH_B: f32 = 0.07135481627159553; // 2·√(2/π)·0.044715

/**
 * y = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), computed as x / (1 + e^(−x·(a + b·x²))) (the same
 * function: 0.5·(1 + tanh(z)) = σ(2z)); large |x| give x or −0 without overflow trouble.
 */
export function geluTanh(x: usize, y: usize, n: i32): void {
  const a = f32x4.splat(GELU_TANH_A);
  const b = f32x4.splat(GELU_TANH_B);
  const one = f32x4.splat(1.0);
  let i = 0;
  for (; i < n; i += 4) {
    const o = <usize>i << 2;
    const left = n - i;
    const v = left >= 4 ? v128.load(x + o) : loadTail(x + o, left);
    const z = f32x4.mul(v, madd(f32x4.mul(v, v), b, a));
    const r = f32x4.div(v, f32x4.add(one, expv(f32x4.neg(z))));
    if (left >= 4) v128.store(y + o, r);
    else storeTail(y + o, r, left);
  }
}

// ---------------------------------------------------------------------------------------------
// attention of one new token over a KV cache (decoding)

/**
 * One decoding step of multi-head attention for `batch` rows, each a single new token. `qkv` holds
 * per row the query, key and value of that token side by side (`[batch, 3·heads·dim]`, the output of
 * a fused q/k/v projection). The key and value are first written into the caches `kc`, `vc`
 * (`[batch, heads, cap, dim]`) at position `t` (in place); then per row and head
 * out = softmax(scale·q·K[0..t]ᵀ)·V[0..t] over the t + 1 cached positions, written to `out`
 * (`[batch, heads·dim]`: the heads side by side, what the output projection reads). `scores` is
 * scratch for t + 1 floats (a tensor the caller allocated). `dim` must be a multiple of 4.
 */
export function attendOne(
  qkv: usize, kc: usize, vc: usize, out: usize, scores: usize,
  batch: i32, heads: i32, dim: i32, cap: i32, t: i32, scale: f32,
): void {
  const C = heads * dim;
  const rowBytes = <usize>dim << 2;
  const n = t + 1;
  for (let b = 0; b < batch; b++) {
    const q0 = qkv + ((<usize>b * <usize>(3 * C)) << 2);
    for (let h = 0; h < heads; h++) {
      const q = q0 + ((<usize>(h * dim)) << 2);
      const base = (<usize>(b * heads + h) * <usize>cap) * rowBytes;
      const K = kc + base;
      const V = vc + base;
      memory.copy(K + <usize>t * rowBytes, q + ((<usize>C) << 2), rowBytes);
      memory.copy(V + <usize>t * rowBytes, q + ((<usize>(2 * C)) << 2), rowBytes);
      // scores and their maximum
      let mx: f32 = -Infinity;
      for (let j = 0; j < n; j++) {
        const kr = K + <usize>j * rowBytes;
        let s = f32x4.splat(0);
        for (let p = 0; p < dim; p += 4) {
          const off = <usize>p << 2;
          s = madd(v128.load(q + off), v128.load(kr + off), s);
        }
        const v = (f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3)) * scale;
        store<f32>(scores + (<usize>j << 2), v);
        if (v > mx) mx = v;
      }
      // e^(s − max) and their sum
      for (let j = 0; j < n; j++) store<f32>(scores + (<usize>j << 2), load<f32>(scores + (<usize>j << 2)) - mx);
      exp(scores, scores, n);
      let sum: f32 = 0;
      for (let j = 0; j < n; j++) sum += load<f32>(scores + (<usize>j << 2));
      const inv: f32 = 1 / sum;
      // weighted sum of the values, four lanes of the output at a time
      const o = out + ((<usize>(b * C + h * dim)) << 2);
      let p = 0;
      for (; p < dim; p += 4) {
        const off = <usize>p << 2;
        let a0 = f32x4.splat(0);
        for (let i = 0; i < n; i++) a0 = madd(v128.load32_splat(scores + (<usize>i << 2)), v128.load(V + <usize>i * rowBytes + off), a0);
        v128.store(o + off, f32x4.mul(a0, f32x4.splat(inv)));
      }
    }
  }
}
