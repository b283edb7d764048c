import type * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors';
import { Generator, getDefaultGenerator } from '../random';

/**
 * Options of {@link generate} and {@link generateStream}: the camelCase of Hugging Face's
 * `generate` arguments, with HF's defaults and semantics unless a field says otherwise.
 *
 * @example
 * ```ts
 * const options: GenerateOptions = { doSample: true, topP: 0.9, temperature: 0.7, maxNewTokens: 64, seed: 1 };
 * ```
 */
export interface GenerateOptions {
  /** `[B, T]`, 1 = real token, 0 = left padding (each row: zeros, then ones). Default: all real. */
  attentionMask?: tf.Tensor2D;
  /** Most new tokens per row (≥ 1). Default 20 (HF's `max_length` default, counted as new tokens). */
  maxNewTokens?: number;
  /**
   * Sample instead of greedy / beam search (with `numBeams` > 1: beam sampling). Default `false`.
   * As in HF, `temperature`, `topK`, `topP` and `minP` act only when sampling; given without it they
   * are ignored with a `console.warn`.
   */
  doSample?: boolean;
  /** Divides the logits before sampling (> 0). Default 1. */
  temperature?: number;
  /** Keep the k most likely tokens when sampling (0 = off). Default 50, as HF. */
  topK?: number;
  /** Nucleus sampling: keep the smallest set of top tokens with probability ≥ topP, in (0, 1]. Default 1 (off). */
  topP?: number;
  /** Drop tokens with probability < minP × the top probability, in [0, 1]. Default off. */
  minP?: number;
  /** > 1 discourages tokens already in the sequence (prompt included). Default 1. */
  repetitionPenalty?: number;
  /** Never repeat an n-gram of this size (0 = off). Default 0. */
  noRepeatNgramSize?: number;
  /** Beam search with this many beams per prompt (1 = greedy or sampling). Default 1. */
  numBeams?: number;
  /** Beam scores are `Σ log p / lengthᵅ`, α = lengthPenalty; length = new tokens incl. EOS. Default 1. */
  lengthPenalty?: number;
  /**
   * Beam search stop rule, as HF: `true` stops a prompt as soon as `numBeams` hypotheses are
   * finished; `false` (default) stops when the best running beam, scored at its current length,
   * cannot beat the worst finished one (a heuristic); `'never'` only when no better hypothesis is
   * possible at any length up to `maxNewTokens` (canonical beam search).
   */
  earlyStopping?: boolean | 'never';
  /** Sequences returned per prompt: the best n beams, or n independent samples. Default 1. */
  numReturnSequences?: number;
  /** A row finishes when it generates one of these (the EOS stays in the output). Default none. */
  eosTokenId?: number | number[];
  /** Fills rows that finished early. Default: the first `eosTokenId`, else 0. */
  padTokenId?: number;
  /** A row finishes when its text (through `decode`) ends with one of these after a new token. */
  stopStrings?: string | string[];
  /** Token ids → text; required with `stopStrings` (core knows no tokenizer). */
  decode?: (ids: number[]) => string;
  /** Seeds sampling (a fresh `Generator(seed)`). Default: core's default generator (`manualSeed`). */
  seed?: number;
  /**
   * Stops generation: no model step starts after it fires, the step in flight (if any) is
   * discarded, and the call resolves with what was generated so far (beam search: the best
   * hypotheses so far). Not an error: a stop button wants the partial text.
   */
  signal?: AbortSignal;
  /**
   * Called after every step with the new token of each output row (`B · numReturnSequences`
   * rows), `null` for rows that had already finished. Not with beam search (`numBeams` > 1), whose
   * beams change until the end (HF refuses streamers there too).
   */
  onToken?: (tokens: Array<number | null>, step: number) => void;
}

/** Options after defaults and checks. */
export interface ResolvedOptions {
  maxNewTokens: number;
  sample: boolean;
  temperature: number;
  topK: number;
  topP: number;
  minP: number;
  repetitionPenalty: number;
  noRepeatNgramSize: number;
  numBeams: number;
  lengthPenalty: number;
  earlyStopping: boolean | 'never';
  numReturnSequences: number;
  eos: number[];
  pad: number;
  stopStrings: string[];
  decode: ((ids: number[]) => string) | null;
  generator: Generator;
  signal: AbortSignal | null;
  onToken: GenerateOptions['onToken'] | null;
  /** HF: 1 when sampling; with beam sampling, the number of EOS ids + 1 (so a beam can go on). */
  minTokensToKeep: number;
}

const KNOWN = new Set([
  'attentionMask',
  'maxNewTokens',
  'doSample',
  'temperature',
  'topK',
  'topP',
  'minP',
  'repetitionPenalty',
  'noRepeatNgramSize',
  'numBeams',
  'lengthPenalty',
  'earlyStopping',
  'numReturnSequences',
  'eosTokenId',
  'padTokenId',
  'stopStrings',
  'decode',
  'seed',
  'signal',
  'onToken',
]);

/**
 * Checks `options` (typed errors name the argument as `${fn}(name)`) and fills in the defaults.
 *
 * @example
 * ```ts
 * resolveOptions('generate', { numBeams: 0 }); // ArgumentError: generate(numBeams): expected an integer >= 1, received 0 (number)
 * ```
 */
export function resolveOptions(fn: string, options: GenerateOptions = {}): ResolvedOptions {
  const o = options;
  const bad = (name: string, expected: string, v: unknown) =>
    new ArgumentError(`${fn}(${name})`, expected, v);
  if (typeof o !== 'object' || o === null) throw bad('options', 'an object', o);
  for (const key of Object.keys(o)) {
    if (!KNOWN.has(key)) throw bad('options', `known option names (${[...KNOWN].join(', ')})`, key);
  }
  const int = (name: keyof GenerateOptions, min: number, dflt: number): number => {
    const v = o[name];
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw bad(name, `an integer >= ${min}`, v);
    return v;
  };
  const num = (name: keyof GenerateOptions, ok: (v: number) => boolean, expected: string, dflt: number) => {
    const v = o[name];
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !ok(v)) throw bad(name, expected, v);
    return v;
  };
  if (o.doSample !== undefined && typeof o.doSample !== 'boolean')
    throw bad('doSample', 'a boolean', o.doSample);
  const sample = o.doSample === true;
  const maxNewTokens = int('maxNewTokens', 1, 20);
  const numBeams = int('numBeams', 1, 1);
  const numReturnSequences = int('numReturnSequences', 1, 1);
  const temperature = num('temperature', (v) => v > 0 && Number.isFinite(v), 'a finite number > 0', 1);
  const topK = int('topK', 0, 50);
  const topP = num('topP', (v) => v > 0 && v <= 1, 'a number in (0, 1]', 1);
  const minP = num('minP', (v) => v >= 0 && v <= 1, 'a number in [0, 1]', 0);
  const repetitionPenalty = num(
    'repetitionPenalty',
    (v) => v > 0 && Number.isFinite(v),
    'a finite number > 0',
    1,
  );
  const noRepeatNgramSize = int('noRepeatNgramSize', 0, 0);
  const lengthPenalty = num('lengthPenalty', Number.isFinite, 'a finite number', 1);
  const earlyStopping = o.earlyStopping ?? false;
  if (typeof earlyStopping !== 'boolean' && earlyStopping !== 'never') {
    throw bad('earlyStopping', "true, false or 'never'", earlyStopping);
  }
  const eosIn = o.eosTokenId;
  const eos = eosIn === undefined ? [] : Array.isArray(eosIn) ? eosIn : [eosIn];
  if (!eos.every((t) => Number.isInteger(t) && t >= 0) || (Array.isArray(eosIn) && eos.length === 0)) {
    throw bad('eosTokenId', 'a token id (integer >= 0) or a non-empty array of them', eosIn);
  }
  const pad = o.padTokenId ?? eos[0] ?? 0;
  if (!Number.isInteger(pad)) throw bad('padTokenId', 'an integer', o.padTokenId);
  const stopIn = o.stopStrings;
  const stopStrings = stopIn === undefined ? [] : Array.isArray(stopIn) ? stopIn : [stopIn];
  if (!stopStrings.every((s) => typeof s === 'string' && s !== '')) {
    throw bad('stopStrings', 'a non-empty string or an array of them', stopIn);
  }
  if (o.decode !== undefined && typeof o.decode !== 'function') {
    throw bad('decode', 'a function (ids: number[]) => string', o.decode);
  }
  if (stopStrings.length > 0 && !o.decode) {
    throw bad('decode', 'a function (ids: number[]) => string, required with stopStrings', o.decode);
  }
  if (o.seed !== undefined && (typeof o.seed !== 'number' || !Number.isFinite(o.seed))) {
    throw bad('seed', 'a finite number', o.seed);
  }
  if (o.signal !== undefined && (typeof o.signal !== 'object' || typeof o.signal?.aborted !== 'boolean')) {
    throw bad('signal', 'an AbortSignal', o.signal);
  }
  if (o.onToken !== undefined && typeof o.onToken !== 'function')
    throw bad('onToken', 'a function', o.onToken);
  if (numBeams > 1 && o.onToken) {
    throw bad('onToken', 'no streaming callback with beam search (numBeams > 1)', o.onToken);
  }
  if (numBeams > 1 && numReturnSequences > numBeams) {
    throw bad('numReturnSequences', `at most numBeams (${numBeams}) with beam search`, numReturnSequences);
  }
  if (numBeams === 1 && !sample && numReturnSequences > 1) {
    throw bad(
      'numReturnSequences',
      '1 with greedy decoding (use doSample: true or numBeams > 1)',
      numReturnSequences,
    );
  }
  if (!sample) {
    const ignored = (['temperature', 'topK', 'topP', 'minP'] as const).filter((k) => o[k] !== undefined);
    if (ignored.length > 0) {
      console.warn(
        `glossa ${fn}: ${ignored.join(', ')} only act when sampling (doSample: true); ignored, as in Hugging Face`,
      );
    }
  }
  return {
    maxNewTokens,
    sample,
    temperature,
    topK,
    topP,
    minP,
    repetitionPenalty,
    noRepeatNgramSize,
    numBeams,
    lengthPenalty,
    earlyStopping,
    numReturnSequences,
    eos,
    pad,
    stopStrings,
    decode: o.decode ?? null,
    generator: o.seed === undefined ? getDefaultGenerator() : new Generator(o.seed),
    signal: o.signal ?? null,
    onToken: o.onToken ?? null,
    minTokensToKeep: sample && numBeams > 1 ? Math.max(2, eos.length + 1) : 1,
  };
}
