/**
 * The word2vec training loop on typed arrays: skip-gram and CBOW, negative sampling and
 * hierarchical softmax, subsampling and the reduced window, as word2vec.c and gensim's
 * `word2vec_inner.pyx` do it (one sigmoid table of 1000 entries over [−6, 6]).
 *
 * {@link word2vecKernel} must stay self-contained — no imports, no references to anything outside
 * its body — because worker threads run it from its source text (`word2vecKernel.toString()`), so
 * the main thread (`workers: 1`) and every worker run the very same code.
 */

/** The weights and tables a kernel trains; typed arrays may live on a SharedArrayBuffer (Hogwild). */
export interface KernelModel {
  /** Vector size `d`. */
  size: number;
  /** Skip-gram (`true`) or CBOW. */
  sg: boolean;
  window: number;
  /** Negative samples per prediction (0: none). */
  negative: number;
  /** Hierarchical softmax. */
  hs: boolean;
  /** Input vectors `[V, d]`. */
  syn0: Float32Array;
  /** Output vectors of negative sampling `[V, d]` (empty without it). */
  syn1neg: Float32Array;
  /** Inner-node vectors of hierarchical softmax `[V − 1, d]` (empty without it). */
  syn1: Float32Array;
  /** Cumulative unigram^0.75 table (empty without negative sampling). */
  cumTable: Uint32Array;
  /** Subsampling thresholds: a word is dropped when `sampleInt[w] < r` for a random 32-bit `r`. */
  sampleInt: Uint32Array;
  /** Whether to subsample at all. */
  sample: boolean;
  /** Huffman codes, points and offsets (empty without hierarchical softmax). */
  codes: Uint8Array;
  points: Int32Array;
  codeOffsets: Int32Array;
}

/** A kernel: trains jobs of sentences into the model given to `setModel`. */
export interface Word2VecKernel {
  setModel(model: KernelModel): void;
  /**
   * Trains one job: `words` holds vocabulary ids (unknown words already dropped), sentence `s`
   * being `words[ends[s − 1] .. ends[s])`. Randomness (subsampling, window, negatives) comes from
   * `seed` only. Returns the words kept after subsampling (gensim's "effective words").
   */
  trainJob(words: Int32Array, ends: Int32Array, sentences: number, alpha: number, seed: number): number;
  /** One skip-gram update: `input`'s vector (syn0) predicts `word` (exposed for tests). */
  trainPair(word: number, input: number, alpha: number): void;
  /** One CBOW update: the mean of the `context` vectors predicts `word` (exposed for tests). */
  trainCbow(word: number, context: Int32Array, count: number, alpha: number): void;
  /** Reseeds the kernel's generator. */
  seed(seed: number): void;
  /** The table sigmoid, as the loop uses it (for tests). */
  sigmoid(x: number): number;
}

/**
 * Creates a word2vec kernel. Self-contained: worker threads evaluate its source text.
 * `trace`, for tests, sees every prediction trainJob makes: the predicted word and its input words
 * (one for skip-gram, the window for CBOW).
 *
 * @example
 * ```ts
 * const k = word2vecKernel();
 * k.setModel(model);                       // typed arrays, see KernelModel
 * const kept = k.trainJob(ids, ends, ends.length, 0.025, 42);
 * ```
 */
export function word2vecKernel(trace?: (word: number, inputs: number[]) => void): Word2VecKernel {
  const MAX_EXP = 6;
  const EXP_TABLE_SIZE = 1000;
  const SCALE = EXP_TABLE_SIZE / MAX_EXP / 2;
  const MAX_SENTENCE = 10000;
  const expTable = new Float64Array(EXP_TABLE_SIZE);
  for (let i = 0; i < EXP_TABLE_SIZE; i++) {
    const e = Math.exp(((i / EXP_TABLE_SIZE) * 2 - 1) * MAX_EXP);
    expTable[i] = Math.fround(e / (e + 1));
  }

  let d = 0;
  let sg = true;
  let window = 5;
  let negative = 0;
  let hs = false;
  let doSample = false;
  let syn0 = new Float32Array(0) as Float32Array;
  let syn1neg = new Float32Array(0) as Float32Array;
  let syn1 = new Float32Array(0) as Float32Array;
  let cumTable = new Uint32Array(0) as Uint32Array;
  let cumLen = 0;
  let cumMax = 1;
  let sampleInt = new Uint32Array(0) as Uint32Array;
  let codes = new Uint8Array(0) as Uint8Array;
  let points = new Int32Array(0) as Int32Array;
  let codeOffsets = new Int32Array(0) as Int32Array;
  let neu1 = new Float64Array(0);
  let neu1e = new Float64Array(0);
  const sentence = new Int32Array(MAX_SENTENCE);
  const reduced = new Int32Array(MAX_SENTENCE);
  // Coarse index into cumTable: bucket b holds the first word whose entry exceeds b << shift.
  let bucket = new Int32Array(0) as Int32Array;
  let bucketShift = 31;

  // mulberry32: 32 random bits per call.
  let state = 1;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };

  const draw = (): number => {
    const r = (next() >>> 1) % cumMax;
    const b = r >>> bucketShift;
    let lo = bucket[b]!;
    let hi = bucket[b + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumTable[mid]! <= r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  /** Accumulates into neu1e the error of predicting `word` from the hidden vector neu1, updating outputs. */
  const predict = (word: number, alpha: number): void => {
    const size = d;
    const hv = neu1;
    if (hs) {
      const end = codeOffsets[word + 1]!;
      for (let p = codeOffsets[word]!; p < end; p++) {
        const l2 = points[p]! * size;
        let f = 0;
        for (let c = 0; c < size; c++) f += hv[c]! * syn1[l2 + c]!;
        if (f <= -MAX_EXP || f >= MAX_EXP) continue;
        const g = (1 - codes[p]! - expTable[((f + MAX_EXP) * SCALE) | 0]!) * alpha;
        for (let c = 0; c < size; c++) {
          neu1e[c]! += g * syn1[l2 + c]!;
          syn1[l2 + c]! += g * hv[c]!;
        }
      }
    }
    for (let k = 0; negative > 0 && k <= negative; k++) {
      let target = word;
      let label = 1;
      if (k > 0) {
        target = draw();
        if (target === word) continue;
        label = 0;
      }
      const l2 = target * size;
      let f0 = 0;
      let f1 = 0;
      let f2 = 0;
      let f3 = 0;
      let c = 0;
      for (; c + 3 < size; c += 4) {
        f0 += hv[c]! * syn1neg[l2 + c]!;
        f1 += hv[c + 1]! * syn1neg[l2 + c + 1]!;
        f2 += hv[c + 2]! * syn1neg[l2 + c + 2]!;
        f3 += hv[c + 3]! * syn1neg[l2 + c + 3]!;
      }
      for (; c < size; c++) f0 += hv[c]! * syn1neg[l2 + c]!;
      const f = f0 + f1 + f2 + f3;
      let g: number;
      if (f >= MAX_EXP) g = (label - 1) * alpha;
      else if (f <= -MAX_EXP) g = label * alpha;
      else g = (label - expTable[((f + MAX_EXP) * SCALE) | 0]!) * alpha;
      for (c = 0; c < size; c++) {
        const o = syn1neg[l2 + c]!;
        neu1e[c]! += g * o;
        syn1neg[l2 + c] = o + g * hv[c]!;
      }
    }
  };

  const trainPair = (word: number, input: number, alpha: number): void => {
    const l1 = input * d;
    for (let c = 0; c < d; c++) neu1[c] = syn0[l1 + c]!;
    neu1e.fill(0);
    predict(word, alpha);
    for (let c = 0; c < d; c++) syn0[l1 + c]! += neu1e[c]!;
  };

  const trainCbow = (word: number, context: Int32Array, count: number, alpha: number): void => {
    if (count === 0) return;
    neu1.fill(0);
    for (let m = 0; m < count; m++) {
      const l = context[m]! * d;
      for (let c = 0; c < d; c++) neu1[c]! += syn0[l + c]!;
    }
    const inv = 1 / count;
    for (let c = 0; c < d; c++) neu1[c]! *= inv;
    neu1e.fill(0);
    predict(word, alpha);
    // As word2vec.c (cbow_mean): the whole error goes to every context word.
    for (let m = 0; m < count; m++) {
      const l = context[m]! * d;
      for (let c = 0; c < d; c++) syn0[l + c]! += neu1e[c]!;
    }
  };

  const ctx = new Int32Array(64);
  let ctxBuf = ctx;

  const trainJob = (words: Int32Array, ends: Int32Array, sentences: number, alpha: number, seed: number) => {
    state = seed | 0;
    let effective = 0;
    let start = 0;
    for (let s = 0; s < sentences; s++) {
      const end = ends[s]!;
      let n = 0;
      for (let i = start; i < end && n < MAX_SENTENCE; i++) {
        const w = words[i]!;
        if (doSample && sampleInt[w]! < next()) continue;
        sentence[n++] = w;
      }
      start = end;
      effective += n;
      for (let i = 0; i < n; i++) reduced[i] = next() % window;
      for (let i = 0; i < n; i++) {
        const b = reduced[i]!;
        const lo = Math.max(i - window + b, 0);
        const hi = Math.min(i + window + 1 - b, n);
        const word = sentence[i]!;
        if (sg) {
          for (let j = lo; j < hi; j++) {
            if (j === i) continue;
            trace?.(word, [sentence[j]!]);
            trainPair(word, sentence[j]!, alpha);
          }
        } else {
          let count = 0;
          for (let j = lo; j < hi; j++) if (j !== i) ctxBuf[count++] = sentence[j]!;
          if (count > 0) trace?.(word, Array.from(ctxBuf.subarray(0, count)));
          trainCbow(word, ctxBuf, count, alpha);
        }
      }
    }
    return effective;
  };

  const setModel = (m: KernelModel): void => {
    d = m.size;
    sg = m.sg;
    window = m.window;
    negative = m.negative;
    hs = m.hs;
    doSample = m.sample;
    syn0 = m.syn0;
    syn1neg = m.syn1neg;
    syn1 = m.syn1;
    cumTable = m.cumTable;
    cumLen = cumTable.length;
    cumMax = cumLen > 0 ? cumTable[cumLen - 1]! : 1;
    sampleInt = m.sampleInt;
    codes = m.codes;
    points = m.points;
    codeOffsets = m.codeOffsets;
    neu1 = new Float64Array(d);
    neu1e = new Float64Array(d);
    if (2 * window > ctx.length) ctxBuf = new Int32Array(2 * window);
    // 4096 buckets over [0, 2^31): each bisection starts inside a small range.
    bucketShift = 19;
    bucket = new Int32Array((1 << 12) + 1);
    bucket[1 << 12] = cumLen;
    let w = 0;
    for (let b = 0; b < 1 << 12; b++) {
      const r = b << bucketShift;
      while (w < cumLen && cumTable[w]! <= r) w++;
      bucket[b] = w;
    }
  };

  return {
    setModel,
    trainJob,
    trainPair,
    trainCbow,
    seed: (s: number) => {
      state = s | 0;
    },
    sigmoid: (x: number) => (x >= MAX_EXP ? 1 : x <= -MAX_EXP ? 0 : expTable[((x + MAX_EXP) * SCALE) | 0]!),
  };
}
