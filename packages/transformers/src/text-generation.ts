/**
 * Text in, text out: a prompt string through a tokenizer into core's generation loop, and the new
 * tokens back out as text pieces as they come. Works for any `GenerationModel`; `GPT.streamText` /
 * `GPT.generateText` are the usual way in (they also crop the prompt to the context size).
 */
import {
  ArgumentError,
  type GenerateOptions,
  type GenerationModel,
  generate,
  generateStream,
} from '@glossa/core';
import type { StreamDecoder } from '@glossa/tokenizers';
import * as tf from '@tensorflow/tfjs-core';

/**
 * What the text helpers need of a tokenizer: `encode(text)` to ids (an array, or an object with
 * `ids` such as `@glossa/tokenizers`' `Encoding`) and `decode(ids)` to text. A `decodeStream()`, when
 * there is one (every `@glossa/tokenizers` tokenizer has it), turns ids into text incrementally without
 * splitting a multi-byte character; without it the helpers re-decode the new ids and emit the growth.
 */
export interface TextTokenizer {
  encode(text: string): ArrayLike<number> | { readonly ids: ArrayLike<number> };
  decode(ids: number[]): string;
  decodeStream?(): StreamDecoder;
}

/**
 * Options of the text helpers: core's {@link GenerateOptions} (greedy unless `doSample`; one prompt,
 * so no `attentionMask`, `numReturnSequences` or `onToken`; `decode` comes from the tokenizer) and
 * `onText`, called with each new piece of text.
 */
export interface TextGenerationOptions
  extends Omit<GenerateOptions, 'attentionMask' | 'numReturnSequences' | 'onToken' | 'decode'> {
  /** Called with each new piece of text, in order (once, with the whole text, under beam search). */
  onText?: (text: string) => void;
}

/** Prompt ids, cropped from the left to `maxContext - maxNewTokens` (nanoGPT's `idx[:, -block_size:]`). */
function promptIds(
  fn: string,
  tokenizer: TextTokenizer,
  prompt: string,
  maxNewTokens: number,
  maxContext: number,
): number[] {
  if (!tokenizer || typeof tokenizer.encode !== 'function' || typeof tokenizer.decode !== 'function') {
    throw new ArgumentError(`${fn}(tokenizer)`, 'an object with encode(text) and decode(ids)', tokenizer);
  }
  if (typeof prompt !== 'string') throw new ArgumentError(`${fn}(prompt)`, 'a string', prompt);
  const enc = tokenizer.encode(prompt);
  const ids = Array.from('ids' in enc ? enc.ids : enc);
  if (ids.length === 0) {
    throw new ArgumentError(`${fn}(prompt)`, 'text that encodes to at least one token', prompt);
  }
  const keep = maxContext - maxNewTokens;
  if (keep < 1) {
    throw new ArgumentError(
      `${fn}(maxNewTokens)`,
      `at most ${maxContext - 1} (the context holds ${maxContext} tokens, prompt included)`,
      maxNewTokens,
    );
  }
  return ids.length > keep ? ids.slice(-keep) : ids;
}

/** Incremental decoding: the tokenizer's own stream decoder, else re-decoding the new ids. */
function textDecoder(tokenizer: TextTokenizer): StreamDecoder {
  if (typeof tokenizer.decodeStream === 'function') return tokenizer.decodeStream();
  let ids: number[] = [];
  let emitted = '';
  const take = (final: boolean) => {
    const text = tokenizer.decode(ids);
    // Hold back a trailing U+FFFD: the next id may complete the character.
    if (!final && text.endsWith('\uFFFD')) return '';
    const out = text.startsWith(emitted) ? text.slice(emitted.length) : text;
    emitted = text;
    return out;
  };
  return {
    write(id: number | ArrayLike<number>) {
      ids = ids.concat(typeof id === 'number' ? [id] : Array.from(id));
      return take(false);
    },
    flush() {
      const out = take(true);
      ids = [];
      emitted = '';
      return out;
    },
  };
}

/**
 * Generates from a text prompt and yields the new text piece by piece (greedy or sampling; beam
 * search cannot stream — use {@link generateText}). End-of-sequence ids (`eosTokenId`) end the text
 * and are not part of it. Breaking out of the loop stops generation.
 *
 * @param maxContext the model's context size: longer prompts keep their last
 *   `maxContext - maxNewTokens` tokens.
 *
 * @example
 * ```ts
 * for await (const piece of streamText(gpt, tokenizer, 'ROMEO:', { maxNewTokens: 100, doSample: true, seed: 0 }, 64)) {
 *   process.stdout.write(piece);
 * }
 * ```
 */
export async function* streamText<S>(
  model: GenerationModel<S>,
  tokenizer: TextTokenizer,
  prompt: string,
  options: TextGenerationOptions = {},
  maxContext = Number.POSITIVE_INFINITY,
): AsyncGenerator<string, void, undefined> {
  const { onText, ...rest } = options;
  const maxNewTokens = rest.maxNewTokens ?? 20;
  const ids = promptIds('streamText', tokenizer, prompt, maxNewTokens, maxContext);
  const eos = new Set(rest.eosTokenId === undefined ? [] : [rest.eosTokenId].flat());
  const decoder = textDecoder(tokenizer);
  const input = tf.tensor2d(ids, [1, ids.length], 'int32');
  try {
    const opts: GenerateOptions = { ...rest, maxNewTokens, decode: (t) => tokenizer.decode(t) };
    for await (const { tokens } of generateStream(model, input, opts)) {
      const t = tokens[0];
      if (t === null || t === undefined || eos.has(t)) continue;
      const piece = decoder.write(t);
      if (piece) {
        onText?.(piece);
        yield piece;
      }
    }
    const tail = decoder.flush();
    if (tail) {
      onText?.(tail);
      yield tail;
    }
  } finally {
    input.dispose();
  }
}

/**
 * Generates from a text prompt and resolves with the new text (the prompt not included); `onText`
 * sees it piece by piece as it is generated (under beam search, once at the end). Options as
 * {@link streamText}, plus beam search.
 *
 * @example
 * ```ts
 * const text = await generateText(gpt, tokenizer, 'ROMEO:', { maxNewTokens: 50, onText: (s) => process.stdout.write(s) }, 64);
 * ```
 */
export async function generateText<S>(
  model: GenerationModel<S>,
  tokenizer: TextTokenizer,
  prompt: string,
  options: TextGenerationOptions = {},
  maxContext = Number.POSITIVE_INFINITY,
): Promise<string> {
  if ((options.numBeams ?? 1) <= 1) {
    let text = '';
    for await (const piece of streamText(model, tokenizer, prompt, options, maxContext)) text += piece;
    return text;
  }
  const { onText, ...rest } = options;
  const maxNewTokens = rest.maxNewTokens ?? 20;
  const ids = promptIds('generateText', tokenizer, prompt, maxNewTokens, maxContext);
  const eos = new Set(rest.eosTokenId === undefined ? [] : [rest.eosTokenId].flat());
  const input = tf.tensor2d(ids, [1, ids.length], 'int32');
  let out: tf.Tensor2D | undefined;
  try {
    out = await generate(model, input, { ...rest, maxNewTokens, decode: (t) => tokenizer.decode(t) });
    const row = Array.from((await out.data()) as Int32Array).slice(ids.length);
    const end = row.findIndex((t) => eos.has(t));
    const text = tokenizer.decode(end < 0 ? row : row.slice(0, end));
    if (text) onText?.(text);
    return text;
  } finally {
    input.dispose();
    out?.dispose();
  }
}
