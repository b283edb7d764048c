import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError } from '../errors';
import type { GenerationModel, StepInput } from './generation-model';

/** The loop's handle on the model state: always the latest state, so it can be disposed on any exit. */
export interface StateHolder<S> {
  state: S;
}

/** New tokens of the rows in the state, in state order. */
export interface StepRows {
  /** `[A][Tnew]` token ids (the prefill), or one new token per row. */
  tokens: ReadonlyArray<readonly number[]> | readonly number[];
  /** Left padding of each row (0 for none). */
  pads: number[];
  /** Tokens already in the state (the same for every row). */
  pastLength: number;
}

/**
 * Runs one model step: builds the int32 `inputIds`, `positions` (real tokens before each new token)
 * and, when a row is padded, the `attentionMask` over the whole prefix; calls `model.step`; reads
 * the `[A, V]` logits back once (`await logits.data()`) and disposes every tensor it made or got.
 * `holder.state` is the new state as soon as the model returns it.
 *
 * @example
 * ```ts
 * const holder = { state: await model.initState(1) };
 * const { logits, vocab } = await runModelStep(model, holder, { tokens: [[5, 6]], pads: [0], pastLength: 0 });
 * ```
 */
export async function runModelStep<S>(
  model: GenerationModel<S>,
  holder: StateHolder<S>,
  rows: StepRows,
  vocab?: number,
): Promise<{ logits: Float32Array; vocab: number }> {
  const a = rows.tokens.length;
  const one = typeof rows.tokens[0] === 'number';
  const tNew = one ? 1 : (rows.tokens[0] as number[]).length;
  const past = rows.pastLength;
  const ids = one
    ? Int32Array.from(rows.tokens as number[])
    : Int32Array.from((rows.tokens as number[][]).flat());
  const padded = rows.pads.some((p) => p > 0);
  // positions and attentionMask are made on first read (kept out of any tidy of the model's), so
  // a model that does not read them costs nothing.
  let positions: tf.Tensor2D | null = null;
  let mask: tf.Tensor2D | null = null;
  const made: tf.Tensor[] = [];
  const input: StepInput = {
    inputIds: tf.tensor2d(ids, [a, tNew], 'int32'),
    get positions() {
      if (!positions) {
        const pos = new Int32Array(a * tNew);
        for (let r = 0; r < a; r++) {
          for (let t = 0; t < tNew; t++) pos[r * tNew + t] = Math.max(0, past + t - rows.pads[r]!);
        }
        positions = tf.keep(tf.tensor2d(pos, [a, tNew], 'int32'));
        made.push(positions);
      }
      return positions;
    },
    get attentionMask() {
      if (padded && !mask) {
        const w = past + tNew;
        const m = new Int32Array(a * w);
        for (let r = 0; r < a; r++) m.fill(1, r * w + Math.min(rows.pads[r]!, w), (r + 1) * w);
        mask = tf.keep(tf.tensor2d(m, [a, w], 'int32'));
        made.push(mask);
      }
      return mask;
    },
    pastLength: past,
  };
  let logits: unknown;
  try {
    const out = await model.step(input, holder.state);
    holder.state = out.state;
    logits = out.logits;
  } finally {
    tf.dispose([input.inputIds, ...made]);
  }
  if (!(logits instanceof tf.Tensor) || logits.dtype !== 'float32') {
    if (logits instanceof tf.Tensor) logits.dispose();
    throw new ArgumentError('model.step(logits)', 'a float32 tensor [B, V]', logits);
  }
  try {
    const v = vocab ?? logits.shape[1];
    if (logits.rank !== 2 || logits.shape[0] !== a || logits.shape[1] !== v) {
      throw new ShapeError(
        `model.step(logits): expected shape [${a}, ${v ?? '*'}], received [${logits.shape.join(', ')}]`,
        [a, v ?? null],
        logits.shape,
      );
    }
    return { logits: (await logits.data()) as Float32Array, vocab: v! };
  } finally {
    logits.dispose();
  }
}

/**
 * Replaces `holder.state` by its rows `indices` (`model.reorderState`), unless `indices` is the
 * identity on a state of `rows` rows.
 *
 * @example
 * ```ts
 * reorder(model, holder, [0, 0, 1, 1], 2); // expand 2 prompts to 2 beams each
 * ```
 */
export function reorder<S>(
  model: GenerationModel<S>,
  holder: StateHolder<S>,
  indices: number[],
  rows: number,
): void {
  if (indices.length === rows && indices.every((v, i) => v === i)) return;
  const t = tf.tensor1d(indices, 'int32');
  try {
    holder.state = model.reorderState(holder.state, t);
  } finally {
    t.dispose();
  }
}

/**
 * Lets the event loop run (timers, UI events, an `AbortController.abort()` from a click) between
 * steps: `setImmediate` in Node, a `MessageChannel` message in browsers (no 4 ms timer clamp).
 *
 * @example
 * ```ts
 * await yieldToEventLoop();
 * if (signal.aborted) return;
 * ```
 */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  if (typeof g.setImmediate === 'function') return new Promise((resolve) => g.setImmediate!(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
