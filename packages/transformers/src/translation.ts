/**
 * Text in, text out for the encoder–decoder Transformer: sentences through a tokenizer into
 * batches (sorted by length, right-padded), decoded by the model, back to text; and attention
 * maps of a source and its translation as plain arrays for plots.
 */
import { ArgumentError, type GenerateOutput } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Seq2SeqAttention, Seq2SeqGenerateOptions } from './seq2seq-config';
import type { TextTokenizer } from './text-generation';

/** What translation needs of a tokenizer (every `@glossa/tokenizers` tokenizer fits). */
export interface TranslationTokenizer extends TextTokenizer {
  /** Used by `savePretrained` to write `tokenizer.json`, when present. */
  toTokenizerJson?(): unknown;
}

/** Options of `translate`: core's decoding options (greedy unless `numBeams > 1`), batching and the tokenizer. */
export interface TranslateOptions
  extends Omit<Seq2SeqGenerateOptions, 'srcLengths' | 'numReturnSequences' | 'onToken' | 'decode'> {
  /** Sentences per batch (default 32; rows × beams run together). */
  batchSize?: number;
  /** Tokenizer (default: the model's). */
  tokenizer?: TranslationTokenizer;
  /** New tokens per sentence at most: `maxNewTokens`, or `⌈1.5 · source tokens⌉ + 10` capped by `maxLen − 1`. */
  maxNewTokens?: number;
}

/**
 * What translation needs of the model — `Seq2SeqTransformer` fits (structural, so that this file
 * does not import the model that imports it).
 */
export interface TranslationModel {
  readonly config: {
    readonly maxLen: number;
    readonly eosTokenId: number;
    readonly padTokenId: number;
    readonly bosTokenId: number;
  };
  generateDetailed(srcIds: tf.Tensor, options?: Seq2SeqGenerateOptions): Promise<GenerateOutput>;
  translate(sentences: readonly string[], options?: TranslateOptions): Promise<string[]>;
  attentionWeights(srcIds: tf.Tensor, tgtIds: tf.Tensor): Seq2SeqAttention;
}

const idsOf = (e: ArrayLike<number> | { readonly ids: ArrayLike<number> }): number[] =>
  Array.from('ids' in e ? e.ids : e);

/** Source ids of a sentence: its tokens (cropped to `maxLen − 1`) then `eos`. */
export function sourceIds(model: TranslationModel, tokenizer: TextTokenizer, sentence: string): number[] {
  if (typeof sentence !== 'string') throw new ArgumentError('translate(sentences)', 'strings', sentence);
  const { maxLen, eosTokenId } = model.config;
  return [...idsOf(tokenizer.encode(sentence)).slice(0, maxLen - 1), eosTokenId];
}

/** `[B, S]` int32, right-padded with `padTokenId`, and the lengths. */
export function padBatch(rows: readonly number[][], pad: number): { ids: tf.Tensor2D; lengths: number[] } {
  const S = Math.max(...rows.map((r) => r.length));
  const data = new Int32Array(rows.length * S).fill(pad);
  for (const [b, r] of rows.entries()) data.set(r, b * S);
  return { ids: tf.tensor2d(data, [rows.length, S], 'int32'), lengths: rows.map((r) => r.length) };
}

/** Implementation of `Seq2SeqTransformer.translate`. */
export async function translateSentences(
  model: TranslationModel,
  tokenizer: TextTokenizer,
  sentences: readonly string[],
  options: TranslateOptions,
): Promise<string[]> {
  if (!Array.isArray(sentences))
    throw new ArgumentError('translate(sentences)', 'an array of strings', sentences);
  const { batchSize = 32, tokenizer: _t, maxNewTokens, ...decode } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ArgumentError('translate(batchSize)', 'a positive integer', batchSize);
  }
  const { eosTokenId, padTokenId, maxLen } = model.config;
  const src = sentences.map((s) => sourceIds(model, tokenizer, s));
  const order = src.map((_, i) => i).sort((a, b) => src[a]!.length - src[b]!.length);
  const out: string[] = new Array(sentences.length);
  for (let start = 0; start < order.length; start += batchSize) {
    const idx = order.slice(start, start + batchSize);
    const rows = idx.map((i) => src[i]!);
    const longest = Math.max(...rows.map((r) => r.length));
    const budget = maxNewTokens ?? Math.min(maxLen - 1, Math.ceil(1.5 * longest) + 10);
    const { ids, lengths } = padBatch(rows, padTokenId);
    try {
      const { newTokens } = await model.generateDetailed(ids, {
        ...decode,
        maxNewTokens: budget,
        srcLengths: lengths,
      });
      idx.forEach((i, r) => {
        const toks = newTokens[r]!;
        out[i] = tokenizer.decode(toks[toks.length - 1] === eosTokenId ? toks.slice(0, -1) : toks);
      });
    } finally {
      ids.dispose();
    }
  }
  return out;
}

/** Attention maps of one source and its translation as plain arrays (see `attentionMaps`). */
export interface AttentionMaps {
  /** Source tokens (as the tokenizer decodes each id), `eos` last. */
  sourceTokens: string[];
  /** Decoder inputs: `bos`, then the translation's tokens. */
  targetTokens: string[];
  /** `[layer][head][S][S]`. */
  encoderSelf: number[][][][];
  /** `[layer][head][T][T]`. */
  decoderSelf: number[][][][];
  /** `[layer][head][T][S]`: which source token each target position attended to. */
  cross: number[][][][];
}

/**
 * Per-layer, per-head self- and cross-attention of `source` and its `translation` (by default
 * the model's greedy translation), for plots. Runs in the model's current mode (use `eval()`).
 *
 * @example
 * ```ts
 * const maps = await attentionMaps(model, model.tokenizer!, 'I like cats.');
 * maps.cross[2][0]; // last layer, head 0: [T][S]
 * ```
 */
export async function attentionMaps(
  model: TranslationModel,
  tokenizer: TextTokenizer,
  source: string,
  translation?: string,
): Promise<AttentionMaps> {
  const { bosTokenId, maxLen } = model.config;
  const text = translation ?? (await model.translate([source], { tokenizer }))[0]!;
  const src = sourceIds(model, tokenizer, source);
  const tgt = [bosTokenId, ...idsOf(tokenizer.encode(text))].slice(0, maxLen);
  const s = tf.tensor2d([src], [1, src.length], 'int32');
  const t = tf.tensor2d([tgt], [1, tgt.length], 'int32');
  const w = model.attentionWeights(s, t);
  try {
    const read = async (list: tf.Tensor[]) =>
      Promise.all(list.map(async (x) => ((await x.array()) as number[][][][])[0]!));
    const piece = (id: number) => tokenizer.decode([id]);
    return {
      sourceTokens: src.map(piece),
      targetTokens: tgt.map(piece),
      encoderSelf: await read(w.encoderSelf),
      decoderSelf: await read(w.decoderSelf),
      cross: await read(w.cross),
    };
  } finally {
    tf.dispose([s, t, ...w.encoderSelf, ...w.decoderSelf, ...w.cross]);
  }
}
