/**
 * Where a word2vec model lives in memory: one buffer (a WebAssembly memory for the SIMD kernel, an
 * ArrayBuffer or SharedArrayBuffer for the JavaScript one) holding the config block, sigmoid table,
 * weights, sampling tables, Huffman codes and one scratch area per thread, at 16-byte aligned
 * offsets. Both kernels and every thread see the same layout.
 */
import type { KernelModel } from './word2vec-kernel';

/** Byte offsets of every region, and the sizes they were computed for. */
export interface KernelLayout {
  d: number;
  vocab: number;
  window: number;
  negative: number;
  hs: boolean;
  codeCount: number;
  threads: number;
  cfg: number;
  exp: number;
  syn0: number;
  syn1neg: number;
  syn1: number;
  cum: number;
  bucket: number;
  sampleInt: number;
  codes: number;
  points: number;
  offsets: number;
  scratch: number;
  scratchBytes: number;
  /** Offsets of the job's words and sentence ends inside a thread's scratch area. */
  jobWords: number;
  jobEnds: number;
  bytes: number;
}

/** Sentence and job capacity (gensim's MAX_WORDS_IN_BATCH). */
export const MAX_SENTENCE = 10000;
/** Entries of the coarse index into the cumulative table (+1 sentinel). */
export const BUCKETS = 4096;
const EXP_TABLE_SIZE = 1000;

const align = (n: number): number => Math.ceil(n / 16) * 16;

/** Computes the layout of a model of `vocab` words × `d` for `threads` threads. */
export function kernelLayout(spec: {
  d: number;
  vocab: number;
  window: number;
  negative: number;
  hs: boolean;
  codeCount: number;
  threads: number;
}): KernelLayout {
  const { d, vocab: v, window, negative, hs, codeCount, threads } = spec;
  let off = 0;
  const take = (bytes: number): number => {
    const p = off;
    off += align(bytes);
    return p;
  };
  const cfg = take(32 * 4);
  const exp = take(EXP_TABLE_SIZE * 4);
  const syn0 = take(v * d * 4);
  const syn1neg = take(negative > 0 ? v * d * 4 : 0);
  const syn1 = take(hs ? Math.max(v - 1, 0) * d * 4 : 0);
  const cum = take(negative > 0 ? v * 4 : 0);
  const bucket = take((BUCKETS + 1) * 4);
  const sampleInt = take(v * 4);
  const codes = take(codeCount);
  const points = take(codeCount * 4);
  const offsets = take((v + 1) * 4);
  // Per thread: neu1, neu1e [d] f32; sentence, reduced [MAX] i32; context [2·window] i32; job words, ends.
  const jobWords = 2 * d * 4 + 2 * MAX_SENTENCE * 4 + 2 * window * 4;
  const jobEnds = jobWords + MAX_SENTENCE * 4;
  const scratchBytes = align(jobEnds + MAX_SENTENCE * 4);
  const scratch = take(scratchBytes * threads);
  return {
    ...spec,
    cfg,
    exp,
    syn0,
    syn1neg,
    syn1,
    cum,
    bucket,
    sampleInt,
    codes,
    points,
    offsets,
    scratch,
    scratchBytes,
    jobWords,
    jobEnds,
    bytes: off,
  };
}

/**
 * Typed-array views of the model regions of `buffer` (the JavaScript kernel's `KernelModel`).
 * Self-contained: worker threads evaluate its source text.
 */
export function modelViews(
  buffer: ArrayBufferLike,
  L: KernelLayout,
  sg: boolean,
  sample: boolean,
): KernelModel {
  const v = L.vocab;
  const d = L.d;
  return {
    size: d,
    sg,
    window: L.window,
    negative: L.negative,
    hs: L.hs,
    sample,
    syn0: new Float32Array(buffer, L.syn0, v * d),
    syn1neg: new Float32Array(buffer, L.syn1neg, L.negative > 0 ? v * d : 0),
    syn1: new Float32Array(buffer, L.syn1, L.hs ? Math.max(v - 1, 0) * d : 0),
    cumTable: new Uint32Array(buffer, L.cum, L.negative > 0 ? v : 0),
    sampleInt: new Uint32Array(buffer, L.sampleInt, v),
    codes: new Uint8Array(buffer, L.codes, L.codeCount),
    points: new Int32Array(buffer, L.points, L.codeCount),
    codeOffsets: new Int32Array(buffer, L.offsets, v + 1),
  };
}

/**
 * Writes the config block, sigmoid table and cumulative-table index the SIMD kernel reads (the
 * tables themselves are written through `modelViews`). Field order: assembly/word2vec.ts `CFG_*`.
 */
export function writeKernelConfig(
  buffer: ArrayBufferLike,
  L: KernelLayout,
  sg: boolean,
  sample: boolean,
): void {
  const exp = new Float32Array(buffer, L.exp, EXP_TABLE_SIZE);
  for (let i = 0; i < EXP_TABLE_SIZE; i++) {
    const e = Math.exp(((i / EXP_TABLE_SIZE) * 2 - 1) * 6);
    exp[i] = e / (e + 1);
  }
  const cumLen = L.negative > 0 ? L.vocab : 0;
  const cum = new Uint32Array(buffer, L.cum, cumLen);
  const cumMax = cumLen > 0 ? cum[cumLen - 1]! : 1;
  const bucket = new Int32Array(buffer, L.bucket, BUCKETS + 1);
  let w = 0;
  for (let b = 0; b < BUCKETS; b++) {
    const r = b * 2 ** 19;
    while (w < cumLen && cum[w]! <= r) w++;
    bucket[b] = w;
  }
  bucket[BUCKETS] = cumLen;
  new Int32Array(buffer, L.cfg, 18).set([
    L.d,
    sg ? 1 : 0,
    L.window,
    L.negative,
    L.hs ? 1 : 0,
    sample ? 1 : 0,
    cumLen,
    L.syn0,
    L.syn1neg,
    L.syn1,
    L.cum,
    L.bucket,
    L.sampleInt,
    L.codes,
    L.points,
    L.offsets,
    L.exp,
    cumMax,
  ]);
}
