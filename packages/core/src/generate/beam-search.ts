import { BeamHypotheses } from './beam-hypotheses';
import { expSum, fastExp } from './fast-exp';
import type { GenerationModel } from './generation-model';
import { reorder, runModelStep, type StateHolder, yieldToEventLoop } from './model-step';
import type { ResolvedOptions } from './options';
import { hasProcessors, processScores } from './process-scores';
import type { Prompt } from './prompt';
import { logSumExp } from './select-token';
import { StopStrings } from './stop-strings';
import { TopKHeap } from './top-indices';

/** A beam's new tokens as a parent-linked list: beams share prefixes, nothing is copied per step. */
interface Tokens {
  token: number;
  parent: Tokens | null;
  length: number;
}

interface Beam {
  tokens: Tokens | null;
  score: number;
  /** The beam of the previous step it continues. */
  from: number;
}

interface Candidate {
  beam: number;
  token: number;
  score: number;
  hit: boolean;
}

/** Per prompt: running beams (best first), finished hypotheses, and whether it may still improve. */
interface Item {
  prompt: number[];
  running: Beam[];
  done: BeamHypotheses;
  improvable: boolean;
}

/**
 * Beam search and beam sampling with Hugging Face's semantics (its vectorised `_beam_search`,
 * transformers ≥ 4.50):
 *
 * - Scores are sums of log-softmax values after the logits processors (which HF applies to the
 *   log-probabilities here: a repetition penalty multiplies them). At the first step only beam 0
 *   exists (the others start at −∞; HF −1e9).
 * - Each step ranks `K = max(2, 1 + #eos) · numBeams` candidates over all beams (ties: lower beam,
 *   then lower token first; beam sampling draws them without replacement from the softmax of the
 *   accumulated scores instead, in draw order). A candidate that ends in EOS, completes a stop string
 *   or reaches `maxNewTokens` is finished; only those ranked among the first `numBeams` are kept,
 *   scored `sum / newLength ** lengthPenalty`, where `newLength` counts the new tokens including the
 *   EOS and excludes the prompt (HF ≥ 4.50: `cur_len + 1 − decoder_prompt_len`; older HF divided by
 *   the whole sequence length, prompt included, EOS excluded). The best `numBeams` unfinished
 *   candidates run on.
 * - `earlyStopping`: `true` stops a prompt once `numBeams` hypotheses are finished; `false` once the
 *   best running beam scored at its current length cannot beat the worst finished one; `'never'`
 *   (with `lengthPenalty > 0`) scores it at `maxNewTokens` instead, so only a provably unbeatable set
 *   stops it. A prompt that stops is dropped from the model state.
 * - The result per prompt is its best `numReturnSequences` finished hypotheses; on abort (or if too
 *   few finished) the running beams are added scored at their current length.
 *
 * @example
 * ```ts
 * const out = { sequences: [] as number[][], scores: [] as number[] };
 * await beamSearch(model, prompt, resolveOptions('generate', { numBeams: 4, eosTokenId: 2 }), out);
 * ```
 */
export async function beamSearch<S>(
  model: GenerationModel<S>,
  prompt: Prompt,
  o: ResolvedOptions,
  out: { sequences: number[][]; scores: number[] },
): Promise<void> {
  const nb = o.numBeams;
  const eos = new Set(o.eos);
  const K = Math.max(2, 1 + o.eos.length) * nb;
  const stop = o.stopStrings.length > 0 ? new StopStrings(o.stopStrings, o.decode!) : null;
  const items: Item[] = prompt.rows.map((row, b) => ({
    prompt: row.slice(prompt.pads[b]!),
    running: Array.from({ length: nb }, (_, j) => ({
      tokens: null,
      score: j === 0 ? 0 : Number.NEGATIVE_INFINITY,
      from: j,
    })),
    done: new BeamHypotheses(nb),
    improvable: true,
  }));
  const signal = o.signal;
  if (!signal?.aborted) {
    const holder: StateHolder<S> = { state: await model.initState(prompt.batch) };
    try {
      let { logits, vocab } = await runModelStep(model, holder, {
        tokens: prompt.rows,
        pads: prompt.pads,
        pastLength: 0,
      });
      let active = items.map((_, b) => b);
      const work = new Float32Array(vocab * (o.sample ? nb : 1));
      for (let step = 0; !signal?.aborted; step++) {
        const stateRows: number[] = [];
        const still: number[] = [];
        for (let a = 0; a < active.length; a++) {
          const item = items[active[a]!]!;
          const rowOf = (j: number) => (step === 0 ? a : a * nb + j);
          const cands = candidates(item, logits, vocab, rowOf, K, work, o);
          const last = step + 1 >= o.maxNewTokens;
          for (const c of cands) {
            c.hit =
              last ||
              eos.has(c.token) ||
              (stop?.hit([...history(item, item.running[c.beam]!), c.token]) ?? false);
          }
          advance(item, cands, step + 1, o);
          if (last || !item.improvable || (o.earlyStopping === true && item.done.full)) continue;
          still.push(active[a]!);
          for (const beam of item.running) stateRows.push(rowOf(beam.from));
        }
        if (still.length === 0) break;
        reorder(model, holder, stateRows, step === 0 ? active.length : active.length * nb);
        active = still;
        if (signal) {
          await yieldToEventLoop();
          if (signal.aborted) break;
        }
        ({ logits } = await runModelStep(
          model,
          holder,
          {
            tokens: active.flatMap((b) => items[b]!.running.map((beam) => beam.tokens!.token)),
            pads: active.flatMap((b) => new Array<number>(nb).fill(prompt.pads[b]!)),
            pastLength: prompt.length + step,
          },
          vocab,
        ));
      }
    } finally {
      model.disposeState(holder.state);
    }
  }
  out.sequences = [];
  out.scores = [];
  for (const item of items) {
    if (item.done.size < o.numReturnSequences) {
      // Aborted, or too few finished: the running beams count as hypotheses of their current length.
      for (const beam of item.running) {
        const len = beam.tokens?.length ?? 0;
        item.done.add(toArray(beam.tokens), len > 0 ? beam.score / len ** o.lengthPenalty : beam.score);
      }
    }
    const best = item.done.best(o.numReturnSequences);
    for (let k = 0; k < o.numReturnSequences; k++) {
      out.sequences.push(best[k]?.tokens ?? []);
      out.scores.push(best[k]?.score ?? Number.NEGATIVE_INFINITY);
    }
  }
}

/** The ranked candidates of one prompt: `K` best (or sampled) continuations over its beams. */
function candidates(
  item: Item,
  logits: Float32Array,
  vocab: number,
  rowOf: (j: number) => number,
  K: number,
  work: Float32Array,
  o: ResolvedOptions,
): Candidate[] {
  const process = hasProcessors(o);
  const nb = item.running.length;
  if (o.sample) return sampledCandidates(item, logits, vocab, rowOf, K, work, o);
  const heap = heapFor(K);
  for (let j = 0; j < nb; j++) {
    const beam = item.running[j]!;
    if (!(beam.score > Number.NEGATIVE_INFINITY)) continue;
    const row = logits.subarray(rowOf(j) * vocab, (rowOf(j) + 1) * vocab);
    const base = j * vocab;
    if (process || vocab <= SMALL_VOCAB) {
      // Three passes: max, normaliser, candidates. HF applies the processors to the
      // log-probabilities in beam search.
      const lse = logSumExp(row);
      let scores = row;
      let offset = beam.score - lse;
      if (process) {
        for (let i = 0; i < vocab; i++) work[i] = row[i]! - lse;
        scores = processScores(work, history(item, beam), o);
        offset = beam.score;
      }
      let floor = heap.floor;
      for (let i = 0; i < vocab; i++) {
        const v = scores[i]! + offset;
        if (v > floor) {
          heap.push(v, base + i);
          floor = heap.floor;
        }
      }
      continue;
    }
    // Two passes over the row: its max and its own top K (one comparison per logit), then the
    // softmax normaliser; only the row's K best can be among the K best overall.
    const own = rowHeapFor(K);
    let max = Number.NEGATIVE_INFINITY;
    let floor = own.floor;
    for (let i = 0; i < vocab; i++) {
      const v = row[i]!;
      if (v > floor) {
        own.push(v, i);
        floor = own.floor;
        if (v > max && v < Number.POSITIVE_INFINITY) max = v;
      }
    }
    if (max === Number.NEGATIVE_INFINITY) continue;
    const offset = beam.score - (max + Math.log(expSum(row, max)));
    const top = own.sorted();
    const order = top.ids.map((_, k) => k).sort((a, b) => top.ids[a]! - top.ids[b]!); // ids ascending
    for (const k of order) {
      const v = top.values[k]! + offset;
      if (v > heap.floor) heap.push(v, base + top.ids[k]!);
    }
  }
  const { ids, values } = heap.sorted();
  return ids.map((id, k) => ({
    beam: Math.floor(id / vocab),
    token: id % vocab,
    score: values[k]!,
    hit: false,
  }));
}

/** Below this vocabulary size a row's own top-K heap costs more than the pass it saves. */
const SMALL_VOCAB = 4096;
let heapCache: TopKHeap | null = null;
let rowHeapCache: TopKHeap | null = null;

/** An empty heap of capacity `k` (reused between steps). */
function heapFor(k: number): TopKHeap {
  if (heapCache?.k !== k) heapCache = new TopKHeap(k);
  heapCache.reset();
  return heapCache;
}

/** A second one, for one row's own best `k`. */
function rowHeapFor(k: number): TopKHeap {
  if (rowHeapCache?.k !== k) rowHeapCache = new TopKHeap(k);
  rowHeapCache.reset();
  return rowHeapCache;
}

/** Beam sampling: `K` draws without replacement from the softmax of the accumulated scores. */
function sampledCandidates(
  item: Item,
  logits: Float32Array,
  vocab: number,
  rowOf: (j: number) => number,
  K: number,
  work: Float32Array,
  o: ResolvedOptions,
): Candidate[] {
  const nb = item.running.length;
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < nb; j++) {
    const beam = item.running[j]!;
    const w = work.subarray(j * vocab, (j + 1) * vocab);
    if (!(beam.score > Number.NEGATIVE_INFINITY)) {
      w.fill(Number.NEGATIVE_INFINITY);
      continue;
    }
    const row = logits.subarray(rowOf(j) * vocab, (rowOf(j) + 1) * vocab);
    const lse = logSumExp(row);
    for (let i = 0; i < vocab; i++) w[i] = row[i]! - lse;
    processScores(w, history(item, beam), o);
    for (let i = 0; i < vocab; i++) {
      w[i] = w[i]! + beam.score;
      if (w[i]! > max) max = w[i]!;
    }
  }
  const weights = new Float64Array(work.length);
  let total = 0;
  for (let i = 0; i < work.length; i++) {
    weights[i] = work[i]! > Number.NEGATIVE_INFINITY ? fastExp(work[i]! - max) : 0;
    total += weights[i]!;
  }
  const out: Candidate[] = [];
  while (out.length < K && total > 0) {
    const target = o.generator.uniform() * total;
    let acc = 0;
    let pick = -1;
    for (let i = 0; i < weights.length; i++) {
      if (weights[i] === 0) continue;
      acc += weights[i]!;
      pick = i;
      if (acc > target) break;
    }
    total -= weights[pick]!;
    weights[pick] = 0;
    out.push({ beam: Math.floor(pick / vocab), token: pick % vocab, score: work[pick]!, hit: false });
  }
  return out;
}

/** Moves finished candidates to the hypotheses and picks the next running beams (HF's update). */
function advance(item: Item, cands: Candidate[], newLength: number, o: ResolvedOptions): void {
  const nb = item.running.length;
  const canAdd = item.improvable && !(o.earlyStopping === true && item.done.full);
  for (let k = 0; k < Math.min(nb, cands.length); k++) {
    const c = cands[k]!;
    if (canAdd && c.hit) {
      const parent = item.running[c.beam]!.tokens;
      item.done.add(
        toArray({ token: c.token, parent, length: newLength }),
        c.score / newLength ** o.lengthPenalty,
      );
    }
  }
  // Next running beams: unfinished candidates by score (stable: rank order on ties), then dead fillers.
  const ranked = cands.map((c, k) => ({ c, k, s: c.hit ? Number.NEGATIVE_INFINITY : c.score }));
  const order = o.sample
    ? ranked.sort((x, y) => (y.s === x.s ? x.k - y.k : y.s > x.s ? 1 : -1))
    : [...ranked.filter((e) => !e.c.hit), ...ranked.filter((e) => e.c.hit)]; // already by score
  const next: Beam[] = [];
  for (let j = 0; j < nb; j++) {
    const e = order[j];
    const from = e ? e.c.beam : 0;
    const parent = item.running[from]!;
    const token = e ? e.c.token : o.pad;
    next.push({
      tokens: { token, parent: parent.tokens, length: newLength },
      score: e ? e.s : Number.NEGATIVE_INFINITY,
      from,
    });
  }
  item.running = next;
  // HF's early-stop heuristic, checked with the running beams' new length.
  const bestLength = o.earlyStopping === 'never' && o.lengthPenalty > 0 ? o.maxNewTokens : newLength;
  const best = next[0]!.score / bestLength ** o.lengthPenalty;
  if (!(best > Number.NEGATIVE_INFINITY)) item.improvable = false;
  else if (item.done.full) item.improvable = item.improvable && best > item.done.worst;
}

/** The tokens of a list, first to last. */
function toArray(tokens: Tokens | null): number[] {
  const out = new Array<number>(tokens?.length ?? 0);
  for (let t = tokens; t; t = t.parent) out[t.length - 1] = t.token;
  return out;
}

/** The beam's whole sequence: the prompt's real tokens, then its new tokens. */
function history(item: Item, beam: Beam): number[] {
  return [...item.prompt, ...toArray(beam.tokens)];
}
