import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors';
import { beamSearch } from './beam-search';
import type { GenerationModel } from './generation-model';
import { type GenerateOptions, type ResolvedOptions, resolveOptions } from './options';
import { type Prompt, readPrompt } from './prompt';
import { type GenerateStreamChunk, sampleLoop } from './sample-loop';

/**
 * What {@link generateDetailed} returns (plain arrays: nothing to dispose).
 *
 * @example
 * ```ts
 * const { sequences, newTokens, scores } = await generateDetailed(model, ids, { numBeams: 2 });
 * ```
 */
export interface GenerateOutput {
  /**
   * `B · numReturnSequences` rows (row `r` continues prompt `⌊r / numReturnSequences⌋`): the prompt
   * as given (left padding included), then the new tokens, then `padTokenId` up to the longest row.
   */
  sequences: number[][];
  /** The new tokens of each row, without padding (an EOS that finished a row is included). */
  newTokens: number[][];
  /** Beam search: each row's length-penalised score (HF `sequences_scores`); `null` otherwise. */
  scores: number[] | null;
}

/**
 * Autoregressive generation for any {@link GenerationModel} — greedy, sampling or beam search,
 * chosen as Hugging Face's `generate` chooses: beam search when `numBeams > 1`, sampling only with
 * `doSample: true` (beam sampling with both), greedy otherwise. See {@link GenerateOptions} for
 * every option and where it follows or leaves HF.
 *
 * Each step the `[B, V]` logits are read back once and everything else — logits processors,
 * selection, beams, stop rules — runs in JavaScript on the CPU, seeded by `seed` through core's
 * `Generator`: the same seed and logits give the same tokens on every backend. Tensors made by the
 * call are disposed (the model state too, also on errors and aborts).
 *
 * @param inputIds int32 `[B, T]` prompts (T ≥ 1; decoder-start tokens for an encoder–decoder).
 * @returns int32 `[B · numReturnSequences, T + new]`: prompt (as given) + new tokens, rows that
 *   finished early filled with `padTokenId`.
 *
 * @example
 * ```ts
 * const ids = tf.tensor2d([[50256, 464, 3290]], [1, 3], 'int32');
 * const greedy = await generate(model, ids, { maxNewTokens: 20, eosTokenId: 50256 });
 * const sampled = await generate(model, ids, { doSample: true, topP: 0.9, temperature: 0.8, seed: 1 });
 * const beams = await generate(model, ids, { numBeams: 4, numReturnSequences: 2, lengthPenalty: 1 });
 * ```
 */
export async function generate<S>(
  model: GenerationModel<S>,
  inputIds: tf.Tensor2D,
  options: GenerateOptions = {},
): Promise<tf.Tensor2D> {
  const { sequences } = await run('generate', model, inputIds, options);
  const width = sequences[0]!.length;
  return tf.tensor2d(Int32Array.from(sequences.flat()), [sequences.length, width], 'int32');
}

/**
 * {@link generate} returning plain arrays, with the beam scores (HF's `return_dict_in_generate`
 * with `output_scores`).
 *
 * @example
 * ```ts
 * const { newTokens, scores } = await generateDetailed(model, ids, { numBeams: 4, numReturnSequences: 4 });
 * ```
 */
export function generateDetailed<S>(
  model: GenerationModel<S>,
  inputIds: tf.Tensor2D,
  options: GenerateOptions = {},
): Promise<GenerateOutput> {
  return run('generateDetailed', model, inputIds, options);
}

/**
 * Generation as an async iterator: one chunk per step with the new token of every output row
 * (`B · numReturnSequences` rows — for one prompt, `chunk.tokens[0]`), `null` for rows that had
 * already finished. Greedy or sampling only: beam search cannot stream (its beams change until the
 * end). Breaking out of the loop ends generation and disposes the model state; so does `signal`.
 * Option errors surface at the first `next()`.
 *
 * @example
 * ```ts
 * let text = '';
 * for await (const { tokens } of generateStream(model, ids, { doSample: true, seed: 0, maxNewTokens: 100 })) {
 *   text += tokenizer.decode([tokens[0]!]);
 * }
 * ```
 */
export async function* generateStream<S>(
  model: GenerationModel<S>,
  inputIds: tf.Tensor2D,
  options: GenerateOptions = {},
): AsyncGenerator<GenerateStreamChunk, void, undefined> {
  const o = resolveOptions('generateStream', options);
  checkModel('generateStream', model);
  if (o.numBeams > 1) {
    throw new ArgumentError(
      'generateStream(numBeams)',
      '1 (beam search cannot stream; use generate)',
      o.numBeams,
    );
  }
  const prompt = await readPrompt('generateStream', inputIds, options.attentionMask);
  for await (const chunk of sampleLoop(model, prompt, o, { generated: [] })) {
    o.onToken?.(chunk.tokens, chunk.step);
    yield chunk;
  }
}

async function run<S>(
  fn: string,
  model: GenerationModel<S>,
  inputIds: tf.Tensor2D,
  options: GenerateOptions,
): Promise<GenerateOutput> {
  const o = resolveOptions(fn, options);
  checkModel(fn, model);
  const prompt = await readPrompt(fn, inputIds, options.attentionMask);
  if (o.numBeams > 1) {
    const out = { sequences: [] as number[][], scores: [] as number[] };
    await beamSearch(model, prompt, o, out);
    return assemble(prompt, o, out.sequences, out.scores);
  }
  const out = { generated: [] as number[][] };
  for await (const chunk of sampleLoop(model, prompt, o, out)) o.onToken?.(chunk.tokens, chunk.step);
  return assemble(prompt, o, out.generated, null);
}

function checkModel(fn: string, model: unknown): void {
  const m = model as Record<string, unknown> | null;
  const missing = ['initState', 'step', 'reorderState', 'disposeState'].filter(
    (k) => typeof m?.[k] !== 'function',
  );
  if (missing.length > 0) {
    throw new ArgumentError(`${fn}(model)`, `a GenerationModel (missing ${missing.join(', ')})`, model);
  }
}

function assemble(
  prompt: Prompt,
  o: ResolvedOptions,
  newTokens: number[][],
  scores: number[] | null,
): GenerateOutput {
  const n = o.numReturnSequences;
  const rows = prompt.batch * n;
  const generated = Array.from({ length: rows }, (_, r) => newTokens[r] ?? []);
  const width = prompt.length + Math.max(0, ...generated.map((g) => g.length));
  const sequences = generated.map((g, r) => {
    const row = [...prompt.rows[Math.floor(r / n)]!, ...g];
    while (row.length < width) row.push(o.pad);
    return row;
  });
  return { sequences, newTokens: generated, scores };
}
