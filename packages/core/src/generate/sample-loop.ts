import type { GenerationModel } from './generation-model';
import { reorder, runModelStep, type StateHolder, yieldToEventLoop } from './model-step';
import type { ResolvedOptions } from './options';
import { hasProcessors, processScores } from './process-scores';
import type { Prompt } from './prompt';
import { argmax, sampleToken } from './select-token';
import { StopStrings } from './stop-strings';

/**
 * One step of {@link generateStream}: the new token of every output row, `null` once a row has finished.
 *
 * @example
 * ```ts
 * for await (const { step, tokens } of generateStream(model, ids)) console.log(step, tokens[0]);
 * ```
 */
export interface GenerateStreamChunk {
  /** 0 for the first new token. */
  step: number;
  /** `B · numReturnSequences` entries, in output-row order. */
  tokens: Array<number | null>;
}

/**
 * Greedy decoding and multinomial sampling (HF `_sample`), one yielded chunk per step. Output row
 * `r` continues prompt `⌊r / numReturnSequences⌋`: the prompt is prefilled once and the state
 * expanded with `reorderState` (HF instead repeats the prompt before the prefill; the same rows).
 * A row finishes on an EOS id or a stop string; finished rows are dropped from the state, so later
 * steps run on the unfinished rows only. The new tokens of every row end up in `out.generated`.
 *
 * @example
 * ```ts
 * const out = { generated: [] as number[][] };
 * for await (const chunk of sampleLoop(model, prompt, opts, out)) console.log(chunk.tokens);
 * ```
 */
export async function* sampleLoop<S>(
  model: GenerationModel<S>,
  prompt: Prompt,
  o: ResolvedOptions,
  out: { generated: number[][] },
): AsyncGenerator<GenerateStreamChunk, void, undefined> {
  const n = o.numReturnSequences;
  const rowsOut = prompt.batch * n;
  const source = Array.from({ length: rowsOut }, (_, r) => Math.floor(r / n));
  const generated: number[][] = source.map(() => []);
  out.generated = generated;
  const history = source.map((b) => prompt.rows[b]!.slice(prompt.pads[b]!));
  const stop = o.stopStrings.length > 0 ? new StopStrings(o.stopStrings, o.decode!) : null;
  const eos = new Set(o.eos);
  const process = hasProcessors(o);
  const signal = o.signal;
  if (signal?.aborted) return;
  const holder: StateHolder<S> = { state: await model.initState(prompt.batch) };
  try {
    let { logits, vocab } = await runModelStep(model, holder, {
      tokens: prompt.rows,
      pads: prompt.pads,
      pastLength: 0,
    });
    if (signal?.aborted) return;
    // State row i holds output row active[i]; logits row logitRow[i].
    let active = source.map((_, r) => r);
    let logitRow = source.slice();
    reorder(model, holder, source, prompt.batch);
    const work = new Float32Array(vocab);
    for (let step = 0; ; step++) {
      const tokens = new Array<number | null>(rowsOut).fill(null);
      const still: number[] = [];
      for (let i = 0; i < active.length; i++) {
        const r = active[i]!;
        let scores = logits.subarray(logitRow[i]! * vocab, (logitRow[i]! + 1) * vocab);
        if (process) {
          work.set(scores);
          scores = processScores(work, history[r]!, o);
        }
        const token = o.sample ? sampleToken(scores, o.generator) : argmax(scores);
        tokens[r] = token;
        generated[r]!.push(token);
        history[r]!.push(token);
        if (!eos.has(token) && !stop?.hit(history[r]!)) still.push(i);
      }
      yield { step, tokens };
      if (still.length === 0 || step + 1 >= o.maxNewTokens || signal?.aborted) return;
      reorder(model, holder, still, active.length);
      active = still.map((i) => active[i]!);
      if (signal) {
        await yieldToEventLoop();
        if (signal.aborted) return;
      }
      ({ logits } = await runModelStep(
        model,
        holder,
        {
          tokens: active.map((r) => generated[r]![step]!),
          pads: active.map((r) => prompt.pads[source[r]!]!),
          pastLength: prompt.length + step,
        },
        vocab,
      ));
      logitRow = active.map((_, i) => i);
      if (signal?.aborted) return;
    }
  } finally {
    model.disposeState(holder.state);
  }
}
