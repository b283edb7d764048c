import { ArgumentError, EmptyInputError } from './errors';
import { type LanguageModelScore, languageModelScore } from './perplexity';
import { assertNumber } from './validate';

/**
 * Scores one window: given token ids `window` (length L), returns the natural-log probabilities
 * `log p(window[t] | window[0..t-1])` for t = 1..L-1 (length L-1), or a promise of them.
 */
export type WindowScorer = (window: readonly number[]) => ArrayLike<number> | Promise<ArrayLike<number>>;

/** Options of {@link slidingWindowPerplexity}. */
export interface SlidingWindowOptions {
  /** Model context length: the longest window (≥ 2). */
  maxLength: number;
  /** How far each window moves (1 ≤ stride ≤ maxLength; default maxLength = disjoint windows). */
  stride?: number;
  /** Number of characters the token stream covers, for bits per character. */
  characters?: number;
}

/**
 * Fixed-length perplexity of a model over a long token stream with a sliding window — the usual
 * evaluation (Hugging Face's "perplexity of fixed-length models"): windows of `maxLength` tokens
 * start every `stride` tokens, and each token is scored once, in the first window where it is new,
 * so that it sees up to `maxLength - stride` tokens of context. The first token is never scored.
 * With `stride = maxLength` the first token of every window goes unscored, as in that recipe.
 * The model is any callback, so this needs no tensor library.
 *
 * @example
 * ```ts
 * // A uniform model over 50 symbols has perplexity 50 at any stride.
 * const r = await slidingWindowPerplexity(ids, (w) => w.slice(1).map(() => -Math.log(50)), { maxLength: 8, stride: 4 });
 * r.perplexity; // 50
 * ```
 */
export async function slidingWindowPerplexity(
  tokens: readonly number[],
  scorer: WindowScorer,
  options: SlidingWindowOptions,
): Promise<LanguageModelScore & { windows: number }> {
  if (!Array.isArray(tokens)) throw new ArgumentError('tokens', 'an array of token ids', tokens);
  if (tokens.length < 2) throw new EmptyInputError('tokens', 'at least 2 tokens');
  if (typeof scorer !== 'function') throw new ArgumentError('scorer', 'a function', scorer);
  if (options === null || typeof options !== 'object')
    throw new ArgumentError('options', 'an options object', options);
  const { maxLength } = options;
  assertNumber(maxLength, 'options.maxLength', { integer: true, min: 2 });
  const stride = options.stride ?? maxLength;
  assertNumber(stride, 'options.stride', { integer: true, min: 1, max: maxLength });
  const nll: number[] = [];
  let prevEnd = 0;
  let windows = 0;
  for (let begin = 0; begin < tokens.length; begin += stride) {
    const end = Math.min(begin + maxLength, tokens.length);
    const targetLen = end - prevEnd;
    const window = tokens.slice(begin, end);
    const lp = await scorer(window);
    if (!lp || lp.length !== window.length - 1) {
      throw new ArgumentError(
        'scorer',
        `a result of length ${window.length - 1} for a window of ${window.length} tokens`,
        lp,
      );
    }
    // Local positions (1-based in the window) of the new tokens: the last targetLen, never position 0.
    for (let t = Math.max(1, window.length - targetLen); t < window.length; t++)
      nll.push(-(lp[t - 1] as number));
    windows++;
    prevEnd = end;
    if (end === tokens.length) break;
  }
  const opts = options.characters === undefined ? {} : { characters: options.characters };
  return { ...languageModelScore(nll, opts), windows };
}
