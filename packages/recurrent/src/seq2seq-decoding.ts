/**
 * Decoding a {@link Seq2Seq} through core's generation loop: the `GenerationModel` adapter (the
 * source bound in a closure, encoded by `initState`) and `translate` (greedy or beam search by
 * core's `generate`, then one teacher-forced pass for the attention weights and the scores).
 */
import { ArgumentError, type GenerationModel, generateDetailed } from '@glossa/core';
import { checkDims } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { PaddingOptions } from './ops/padding';
import type { RecurrentState } from './recurrent-state';

/** The decoding state: encoder memory, decoder states, Luong's fed-back vector, the last attention. */
export interface Seq2SeqState {
  /** Encoder states `[N, S, De]` (`De = directions · H`). */
  memory: tf.Tensor;
  /** The attention's projection of `memory`, computed once per source (additive: `W_k·h_s`), or `null`. */
  keys: tf.Tensor | null;
  /** `[N, S]` bool, `true` = source padding, or `null`. */
  srcMask: tf.Tensor | null;
  /** Decoder states `h` (and `c`) `[numLayers, N, H]`. */
  decoder: RecurrentState;
  /** Luong's `h̃` of the previous step `[N, H]` (input feeding), else `null`. */
  feed: tf.Tensor | null;
  /** Attention weights of the last step `[N, S]` (`null` before the first step). */
  weights: tf.Tensor | null;
}

/** Options of {@link Seq2Seq.translate}. */
export interface TranslateOptions extends PaddingOptions {
  /** Token that starts every target (fed first). */
  bos: number;
  /** Token that ends a target (not included in `tokens`). */
  eos: number;
  /** Most tokens generated per row (including `eos`). Default `2·S + 2`. */
  maxLength?: number;
  /** Beams per row; `1` (default) is greedy decoding. */
  beamSize?: number;
  /** Scores are `logP / length^lengthPenalty`, length counting `eos` (0: raw log-probability). Default `1`. */
  lengthPenalty?: number;
}

/** One translation. */
export interface Translation {
  /** Generated target tokens (no `bos`/`eos`). */
  tokens: number[];
  /**
   * The hypothesis score: its log-probability (with `eos` when it ended) over
   * `length^lengthPenalty` — core's beam score.
   */
  score: number;
  /** Attention weights per generated token (including the `eos` step when it ended): `[steps][S]`. */
  attention: number[][];
}

/** What decoding needs of the model (the `Seq2Seq` methods). */
export interface Seq2SeqDecoder {
  encode(src: tf.Tensor, padding?: PaddingOptions): Seq2SeqState;
  decode(newTokens: tf.Tensor, state: Seq2SeqState): { logits: tf.Tensor; state: Seq2SeqState };
  gatherState(state: Seq2SeqState, indices: tf.Tensor | readonly number[]): Seq2SeqState;
  disposeState(state: Seq2SeqState): void;
  forward(
    src: tf.Tensor,
    tgtIn: tf.Tensor,
    padding?: PaddingOptions,
  ): { logits: tf.Tensor; weights: tf.Tensor };
}

/** `Seq2Seq.generationModel`: `model` as core's {@link GenerationModel} for the source `src`. */
export function seq2seqGenerationModel(
  model: Seq2SeqDecoder,
  src: tf.Tensor,
  padding: PaddingOptions,
): GenerationModel<Seq2SeqState> {
  const B = src.shape[0] as number;
  return {
    initState: (batchSize) => {
      if (batchSize !== B) {
        throw new ArgumentError('Seq2Seq.generationModel(initState)', `${B} rows (the source's)`, batchSize);
      }
      return model.encode(src, padding);
    },
    step: ({ inputIds }, state) => {
      const out = model.decode(inputIds, state);
      model.disposeState(state);
      return out as { logits: tf.Tensor2D; state: Seq2SeqState };
    },
    reorderState: (state, indices) => {
      const next = model.gatherState(state, indices);
      model.disposeState(state);
      return next;
    },
    disposeState: (state) => model.disposeState(state),
  };
}

/** `Seq2Seq.translate`. */
export async function translateWith(
  model: Seq2SeqDecoder,
  src: tf.Tensor,
  options: TranslateOptions,
): Promise<Translation[]> {
  const { lengths, mask, bos, eos, beamSize = 1, lengthPenalty = 1 } = options ?? ({} as TranslateOptions);
  const { maxLength = 2 * (src.shape[1] as number) + 2 } = options ?? {};
  checkDims('Seq2Seq.translate', { maxLength, beamSize });
  if (!Number.isInteger(bos) || !Number.isInteger(eos)) {
    throw new ArgumentError('Seq2Seq.translate(bos, eos)', 'integer token ids', { bos, eos });
  }
  const B = src.shape[0] as number;
  const padding: PaddingOptions = { ...(lengths ? { lengths } : {}), ...(mask ? { mask } : {}) };
  const start = tf.fill([B, 1], bos, 'int32') as tf.Tensor2D;
  let newTokens: number[][];
  try {
    ({ newTokens } = await generateDetailed(seq2seqGenerationModel(model, src, padding), start, {
      maxNewTokens: maxLength,
      eosTokenId: eos,
      numBeams: beamSize,
      lengthPenalty,
    }));
  } finally {
    start.dispose();
  }
  // One teacher-forced pass over [bos, tokens…] gives each step's attention and log-probability.
  const T = Math.max(...newTokens.map((t) => t.length));
  const tgtIn = newTokens.map((t) => [bos, ...t.slice(0, -1), ...new Array<number>(T - t.length).fill(eos)]);
  const { weights, logp } = tf.tidy(() => {
    const out = model.forward(src, tf.tensor2d(tgtIn, [B, T], 'int32'), padding);
    return { weights: out.weights, logp: tf.logSoftmax(out.logits) };
  });
  const [w, lp] = (await Promise.all([weights.array(), logp.array()])) as [number[][][], number[][][]];
  tf.dispose([weights, logp]);
  return newTokens.map((toks, b) => {
    const logProb = toks.reduce((sum, v, t) => sum + ((lp[b] as number[][])[t] as number[])[v]!, 0);
    return {
      tokens: toks.at(-1) === eos ? toks.slice(0, -1) : toks,
      score: lengthPenalty === 0 ? logProb : logProb / toks.length ** lengthPenalty,
      attention: (w[b] as number[][]).slice(0, toks.length),
    };
  });
}
