import { ArgumentError, EmptyInputError, LengthMismatchError } from './errors';
import { assertNumber } from './validate';

/** Perplexity and cross-entropy of a language model over some tokens. */
export interface LanguageModelScore {
  /** `exp(crossEntropy)`. */
  perplexity: number;
  /** Mean negative log-likelihood per scored token, in nats. */
  crossEntropy: number;
  /** Mean negative log-likelihood per scored token, in bits. */
  bitsPerToken: number;
  /** Bits per character (only when `characters` was given). */
  bitsPerCharacter?: number;
  /** Sum of negative log-likelihoods over scored tokens, in nats. */
  totalNll: number;
  /** Number of scored (unmasked) tokens. */
  tokens: number;
}

/** Options of {@link languageModelScore} and {@link perplexity}. */
export interface PerplexityOptions {
  /** Whether values are log-probabilities (`'logprob'`, ≤ 0) or negative log-likelihoods (`'nll'`, default). Natural log. */
  from?: 'nll' | 'logprob';
  /** Same shape as the values; `true` = padding, not scored (PyTorch's boolean-mask convention). */
  mask?: ArrayLike<boolean> | ArrayLike<boolean>[];
  /** Number of characters the scored tokens cover, for bits per character. */
  characters?: number;
}

function flatten<T>(x: ArrayLike<T> | ArrayLike<T>[], argument: string): T[] {
  if (x === null || typeof x !== 'object' || typeof (x as ArrayLike<T>).length !== 'number') {
    throw new ArgumentError(argument, 'an array (or array of arrays)', x);
  }
  const arr = Array.from(x as ArrayLike<unknown>);
  if (arr.length > 0 && typeof arr[0] === 'object' && arr[0] !== null) {
    const out: T[] = [];
    arr.forEach((row, i) => {
      if (row === null || typeof row !== 'object')
        throw new ArgumentError(`${argument}[${i}]`, 'an array', row);
      for (const v of Array.from(row as ArrayLike<T>)) out.push(v);
    });
    return out;
  }
  return arr as T[];
}

/**
 * Perplexity, cross-entropy (nats) and bits per token / character from per-token log-probabilities
 * or negative log-likelihoods (natural log), with an optional padding mask. Accepts a flat array or
 * a batch `[B][T]`.
 *
 * @example
 * ```ts
 * languageModelScore([Math.log(0.5), Math.log(0.25)], { from: 'logprob' }).perplexity; // 2.828…
 * languageModelScore([[0.7, 1.2, 9.9]], { mask: [[false, false, true]] }).tokens; // 2
 * ```
 */
export function languageModelScore(
  values: ArrayLike<number> | ArrayLike<number>[],
  options: PerplexityOptions = {},
): LanguageModelScore {
  const from = options.from ?? 'nll';
  if (from !== 'nll' && from !== 'logprob')
    throw new ArgumentError('options.from', "'nll' or 'logprob'", from);
  const v = flatten<number>(values, 'values');
  const mask = options.mask === undefined ? null : flatten<boolean>(options.mask, 'options.mask');
  if (mask !== null && mask.length !== v.length)
    throw new LengthMismatchError('options.mask', v.length, mask.length);
  let total = 0;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    if (mask?.[i] === true) continue;
    const x = v[i];
    if (typeof x !== 'number' || Number.isNaN(x) || (from === 'nll' ? x < 0 : x > 0)) {
      throw new ArgumentError(
        `values[${i}]`,
        from === 'nll' ? 'a negative log-likelihood >= 0' : 'a log-probability <= 0',
        x,
      );
    }
    total += from === 'nll' ? x : -x;
    n++;
  }
  if (n === 0) throw new EmptyInputError('values', 'at least one unmasked token');
  const crossEntropy = total / n;
  const out: LanguageModelScore = {
    perplexity: Math.exp(crossEntropy),
    crossEntropy,
    bitsPerToken: crossEntropy / Math.LN2,
    totalNll: total,
    tokens: n,
  };
  if (options.characters !== undefined) {
    assertNumber(options.characters, 'options.characters', { integer: true, min: 0, minExclusive: true });
    out.bitsPerCharacter = total / Math.LN2 / options.characters;
  }
  return out;
}

/**
 * Perplexity `exp(mean NLL)` over unmasked tokens (natural log), like `torch.exp(F.cross_entropy(...))`.
 *
 * @example
 * ```ts
 * perplexity([Math.log(4), Math.log(4)]); // 4
 * ```
 */
export function perplexity(
  values: ArrayLike<number> | ArrayLike<number>[],
  options: PerplexityOptions = {},
): number {
  return languageModelScore(values, options).perplexity;
}

/**
 * Picks each target's negative log-likelihood from rows of log-probabilities (`[T][V]`, e.g. a
 * log-softmax), masking targets equal to `ignoreIndex` (default -100, PyTorch's).
 *
 * @example
 * ```ts
 * const { nll, mask } = targetNll([[Math.log(0.5), Math.log(0.5)]], [1]);
 * perplexity(nll, { mask }); // 2
 * ```
 */
export function targetNll(
  logProbs: ArrayLike<ArrayLike<number>>,
  targets: ArrayLike<number>,
  ignoreIndex = -100,
): { nll: number[]; mask: boolean[] } {
  if (logProbs.length !== targets.length)
    throw new LengthMismatchError('targets', logProbs.length, targets.length);
  const nll: number[] = [];
  const mask: boolean[] = [];
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i] as number;
    if (t === ignoreIndex) {
      nll.push(0);
      mask.push(true);
      continue;
    }
    const row = logProbs[i] as ArrayLike<number>;
    if (!Number.isInteger(t) || t < 0 || t >= row.length) {
      throw new ArgumentError(`targets[${i}]`, `a class index in [0, ${row.length})`, t);
    }
    nll.push(-(row[t] as number));
    mask.push(false);
  }
  return { nll, mask };
}
