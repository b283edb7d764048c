/** What glossa's SIMD module (assembly/simd.ts) exports, as the wasm kernels call it. */

/** The kernels; every pointer is a byte offset into the backend's memory. */
export interface SimdKernels {
  /** out[i] = e^x[i] (float32; ~1 ulp for normal results). */
  exp(x: number, out: number, n: number): void;
  /** out[i] = erf(x[i]) (float32; |error| ≤ 5e-7). */
  erf(x: number, out: number, n: number): void;
  /** C[b] = A[b]·B[b], row-major float32 (batch strides in values, 0 repeats an operand). */
  gemm(
    a: number,
    b: number,
    c: number,
    batch: number,
    m: number,
    k: number,
    n: number,
    aStride: number,
    bStride: number,
  ): void;
  /** Element-wise add/sub/mul/div (op 0–3) over an outer × inner loop with per-operand strides. */
  binary(
    op: number,
    a: number,
    aO: number,
    aI: number,
    b: number,
    bO: number,
    bI: number,
    out: number,
    outer: number,
    inner: number,
  ): void;
  /** out[j] = scale · Σ_r x[r, j] (float64 accumulation). */
  sumRows(x: number, out: number, rows: number, width: number, scale: number): void;
  /** out[r] = scale · Σ_j x[r, j] (float64 accumulation). */
  sumLast(x: number, out: number, rows: number, width: number, scale: number): void;
  /** Layer norm over rows (y, per-row mean and 1/σ). */
  layerNorm(
    x: number,
    gamma: number,
    beta: number,
    y: number,
    mean: number,
    rstd: number,
    rows: number,
    width: number,
    eps: number,
  ): void;
  /** Its gradient (dx; dγ and dβ summed over rows). */
  layerNormGrad(
    dy: number,
    x: number,
    gamma: number,
    mean: number,
    rstd: number,
    dx: number,
    dgamma: number,
    dbeta: number,
    rows: number,
    width: number,
  ): void;
  /** Exact GELU, y = x·Φ(x). */
  gelu(x: number, y: number, n: number): void;
  /** Its gradient, dx = dy·(Φ(x) + x·φ(x)). */
  geluGrad(dy: number, x: number, dx: number, n: number): void;
  /** GELU, tanh approximation (GPT-2's gelu_new), as x / (1 + e^(−x·(a + b·x²))). */
  geluTanh(x: number, y: number, n: number): void;
  /**
   * One decoding step of attention per row: writes the new key/value (from `qkv` `[B, 3·H·D]`) into the
   * caches `[B, H, cap, D]` at position `t`, then out `[B, H·D]` = softmax(scale·q·K[0..t]ᵀ)·V[0..t]
   * (`scores`: scratch for t + 1 floats; D a multiple of 4).
   */
  attendOne(
    qkv: number,
    kc: number,
    vc: number,
    out: number,
    scores: number,
    batch: number,
    heads: number,
    dim: number,
    cap: number,
    t: number,
    scale: number,
  ): void;
  /** Threads `gemm` runs on (1, or the wasm backend's thread count when helper threads started). */
  threads: number;
  /** Whether this is the relaxed-SIMD build (multiply–adds fused where the CPU has FMA). */
  relaxed: boolean;
  /** Whether `gemm` runs on as many threads as XNNPACK does (so it should take 2-D products too). */
  allProducts: boolean;
  /** Swaps the last two axes of `batch` `rows`×`cols` matrices of 32-bit values. */
  transpose(src: number, dst: number, batch: number, rows: number, cols: number): void;
}
