// The word2vec training loop in AssemblyScript with 128-bit SIMD (compiled at build time by
// scripts/build-kernel.mjs into src/generated/word2vec-wasm.js). It is src/word2vec-kernel.ts
// line for line — same random stream (mulberry32), same subsampling, windows, negative draws and
// Huffman paths, same 1000-entry sigmoid table — with the dot products and row updates done four
// floats at a time in float32, as word2vec.c and gensim do them in float32.
//
// The module imports one memory and owns none of it (no data, no globals it writes): the host lays
// out the model there and passes byte offsets, so worker threads instantiate the module on the
// same shared memory and train it together (Hogwild).
//
// Config block (i32 at `cfg`): see CFG_* below. Scratch (per thread, at `scratch`): neu1 [d] f32,
// neu1e [d] f32, sentence [10000] i32, reduced [10000] i32, context [2·window] i32 — the host
// gives each thread its own — then the job: words [10000] i32, ends [10000] i32.

const MAX_EXP: f32 = 6.0;
const SCALE: f32 = 1000.0 / 6.0 / 2.0;
const MAX_SENTENCE: i32 = 10000;

const CFG_D = 0;
const CFG_SG = 1;
const CFG_WINDOW = 2;
const CFG_NEGATIVE = 3;
const CFG_HS = 4;
const CFG_SAMPLE = 5;
const CFG_CUMLEN = 6;
const CFG_SYN0 = 7;
const CFG_SYN1NEG = 8;
const CFG_SYN1 = 9;
const CFG_CUM = 10;
const CFG_BUCKET = 11;
const CFG_SAMPLEINT = 12;
const CFG_CODES = 13;
const CFG_POINTS = 14;
const CFG_OFFSETS = 15;
const CFG_EXP = 16;
const CFG_CUMMAX = 17;
const BUCKET_SHIFT: u32 = 19;

// @ts-ignore: decorator
@inline function cfgAt(cfg: usize, k: i32): i32 {
  return load<i32>(cfg + ((<usize>k) << 2));
}

/** Σ a[i]·b[i] over d floats, eight at a time in two accumulators, then four, then one. */
// @ts-ignore: decorator
@inline function dot(a: usize, b: usize, d: i32): f32 {
  let acc0 = f32x4.splat(0);
  let acc1 = f32x4.splat(0);
  let i = 0;
  for (; i + 8 <= d; i += 8) {
    const o = (<usize>i) << 2;
    acc0 = f32x4.add(acc0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
    acc1 = f32x4.add(acc1, f32x4.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
  }
  if (i + 4 <= d) {
    const o = (<usize>i) << 2;
    acc0 = f32x4.add(acc0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
    i += 4;
  }
  const acc = f32x4.add(acc0, acc1);
  let s: f32 =
    f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; i < d; i++) {
    const o = (<usize>i) << 2;
    s += load<f32>(a + o) * load<f32>(b + o);
  }
  return s;
}

/** e += g·w; w += g·h (one output row's update, d floats). */
// @ts-ignore: decorator
@inline function update(e: usize, w: usize, h: usize, g: f32, d: i32): void {
  const gv = f32x4.splat(g);
  let i = 0;
  for (; i + 4 <= d; i += 4) {
    const o = (<usize>i) << 2;
    const wv = v128.load(w + o);
    v128.store(e + o, f32x4.add(v128.load(e + o), f32x4.mul(gv, wv)));
    v128.store(w + o, f32x4.add(wv, f32x4.mul(gv, v128.load(h + o))));
  }
  for (; i < d; i++) {
    const o = (<usize>i) << 2;
    const wv = load<f32>(w + o);
    store<f32>(e + o, load<f32>(e + o) + g * wv);
    store<f32>(w + o, wv + g * load<f32>(h + o));
  }
}

/** y += x (d floats). */
// @ts-ignore: decorator
@inline function addTo(y: usize, x: usize, d: i32): void {
  let i = 0;
  for (; i + 4 <= d; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(y + o, f32x4.add(v128.load(y + o), v128.load(x + o)));
  }
  for (; i < d; i++) {
    const o = (<usize>i) << 2;
    store<f32>(y + o, load<f32>(y + o) + load<f32>(x + o));
  }
}

// @ts-ignore: decorator
@inline function zero(p: usize, d: i32): void {
  memory.fill(p, 0, (<usize>d) << 2);
}

/** mulberry32 step: returns the new state; the output is `mix(state)`. */
// @ts-ignore: decorator
@inline function mix(state: u32): u32 {
  let t: u32 = (state ^ (state >>> 15)) * (1 | state);
  t = (t + (t ^ (t >>> 7)) * (61 | t)) ^ t;
  return t ^ (t >>> 14);
}

/**
 * Predicts `word` from the hidden vector at `h` (d floats): hierarchical softmax along the word's
 * Huffman path, then the word against `negative` drawn noise words; accumulates the error into
 * neu1e (`e`) and updates the output rows. Returns the random state.
 */
function predict(cfg: usize, word: i32, h: usize, e: usize, alpha: f32, state: u32): u32 {
  const d = cfgAt(cfg, CFG_D);
  const rowBytes = (<usize>d) << 2;
  const expTable = <usize>cfgAt(cfg, CFG_EXP);
  if (cfgAt(cfg, CFG_HS)) {
    const syn1 = <usize>cfgAt(cfg, CFG_SYN1);
    const codes = <usize>cfgAt(cfg, CFG_CODES);
    const points = <usize>cfgAt(cfg, CFG_POINTS);
    const offsets = <usize>cfgAt(cfg, CFG_OFFSETS);
    const end = load<i32>(offsets + ((<usize>(word + 1)) << 2));
    for (let p = load<i32>(offsets + ((<usize>word) << 2)); p < end; p++) {
      const l2 = syn1 + <usize>load<i32>(points + ((<usize>p) << 2)) * rowBytes;
      const f = dot(h, l2, d);
      if (f <= -MAX_EXP || f >= MAX_EXP) continue;
      const s = load<f32>(expTable + ((<usize>(<i32>((f + MAX_EXP) * SCALE))) << 2));
      const g = (<f32>1.0 - <f32>load<u8>(codes + <usize>p) - s) * alpha;
      update(e, l2, h, g, d);
    }
  }
  const negative = cfgAt(cfg, CFG_NEGATIVE);
  if (negative > 0) {
    const syn1neg = <usize>cfgAt(cfg, CFG_SYN1NEG);
    const cum = <usize>cfgAt(cfg, CFG_CUM);
    const bucket = <usize>cfgAt(cfg, CFG_BUCKET);
    const cumMax = <u32>cfgAt(cfg, CFG_CUMMAX);
    for (let k = 0; k <= negative; k++) {
      let target = word;
      let label: f32 = 1.0;
      if (k > 0) {
        state += 0x6d2b79f5;
        const r = (mix(state) >>> 1) % cumMax;
        const b = r >>> BUCKET_SHIFT;
        let lo = load<i32>(bucket + ((<usize>b) << 2));
        let hi = load<i32>(bucket + ((<usize>(b + 1)) << 2));
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (load<u32>(cum + ((<usize>mid) << 2)) <= r) lo = mid + 1;
          else hi = mid;
        }
        target = lo;
        if (target == word) continue;
        label = 0.0;
      }
      const l2 = syn1neg + (<usize>target) * rowBytes;
      const f = dot(h, l2, d);
      let g: f32;
      if (f >= MAX_EXP) g = (label - 1.0) * alpha;
      else if (f <= -MAX_EXP) g = label * alpha;
      else g = (label - load<f32>(expTable + ((<usize>(<i32>((f + MAX_EXP) * SCALE))) << 2))) * alpha;
      update(e, l2, h, g, d);
    }
  }
  return state;
}

/**
 * Trains one job (its words and sentence ends already copied into the scratch area): subsampling,
 * reduced windows, then skip-gram pairs or CBOW means. Returns the words kept.
 */
export function trainJob(cfg: usize, scratch: usize, sentences: i32, alpha: f32, seed: u32): i32 {
  const d = cfgAt(cfg, CFG_D);
  const window = cfgAt(cfg, CFG_WINDOW);
  const sg = cfgAt(cfg, CFG_SG);
  const doSample = cfgAt(cfg, CFG_SAMPLE);
  const syn0 = <usize>cfgAt(cfg, CFG_SYN0);
  const sampleInt = <usize>cfgAt(cfg, CFG_SAMPLEINT);
  const rowBytes = (<usize>d) << 2;
  const neu1 = scratch;
  const neu1e = neu1 + rowBytes;
  const sentence = neu1e + rowBytes;
  const reduced = sentence + ((<usize>MAX_SENTENCE) << 2);
  const context = reduced + ((<usize>MAX_SENTENCE) << 2);
  const words = context + ((<usize>(2 * window)) << 2);
  const ends = words + ((<usize>MAX_SENTENCE) << 2);
  let state = seed;
  let effective = 0;
  let start = 0;
  for (let s = 0; s < sentences; s++) {
    const end = load<i32>(ends + ((<usize>s) << 2));
    let n = 0;
    for (let i = start; i < end && n < MAX_SENTENCE; i++) {
      const w = load<i32>(words + ((<usize>i) << 2));
      if (doSample) {
        state += 0x6d2b79f5;
        if (load<u32>(sampleInt + ((<usize>w) << 2)) < mix(state)) continue;
      }
      store<i32>(sentence + ((<usize>n) << 2), w);
      n++;
    }
    start = end;
    effective += n;
    for (let i = 0; i < n; i++) {
      state += 0x6d2b79f5;
      store<i32>(reduced + ((<usize>i) << 2), <i32>(mix(state) % <u32>window));
    }
    for (let i = 0; i < n; i++) {
      const b = load<i32>(reduced + ((<usize>i) << 2));
      const lo = max(i - window + b, 0);
      const hi = min(i + window + 1 - b, n);
      const word = load<i32>(sentence + ((<usize>i) << 2));
      if (sg) {
        for (let j = lo; j < hi; j++) {
          if (j == i) continue;
          // The input row itself is the hidden vector (word2vec.c): predict reads it, never writes it.
          const l1 = syn0 + (<usize>load<i32>(sentence + ((<usize>j) << 2))) * rowBytes;
          zero(neu1e, d);
          state = predict(cfg, word, l1, neu1e, alpha, state);
          addTo(l1, neu1e, d);
        }
      } else {
        let count = 0;
        zero(neu1, d);
        for (let j = lo; j < hi; j++) {
          if (j == i) continue;
          const c = load<i32>(sentence + ((<usize>j) << 2));
          store<i32>(context + ((<usize>count) << 2), c);
          count++;
          addTo(neu1, syn0 + (<usize>c) * rowBytes, d);
        }
        if (count == 0) continue;
        const inv: f32 = <f32>1.0 / <f32>count;
        const iv = f32x4.splat(inv);
        let c = 0;
        for (; c + 4 <= d; c += 4) {
          const o = (<usize>c) << 2;
          v128.store(neu1 + o, f32x4.mul(v128.load(neu1 + o), iv));
        }
        for (; c < d; c++) {
          const o = (<usize>c) << 2;
          store<f32>(neu1 + o, load<f32>(neu1 + o) * inv);
        }
        zero(neu1e, d);
        state = predict(cfg, word, neu1, neu1e, alpha, state);
        for (let m = 0; m < count; m++) {
          addTo(syn0 + (<usize>load<i32>(context + ((<usize>m) << 2))) * rowBytes, neu1e, d);
        }
      }
    }
  }
  return effective;
}
