// Two layouts for the one-row product y = W·x (W [out, in], the decoding step of a GPT), compiled by
// bench/gemv-layout.bench.mjs: `rows`, as core's SIMD kernel reads W today (eight rows in flight, each a
// stream of its own), and `packed`, W repacked at load as P [out/8][in][8] (eight outputs' weights for one
// input side by side: one contiguous stream), which is what onnxruntime does with constant weights.
// `out` must be a multiple of 8 and `in` of 4.

// rows: out[j] = dot(W[j, :], x), eight rows per pass (glossa's present one-row product layout)
export function rows(w: usize, x: usize, y: usize, outN: i32, inN: i32): void {
  const rowBytes = <usize>inN << 2;
  for (let j = 0; j < outN; j += 8) {
    const r0 = w + <usize>j * rowBytes;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let a4 = f32x4.splat(0), a5 = f32x4.splat(0), a6 = f32x4.splat(0), a7 = f32x4.splat(0);
    for (let k = 0; k < inN; k += 4) {
      const off = <usize>k << 2;
      const xv = v128.load(x + off);
      a0 = f32x4.add(a0, f32x4.mul(v128.load(r0 + off), xv));
      a1 = f32x4.add(a1, f32x4.mul(v128.load(r0 + rowBytes + off), xv));
      a2 = f32x4.add(a2, f32x4.mul(v128.load(r0 + 2 * rowBytes + off), xv));
      a3 = f32x4.add(a3, f32x4.mul(v128.load(r0 + 3 * rowBytes + off), xv));
      a4 = f32x4.add(a4, f32x4.mul(v128.load(r0 + 4 * rowBytes + off), xv));
      a5 = f32x4.add(a5, f32x4.mul(v128.load(r0 + 5 * rowBytes + off), xv));
      a6 = f32x4.add(a6, f32x4.mul(v128.load(r0 + 6 * rowBytes + off), xv));
      a7 = f32x4.add(a7, f32x4.mul(v128.load(r0 + 7 * rowBytes + off), xv));
    }
    const o = y + (<usize>j << 2);
    store<f32>(o, f32x4.extract_lane(a0, 0) + f32x4.extract_lane(a0, 1) + f32x4.extract_lane(a0, 2) + f32x4.extract_lane(a0, 3));
    store<f32>(o + 4, f32x4.extract_lane(a1, 0) + f32x4.extract_lane(a1, 1) + f32x4.extract_lane(a1, 2) + f32x4.extract_lane(a1, 3));
    store<f32>(o + 8, f32x4.extract_lane(a2, 0) + f32x4.extract_lane(a2, 1) + f32x4.extract_lane(a2, 2) + f32x4.extract_lane(a2, 3));
    store<f32>(o + 12, f32x4.extract_lane(a3, 0) + f32x4.extract_lane(a3, 1) + f32x4.extract_lane(a3, 2) + f32x4.extract_lane(a3, 3));
    store<f32>(o + 16, f32x4.extract_lane(a4, 0) + f32x4.extract_lane(a4, 1) + f32x4.extract_lane(a4, 2) + f32x4.extract_lane(a4, 3));
    store<f32>(o + 20, f32x4.extract_lane(a5, 0) + f32x4.extract_lane(a5, 1) + f32x4.extract_lane(a5, 2) + f32x4.extract_lane(a5, 3));
    store<f32>(o + 24, f32x4.extract_lane(a6, 0) + f32x4.extract_lane(a6, 1) + f32x4.extract_lane(a6, 2) + f32x4.extract_lane(a6, 3));
    store<f32>(o + 28, f32x4.extract_lane(a7, 0) + f32x4.extract_lane(a7, 1) + f32x4.extract_lane(a7, 2) + f32x4.extract_lane(a7, 3));
  }
}

// packed: P[jb][k][0..8] — eight outputs' weights for input k side by side: one contiguous stream
export function packed(p: usize, x: usize, y: usize, outN: i32, inN: i32): void {
  const blockBytes = <usize>inN << 5;
  for (let j = 0; j < outN; j += 8) {
    let q = p + (<usize>(j >> 3)) * blockBytes;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
    for (let k = 0; k < inN; k += 2) {
      const x0 = v128.load32_splat(x + (<usize>k << 2));
      const x1 = v128.load32_splat(x + (<usize>k << 2) + 4);
      a0 = f32x4.add(a0, f32x4.mul(v128.load(q), x0));
      a1 = f32x4.add(a1, f32x4.mul(v128.load(q + 16), x0));
      b0 = f32x4.add(b0, f32x4.mul(v128.load(q + 32), x1));
      b1 = f32x4.add(b1, f32x4.mul(v128.load(q + 48), x1));
      q += 64;
    }
    const o = y + (<usize>j << 2);
    v128.store(o, f32x4.add(a0, b0));
    v128.store(o + 16, f32x4.add(a1, b1));
  }
}

// pack W [out, in] into P [out/8][in][8]
export function pack(w: usize, p: usize, outN: i32, inN: i32): void {
  for (let j = 0; j < outN; j++)
    for (let k = 0; k < inN; k++)
      store<f32>(p + ((<usize>(j >> 3) * <usize>inN + <usize>k) << 5) + (<usize>(j & 7) << 2), load<f32>(w + ((<usize>j * <usize>inN + <usize>k) << 2)));
}
