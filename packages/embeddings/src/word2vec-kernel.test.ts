import { Generator } from '@glossa/core';
import { describe, expect, it } from 'vitest';
import { kernelModel, mulberry32 } from '../test/helpers';
import { huffmanTree } from './huffman';
import { kernelLayout, modelViews, writeKernelConfig } from './kernel-layout';
import { word2vecRunner } from './kernel-runner';
import { cumulativeTable } from './sampling-tables';
import { wasmKernelModule, wasmMemory } from './wasm-kernel';
import { type KernelModel, word2vecKernel } from './word2vec-kernel';

const sigma = (x: number): number => 1 / (1 + Math.exp(-x));
const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};
const row = (a: Float32Array, r: number, d: number): Float64Array =>
  Float64Array.from(a.subarray(r * d, (r + 1) * d));

/** Central finite differences of f at x (each coordinate). */
function numericGrad(f: (x: Float64Array) => number, x: Float64Array, h = 1e-5): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const p = Float64Array.from(x);
    const m = Float64Array.from(x);
    p[i]! += h;
    m[i]! -= h;
    g[i] = (f(p) - f(m)) / (2 * h);
  }
  return g;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThan(tol);
}

// The sigmoid table has 1000 entries over [−6, 6] (step 0.012): within ~3e-3 of σ.
const TABLE_TOL = 4e-3;

function randomModel(parts: Partial<KernelModel> & { size: number; vocab: number }, seed = 1): KernelModel {
  const m = kernelModel(parts);
  const g = new Generator(seed);
  g.fillUniform(m.syn0, -0.8, 0.8);
  g.fillUniform(m.syn1neg, -0.8, 0.8);
  g.fillUniform(m.syn1, -0.8, 0.8);
  return m;
}

describe('word2vec kernel: updates are α × the gradient of the objective', () => {
  const d = 3;
  const alpha = 0.01;
  // cum table [0, 0, D, D]: every negative draw is word 2.
  const onlyWord2 = Uint32Array.of(0, 0, 2147483647, 2147483647);

  it('skip-gram, negative sampling: L = log σ(v·u_w) + log σ(−v·u_neg)', () => {
    const m = randomModel({ size: d, vocab: 4, negative: 1, cumTable: onlyWord2 });
    const k = word2vecKernel();
    k.setModel(m);
    const [word, input, neg] = [1, 3, 2];
    const v = row(m.syn0, input, d);
    const uw = row(m.syn1neg, word, d);
    const un = row(m.syn1neg, neg, d);
    const L = (v: Float64Array, uw: Float64Array, un: Float64Array) =>
      Math.log(sigma(dot(v, uw))) + Math.log(sigma(-dot(v, un)));
    k.trainPair(word, input, alpha);
    const step = (a: Float32Array, r: number, before: Float64Array) =>
      row(a, r, d).map((x, i) => (x - before[i]!) / alpha);
    expectClose(
      step(m.syn0, input, v),
      numericGrad((x) => L(x, uw, un), v),
      TABLE_TOL,
    );
    expectClose(
      step(m.syn1neg, word, uw),
      numericGrad((x) => L(v, x, un), uw),
      TABLE_TOL,
    );
    expectClose(
      step(m.syn1neg, neg, un),
      numericGrad((x) => L(v, uw, x), un),
      TABLE_TOL,
    );
  });

  it('skip-gram clamps the gradient beyond |v·u| ≥ 6 as word2vec.c (g = (label − 1)·α or label·α)', () => {
    const m = kernelModel({ size: 1, vocab: 4, negative: 1, cumTable: onlyWord2 });
    m.syn0[3] = 4;
    m.syn1neg[1] = 2; // v·u_w = 8: σ ≈ 1, no update
    m.syn1neg[2] = 2; // v·u_neg = 8: σ ≈ 1, full push g = −α
    const k = word2vecKernel();
    k.setModel(m);
    k.trainPair(1, 3, 0.5);
    expect(m.syn1neg[1]).toBe(2);
    expect(m.syn1neg[2]).toBe(2 - 0.5 * 4);
    expect(m.syn0[3]).toBe(4 - 0.5 * 2);
  });

  it('CBOW, negative sampling: outputs get α∇L; every context word gets α ∂L/∂h (word2vec.c, cbow_mean)', () => {
    const m = randomModel({ size: d, vocab: 4, negative: 1, sg: false, cumTable: onlyWord2 }, 5);
    const k = word2vecKernel();
    k.setModel(m);
    const ctx = Int32Array.of(0, 3);
    const h = row(m.syn0, 0, d).map((x, i) => (x + m.syn0[3 * d + i]!) / 2);
    const uw = row(m.syn1neg, 1, d);
    const un = row(m.syn1neg, 2, d);
    const c0 = row(m.syn0, 0, d);
    const c3 = row(m.syn0, 3, d);
    const L = (h: Float64Array, uw: Float64Array, un: Float64Array) =>
      Math.log(sigma(dot(h, uw))) + Math.log(sigma(-dot(h, un)));
    k.trainCbow(1, ctx, 2, alpha);
    const dh = numericGrad((x) => L(x, uw, un), h);
    expectClose(
      row(m.syn0, 0, d).map((x, i) => (x - c0[i]!) / alpha),
      dh,
      TABLE_TOL,
    );
    expectClose(
      row(m.syn0, 3, d).map((x, i) => (x - c3[i]!) / alpha),
      dh,
      TABLE_TOL,
    );
    expectClose(
      row(m.syn1neg, 1, d).map((x, i) => (x - uw[i]!) / alpha),
      numericGrad((x) => L(h, x, un), uw),
      TABLE_TOL,
    );
  });

  it('hierarchical softmax: L = Σ over the Huffman path of log σ(±v·s_node)', () => {
    const counts = [4, 2, 1, 1];
    const t = huffmanTree(counts);
    const m = randomModel(
      { size: d, vocab: 4, hs: true, codes: t.codes, points: t.points, codeOffsets: t.offsets },
      9,
    );
    const k = word2vecKernel();
    k.setModel(m);
    const word = 2; // code [0, 0, 1] through inner rows [2, 1, 0]
    const v = row(m.syn0, 1, d);
    const nodes = [2, 1, 0].map((p) => row(m.syn1, p, d));
    const codes = [0, 0, 1];
    const L = (v: Float64Array, s: Float64Array[]) =>
      s.reduce((acc, sn, i) => acc + Math.log(sigma((1 - 2 * codes[i]!) * dot(v, sn))), 0);
    k.trainPair(word, 1, alpha);
    expectClose(
      row(m.syn0, 1, d).map((x, i) => (x - v[i]!) / alpha),
      numericGrad((x) => L(x, nodes), v),
      TABLE_TOL,
    );
    for (let n = 0; n < 3; n++) {
      const p = [2, 1, 0][n]!;
      const g = numericGrad(
        (x) =>
          L(
            v,
            nodes.map((s, j) => (j === n ? x : s)),
          ),
        nodes[n]!,
      );
      expectClose(
        row(m.syn1, p, d).map((x, i) => (x - nodes[n]![i]!) / alpha),
        g,
        TABLE_TOL,
      );
    }
  });

  it("the table sigmoid is word2vec.c's (1000 entries, saturated at ±6)", () => {
    const k = word2vecKernel();
    for (const x of [-5.9, -1, 0, 0.3, 2, 5.9])
      expect(Math.abs(k.sigmoid(x) - sigma(x))).toBeLessThan(TABLE_TOL);
    expect(k.sigmoid(7)).toBe(1);
    expect(k.sigmoid(-7)).toBe(0);
  });
});

describe('word2vec kernel: windows and subsampling', () => {
  const sentence = Int32Array.of(0, 1, 2, 3, 4);
  const run = (model: Partial<KernelModel>, seed = 3) => {
    const seen: Array<[number, number[]]> = [];
    const k = word2vecKernel((w, inputs) => seen.push([w, inputs]));
    k.setModel(
      kernelModel({ size: 2, vocab: 5, negative: 1, cumTable: cumulativeTable([1, 1, 1, 1, 1]), ...model }),
    );
    const kept = k.trainJob(sentence, Int32Array.of(5), 1, 0.025, seed);
    return { seen, kept };
  };

  it('window 1: every word and its immediate neighbours, within the sentence', () => {
    const { seen, kept } = run({ window: 1 });
    expect(kept).toBe(5);
    expect(seen).toEqual([
      [0, [1]],
      [1, [0]],
      [1, [2]],
      [2, [1]],
      [2, [3]],
      [3, [2]],
      [3, [4]],
      [4, [3]],
    ]);
  });

  it('window 3: each position shrinks its window by b = r mod 3 (reduced window), as word2vec.c', () => {
    const rand = mulberry32(3);
    const b = Array.from(sentence, () => rand() % 3);
    const expected: Array<[number, number[]]> = [];
    for (let i = 0; i < 5; i++) {
      const lo = Math.max(0, i - 3 + b[i]!);
      const hi = Math.min(5, i + 3 + 1 - b[i]!);
      for (let j = lo; j < hi; j++) if (j !== i) expected.push([i, [j]]);
    }
    expect(run({ window: 3 }).seen).toEqual(expected);
    // CBOW: the same windows, one prediction per position from all its context words.
    const cbow = expected.reduce<Array<[number, number[]]>>((acc, [w, [c]]) => {
      const last = acc[acc.length - 1];
      if (last && last[0] === w) last[1].push(c!);
      else acc.push([w, [c!]]);
      return acc;
    }, []);
    expect(run({ window: 3, sg: false }).seen).toEqual(cbow);
  });

  it('subsampling drops a word before windows are formed (its neighbours become adjacent)', () => {
    // Word 2 is always dropped (threshold 0 < any r > 0); the others always kept.
    const sampleInt = Uint32Array.of(0xffffffff, 0xffffffff, 0, 0xffffffff, 0xffffffff);
    const { seen, kept } = run({ window: 1, sample: true, sampleInt });
    expect(kept).toBe(4);
    expect(seen).toEqual([
      [0, [1]],
      [1, [0]],
      [1, [3]],
      [3, [1]],
      [3, [4]],
      [4, [3]],
    ]);
  });
});

describe('the SIMD WebAssembly kernel is the JavaScript kernel in float32', () => {
  for (const [name, opts] of [
    ['skip-gram + negative sampling', { sg: true, negative: 5, hs: false }],
    ['CBOW + negative sampling', { sg: false, negative: 5, hs: false }],
    ['skip-gram + hierarchical softmax', { sg: true, negative: 0, hs: true }],
    ['CBOW + both', { sg: false, negative: 3, hs: true }],
  ] as const) {
    it(`${name}: same words kept, same weights within float32 rounding`, () => {
      const v = 40;
      const d = 10; // not a multiple of 4: exercises the tail loops
      const counts = Array.from({ length: v }, (_, i) => Math.round(400 / (i + 1)));
      const tree = huffmanTree(counts);
      const layout = kernelLayout({
        d,
        vocab: v,
        window: 4,
        negative: opts.negative,
        hs: opts.hs,
        codeCount: tree.codes.length,
        threads: 1,
      });
      const memory = wasmMemory(layout.bytes, false);
      const buffers = [new ArrayBuffer(layout.bytes), memory.buffer];
      for (const buf of buffers) {
        const m = modelViews(buf, layout, opts.sg, true);
        new Generator(4).fillUniform(m.syn0, -0.5, 0.5);
        new Generator(5).fillUniform(m.syn1neg, -0.5, 0.5);
        new Generator(6).fillUniform(m.syn1, -0.5, 0.5);
        if (opts.negative > 0) m.cumTable.set(cumulativeTable(counts));
        m.sampleInt.set(counts.map((c) => (c > 100 ? 0x40000000 : 0xffffffff)));
        m.codes.set(tree.codes);
        m.points.set(tree.points);
        m.codeOffsets.set(tree.offsets);
        writeKernelConfig(buf, layout, opts.sg, true);
      }
      const g = new Generator(8);
      const words = Int32Array.from({ length: 600 }, () => Math.floor(g.uniform() ** 2 * v));
      const ends = Int32Array.of(100, 250, 251, 600);
      const base = { layout, thread: 0, sg: opts.sg, sample: true };
      const js = word2vecRunner({ ...base, engine: 'js', buffer: buffers[0] }, word2vecKernel, modelViews);
      const wasm = word2vecRunner(
        { ...base, engine: 'wasm', memory, module: wasmKernelModule(false) },
        word2vecKernel,
        modelViews,
      );
      expect(wasm(words, ends, 4, 0.02, 77)).toBe(js(words, ends, 4, 0.02, 77));
      const a = modelViews(buffers[0]!, layout, opts.sg, true);
      const b = modelViews(buffers[1]!, layout, opts.sg, true);
      for (const key of ['syn0', 'syn1neg', 'syn1'] as const) {
        let max = 0;
        for (let i = 0; i < a[key].length; i++) max = Math.max(max, Math.abs(a[key][i]! - b[key][i]!));
        expect(max, key).toBeLessThan(1e-4);
      }
      // And training moved the weights at all.
      let moved = 0;
      const init = new Float32Array(v * d);
      new Generator(4).fillUniform(init, -0.5, 0.5);
      for (let i = 0; i < init.length; i++) moved = Math.max(moved, Math.abs(b.syn0[i]! - init[i]!));
      expect(moved).toBeGreaterThan(1e-3);
    });
  }
});
