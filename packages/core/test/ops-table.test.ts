/**
 * The op × backend × gradient table: the same cases on cpu, wasm and webgpu, forward values and
 * gradients against float64 references (gradients by central differences of the reference).
 * A backend that cannot start here is reported as skipped with the reason.
 * `GLOSSA_OPS_TABLE=<file>` writes the resulting markdown table (see scripts/ops-table.mjs).
 */
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConcreteBackend } from '../src/backend/backend';
import { backendsUnderTest, withBackend } from '../src/testing';
import { type CaseInput, type OpCase, opCases } from './op-cases';
import * as R from './reference';

const TOLERANCE: Record<ConcreteBackend, number> = { cpu: 2e-5, wasm: 2e-5, webgpu: 1e-3 };
const cases = opCases();
const results = new Map<string, Map<string, string>>();
const record = (c: string, b: string, r: string) => {
  if (!results.has(c)) results.set(c, new Map());
  results.get(c)?.set(b, r);
};

const asList = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
const refInputs = (c: OpCase): R.Ref[] => c.inputs.map((i) => ({ v: i.values, shape: i.shape }));
const differentiable = (i: CaseInput) => !i.int && !i.constant;

/** Weights for the scalar loss Σ w·out used to check gradients. */
function lossWeights(outs: R.Ref[]): Float64Array[] {
  return outs.map((o, k) => R.random(o.v.length, 1000 + k, -1, 1));
}

/** d(Σ w·ref(x))/dx by central differences, for each differentiable input. */
function numericGrads(c: OpCase, w: Float64Array[]): Float64Array[] {
  const base = refInputs(c);
  const loss = (xs: R.Ref[]) =>
    asList(c.ref(...xs)).reduce(
      (s, o, k) => s + o.v.reduce((a, v, j) => a + v * (w[k]?.[j] as number), 0),
      0,
    );
  const out: Float64Array[] = [];
  c.inputs.forEach((input, i) => {
    if (!differentiable(input)) return;
    const g = new Float64Array(input.values.length);
    for (let j = 0; j < g.length; j++) {
      const h = 1e-6 * Math.max(1, Math.abs(input.values[j] as number));
      const plus = base.map((r, k) => (k === i ? { v: r.v.slice(), shape: r.shape } : r));
      const minus = base.map((r, k) => (k === i ? { v: r.v.slice(), shape: r.shape } : r));
      (plus[i] as R.Ref).v[j] = (input.values[j] as number) + h;
      (minus[i] as R.Ref).v[j] = (input.values[j] as number) - h;
      g[j] = (loss(plus) - loss(minus)) / (2 * h);
    }
    out.push(g);
  });
  return out;
}

/** Largest violation of |a − r| ≤ tol·(1 + |r|), as a message, or `undefined` when within tolerance. */
function compare(
  what: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: number,
): string | undefined {
  if (actual.length !== expected.length)
    return `${what}: ${actual.length} values, expected ${expected.length}`;
  let worst = 0;
  let at = -1;
  for (let i = 0; i < actual.length; i++) {
    const e = Number(expected[i]);
    const excess = Math.abs(Number(actual[i]) - e) / (1 + Math.abs(e));
    if (!(excess <= worst)) {
      worst = excess;
      at = i;
    }
  }
  return worst > tol || Number.isNaN(worst)
    ? `${what}[${at}] = ${actual[at]}, expected ${expected[at]} (relative error ${worst.toExponential(2)} > ${tol})`
    : undefined;
}

async function runCase(c: OpCase, tol: number): Promise<string[]> {
  const problems: string[] = [];
  const xs = c.inputs.map((i) =>
    i.int
      ? tf.tensor(Array.from(i.values), i.shape, 'int32')
      : tf.tensor(Float32Array.from(i.values), i.shape),
  );
  const expected = asList(c.ref(...refInputs(c)));
  const outs = asList(tf.tidy(() => c.run(...xs)));
  for (const [k, o] of outs.entries()) {
    const e = expected[k] as R.Ref;
    if (o.shape.join() !== e.shape.join())
      problems.push(`output ${k} shape [${o.shape}], expected [${e.shape}]`);
    const p = compare(`output ${k}`, await o.data(), e.v, tol);
    if (p) problems.push(p);
  }
  tf.dispose(outs);
  if (c.grad) {
    const w = lossWeights(expected);
    const dIdx = c.inputs.map((inp, i) => (differentiable(inp) ? i : -1)).filter((i) => i >= 0);
    const wT = w.map((v, k) => tf.tensor(Float32Array.from(v), (expected[k] as R.Ref).shape));
    const grads = tf.grads((...d: tf.Tensor[]) => {
      const all = xs.map((x, i) => (dIdx.includes(i) ? (d[dIdx.indexOf(i)] as tf.Tensor) : x));
      const o = asList(c.run(...all));
      return tf.addN(o.map((t, k) => tf.sum(tf.mul(t, wT[k] as tf.Tensor))));
    })(dIdx.map((i) => xs[i] as tf.Tensor));
    const numeric = numericGrads(c, w);
    for (const [k, g] of grads.entries()) {
      const p = compare(`gradient of input ${dIdx[k]}`, await g.data(), numeric[k] as Float64Array, tol * 5);
      if (p) problems.push(p);
    }
    tf.dispose([...grads, ...wT]);
  }
  tf.dispose(xs);
  return problems;
}

for (const b of await backendsUnderTest()) {
  const title = `op table on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`;
  if (!b.available) for (const c of cases) record(c.name, b.name, `skipped: ${b.reason}`);
  describe.skipIf(!b.available)(title, () => {
    for (const c of cases) {
      it(`${c.name}${c.grad ? ' (forward + gradient)' : ' (forward)'}`, () =>
        withBackend(b.name, async () => {
          const problems = await runCase(c, TOLERANCE[b.name]);
          record(c.name, b.name, problems.length ? 'fails' : 'ok');
          expect(problems).toEqual([]);
        }));
    }
  });
}

afterAll(() => {
  const file = process.env.GLOSSA_OPS_TABLE;
  if (!file) return;
  const backends = ['cpu', 'wasm', 'webgpu'];
  const cell = (r: string | undefined) =>
    r === 'ok' ? '✓' : r === 'fails' ? '✗' : r?.startsWith('skipped') ? 'skipped' : '–';
  const lines = [
    `| op (forward; gradient where marked) | ${backends.join(' | ')} |`,
    `|---|${backends.map(() => ':-:').join('|')}|`,
  ];
  for (const c of cases) {
    const row = results.get(c.name);
    lines.push(
      `| ${c.name}${c.grad ? ' + grad' : ''} | ${backends.map((b) => cell(row?.get(b))).join(' | ')} |`,
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
});
