/**
 * Fake models for the generation loop's tests (test support). `TableModel`'s next-token logits are
 * a fixed function of the row's real tokens — a table indexed by the prefix — so greedy chains, beam
 * searches and samples can be computed by hand or by enumeration. It behaves like a cached decoder:
 * its state holds a `[B, past]` int32 tensor (a stand-in for a KV cache, gathered by `reorderState`),
 * it honours `attentionMask` (padding is skipped) and checks `positions` against the real-token count.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GenerationModel, StepInput } from '../src/generate/generation-model';
import { Generator } from '../src/random';

export interface TableState {
  rows: number[][];
  past: tf.Tensor2D | null;
}

export type LogitsTable = (prefix: readonly number[]) => Float32Array;

/** `table` with some prefixes' log-probabilities fixed by hand (`'1,2'` → probabilities of the next token). */
export function withOverrides(table: LogitsTable, probs: Record<string, number[]>): LogitsTable {
  return (prefix) => {
    const p = probs[prefix.join(',')];
    return p ? Float32Array.from(p, Math.log) : table(prefix);
  };
}

/** Logits `N(0, scale²)` per prefix, seeded by the prefix: a deterministic pseudo-random table. */
export function randomTable(vocab: number, seed: number, scale = 2): LogitsTable {
  const cache = new Map<string, Float32Array>();
  return (prefix) => {
    const key = prefix.join(',');
    let row = cache.get(key);
    if (!row) {
      let h = seed >>> 0;
      for (const t of prefix) h = (Math.imul(h ^ (t + 1), 0x9e3779b1) + 0x7f4a7c15) >>> 0;
      row = new Generator(h).fillNormal(new Float32Array(vocab), 0, scale);
      cache.set(key, row);
    }
    return row;
  };
}

export class TableModel implements GenerationModel<TableState> {
  steps = 0;
  reorders = 0;
  disposed = 0;
  /** Rows of each step's input, in order. */
  batchSizes: number[] = [];
  /** Called at every step (e.g. to abort from inside the model). */
  onStep: ((step: number) => void) | null = null;

  constructor(
    readonly vocab: number,
    readonly table: LogitsTable,
  ) {}

  initState(batchSize: number): TableState {
    return { rows: Array.from({ length: batchSize }, () => []), past: null };
  }

  async step(input: StepInput, state: TableState) {
    this.onStep?.(this.steps);
    this.steps++;
    const [b, tNew] = input.inputIds.shape;
    this.batchSizes.push(b);
    const ids = await input.inputIds.data();
    const pos = await input.positions.data();
    const mask = input.attentionMask ? await input.attentionMask.data() : null;
    const width = input.pastLength + tNew;
    if (state.rows.length !== b) throw new Error(`state has ${state.rows.length} rows, input ${b}`);
    if (mask && input.attentionMask!.shape[1] !== width) throw new Error('attention mask width');
    const logits = new Float32Array(b * this.vocab);
    for (let r = 0; r < b; r++) {
      for (let t = 0; t < tNew; t++) {
        if (mask && mask[r * width + input.pastLength + t] === 0) continue;
        const row = state.rows[r]!;
        if (pos[r * tNew + t] !== row.length) {
          throw new Error(`row ${r}: position ${pos[r * tNew + t]}, expected ${row.length}`);
        }
        row.push(ids[r * tNew + t]!);
      }
      logits.set(this.table(state.rows[r]!), r * this.vocab);
    }
    const past = state.past ? tf.concat([state.past, input.inputIds], 1) : tf.clone(input.inputIds);
    state.past?.dispose();
    return {
      logits: tf.tensor2d(logits, [b, this.vocab]),
      state: { rows: state.rows, past: past as tf.Tensor2D },
    };
  }

  reorderState(state: TableState, indices: tf.Tensor1D): TableState {
    this.reorders++;
    const idx = Array.from(indices.dataSync());
    const past = state.past ? (tf.gather(state.past, indices) as tf.Tensor2D) : null;
    state.past?.dispose();
    return { rows: idx.map((i) => [...state.rows[i]!]), past };
  }

  disposeState(state: TableState): void {
    this.disposed++;
    state.past?.dispose();
  }
}

/** log-softmax in float64. */
export function logSoftmax(logits: ArrayLike<number>): number[] {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  let z = 0;
  for (let i = 0; i < logits.length; i++) z += Math.exp(logits[i]! - max);
  const lse = max + Math.log(z);
  return Array.from(logits, (l) => l - lse);
}

/**
 * Every finished hypothesis of a beam search over `table` by enumeration: new-token sequences of
 * length ≤ `maxNew` that end in EOS, or reach `maxNew` without one, scored
 * `Σ log p / length ** lengthPenalty`; best first.
 */
export function enumerateHypotheses(
  table: LogitsTable,
  prompt: number[],
  vocab: number,
  eos: number[],
  maxNew: number,
  lengthPenalty: number,
  process: (logProbs: number[], history: number[]) => number[] = (lp) => lp,
): Array<{ tokens: number[]; score: number }> {
  const out: Array<{ tokens: number[]; score: number }> = [];
  const walk = (tokens: number[], sum: number) => {
    const lp = process(logSoftmax(table([...prompt, ...tokens])), [...prompt, ...tokens]);
    for (let t = 0; t < vocab; t++) {
      const next = [...tokens, t];
      const s = sum + lp[t]!;
      if (eos.includes(t) || next.length === maxNew)
        out.push({ tokens: next, score: s / next.length ** lengthPenalty });
      else walk(next, s);
    }
  };
  walk([], 0);
  return out.sort((a, b) => b.score - a.score);
}
