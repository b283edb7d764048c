/**
 * Beam search (and, with one beam, greedy decoding) over any {@link StepModel}: the loop that
 * `@glossa/core`'s `generate` will replace once it lands — the model side (step, reorderState,
 * disposeState) stays as it is. Scores are summed log-probabilities divided by `length^lengthPenalty`.
 */
import { ArgumentError } from '@glossa/core';
import { checkDims } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { StepModel } from './step-model';

/** Options of {@link beamSearch}. */
export interface BeamSearchOptions {
  /** Token that starts every hypothesis (fed first). */
  bos: number;
  /** Token that ends a hypothesis (not included in `tokens`). */
  eos: number;
  /** Most tokens generated per hypothesis (including `eos`). */
  maxLength: number;
  /** Beams per batch row; `1` is greedy decoding. Default `1`. */
  beamSize?: number;
  /** Final scores are `logP / length^lengthPenalty` (0: raw log-probability). Default `1`. */
  lengthPenalty?: number;
}

/** One finished hypothesis. */
export interface BeamHypothesis {
  /** Generated tokens, without `bos` and `eos`. */
  tokens: number[];
  /** Length-normalised log-probability (see `lengthPenalty`). */
  score: number;
  /** Sum of the tokens' log-probabilities (with `eos` when it ended). */
  logProb: number;
  /**
   * The row of the model's batch (`B · beamSize` rows) that produced each generated token, step by
   * step: with `onStep`, the key to per-step data such as attention weights.
   */
  rows: number[];
}

/**
 * Decodes a batch of `batchSize` rows from `state` (not disposed; it is expanded to
 * `batchSize · beamSize` rows with `reorderState`). Returns, per batch row, its hypotheses best first
 * (up to `beamSize`). `onStep(state, t)` sees each step's new state before beams are reordered.
 *
 * @example
 * ```ts
 * const state = seq2seq.encode(src, { lengths });
 * const hyps = await beamSearch(seq2seq, state, B, { bos: 1, eos: 2, maxLength: 20, beamSize: 4 });
 * hyps[0][0].tokens; // the best translation of row 0
 * seq2seq.disposeState(state);
 * ```
 */
export async function beamSearch<S>(
  model: StepModel<S>,
  state: S,
  batchSize: number,
  options: BeamSearchOptions,
  onStep?: (state: S, step: number) => void | Promise<void>,
): Promise<BeamHypothesis[][]> {
  const { bos, eos, maxLength, beamSize: K = 1, lengthPenalty = 1 } = options;
  checkDims('beamSearch', { batchSize, maxLength, beamSize: K });
  if (!Number.isInteger(bos) || !Number.isInteger(eos)) {
    throw new ArgumentError('beamSearch(bos, eos)', 'integer token ids', { bos, eos });
  }
  const N = batchSize * K;
  const norm = (logProb: number, len: number) =>
    lengthPenalty === 0 ? logProb : logProb / len ** lengthPenalty;
  let st = model.reorderState(
    state,
    Array.from({ length: N }, (_, r) => Math.floor(r / K)),
  );
  let scores = Array.from({ length: N }, (_, r) => (r % K === 0 ? 0 : Number.NEGATIVE_INFINITY));
  let hist: number[][] = Array.from({ length: N }, () => []);
  let rowHist: number[][] = Array.from({ length: N }, () => []);
  const finished: BeamHypothesis[][] = Array.from({ length: batchSize }, () => []);
  const done = new Array<boolean>(batchSize).fill(false);
  let input = tf.fill([N, 1], bos, 'int32');
  try {
    for (let t = 0; t < maxLength; t++) {
      const { logits, state: next } = model.step(input, st);
      model.disposeState(st);
      st = next;
      await onStep?.(st, t);
      const logp = tf.tidy(() => tf.logSoftmax(logits));
      const lp = await logp.data();
      const V = logits.shape[1] as number;
      tf.dispose([logits, logp]);
      const parents = new Array<number>(N);
      const tokens = new Array<number>(N);
      const nextScores = new Array<number>(N).fill(Number.NEGATIVE_INFINITY);
      const last = t === maxLength - 1;
      for (let b = 0; b < batchSize; b++) {
        const base = b * K;
        if (done[b]) {
          for (let k = 0; k < K; k++) [parents[base + k], tokens[base + k]] = [base + k, eos];
          continue;
        }
        const cands: Array<[score: number, row: number, token: number]> = [];
        for (let k = 0; k < K; k++) {
          const row = base + k;
          const s = scores[row] as number;
          if (s === Number.NEGATIVE_INFINITY) continue;
          for (let v = 0; v < V; v++) cands.push([s + (lp[row * V + v] as number), row, v]);
        }
        cands.sort((x, y) => y[0] - x[0]);
        const finish = (i: number) => {
          const [s, row, v] = cands[i] as [number, number, number];
          const past = hist[row] as number[];
          finished[b]?.push({
            tokens: v === eos ? [...past] : [...past, v],
            score: norm(s, t + 1),
            logProb: s,
            rows: [...(rowHist[row] as number[]), row],
          });
        };
        if (last) {
          // At maxLength every one of the best K candidates ends, eos or not.
          for (let i = 0; i < Math.min(K, cands.length); i++) finish(i);
          done[b] = true;
          continue;
        }
        let kept = 0;
        for (let i = 0; i < cands.length && kept < K; i++) {
          const [s, row, v] = cands[i] as [number, number, number];
          if (v === eos) {
            // eos among the best K candidates ends that hypothesis; the beam goes on with the next ones.
            if (i < K) finish(i);
            continue;
          }
          parents[base + kept] = row;
          tokens[base + kept] = v;
          nextScores[base + kept] = s;
          kept++;
        }
        for (; kept < K; kept++) [parents[base + kept], tokens[base + kept]] = [base, eos];
        if ((finished[b]?.length ?? 0) >= K) done[b] = true;
      }
      if (done.every(Boolean)) break;
      hist = parents.map((p, r) => [...(hist[p] as number[]), tokens[r] as number]);
      rowHist = parents.map((p) => [...(rowHist[p] as number[]), p]);
      scores = nextScores;
      const reordered = model.reorderState(st, parents);
      model.disposeState(st);
      st = reordered;
      input.dispose();
      input = tf.tensor2d(tokens, [N, 1], 'int32');
    }
  } finally {
    input.dispose();
    model.disposeState(st);
  }
  return finished.map((f) => f.sort((x, y) => y.score - x.score).slice(0, K));
}
