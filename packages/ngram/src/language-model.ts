import { ArgumentError } from './errors';
import { seededRandom } from './random';
import { Vocabulary } from './vocabulary';

/** Options of {@link LanguageModel.logProb}. */
export interface ScoreOptions {
  /** Prepend `<s>` (the first word is predicted from the sentence start). Default true. */
  bos?: boolean;
  /** Append and predict `</s>`. Default true. */
  eos?: boolean;
}

/** Result of {@link LanguageModel.evaluate}. */
export interface Evaluation {
  /** Sum of natural-log probabilities of every predicted token (words and `</s>`). */
  logProb: number;
  /** Number of predicted tokens (words + one `</s>` per sentence). */
  tokens: number;
  /** Number of words that were not in the vocabulary (scored as `<unk>`). */
  oov: number;
  /** `exp(-logProb / tokens)`: the perplexity. */
  perplexity: number;
}

/** Options of {@link LanguageModel.generate}. */
export interface GenerateOptions {
  /** Tokens that start the sentence (after `<s>`). Default none. */
  prefix?: readonly string[];
  /** Stop after this many generated tokens if `</s>` has not come. Default 50. */
  maxTokens?: number;
  /** Seed of the sampler. Default 0. */
  seed?: number;
  /** Sharpen (< 1) or flatten (> 1) the distribution: p^(1/t), renormalised. Default 1. */
  temperature?: number;
  /** Allow sampling `<unk>`. Default false. */
  allowUnknown?: boolean;
}

/**
 * What every model here offers: conditional probabilities, sentence log-probabilities, perplexity, the
 * next-token distribution and seeded generation. Sentences are pre-tokenised arrays of strings; `<s>` and
 * `</s>` are added around them, and words outside the vocabulary are scored as `<unk>`.
 *
 * Perplexity is `exp(-(1/N) Σ ln p(token | context))` over the N predicted tokens, words and one `</s>` per
 * sentence (`<s>` is never predicted), with natural logarithms.
 *
 * @example
 * ```ts
 * const lm = trainLanguageModel([['a', 'b']], { order: 2, smoothing: 'laplace' });
 * lm.prob('b', ['a']);         // p(b | a)
 * lm.logProb(['a', 'b']);      // ln p(a | <s>) + ln p(b | a) + ln p(</s> | b)
 * lm.perplexity([['a', 'b']]);
 * ```
 */
export abstract class LanguageModel {
  /** Highest n-gram order. */
  abstract readonly order: number;
  /** The vocabulary (ids 0..2 are `<s>`, `</s>`, `<unk>`). */
  abstract readonly vocab: Vocabulary;
  /** False for scores that do not sum to one over the vocabulary (stupid backoff). */
  readonly normalized: boolean = true;

  /** p(w | ids[start..end)) for word id `w`; the context is at most `order - 1` ids long. */
  protected abstract probId(w: number, ids: ArrayLike<number>, start: number, end: number): number;

  /** Scores of every token id after the context ids[start..end) (index = token id; `<s>` gets 0). */
  protected abstract distributionIds(ids: ArrayLike<number>, start: number, end: number): Float64Array;

  private contextIds(context: readonly string[]): number[] {
    if (!Array.isArray(context)) throw new ArgumentError('context', 'an array of string tokens', context);
    const keep = context.slice(Math.max(0, context.length - (this.order - 1)));
    return this.order === 1 ? [] : keep.map((t) => this.vocab.id(t));
  }

  /**
   * Probability of `word` after `context` (the last `order - 1` tokens are used; no `<s>` is added, pass it
   * yourself for a sentence start).
   *
   * @example
   * ```ts
   * lm.prob('cat', ['<s>', 'the']);
   * ```
   */
  prob(word: string, context: readonly string[] = []): number {
    if (typeof word !== 'string') throw new ArgumentError('word', 'a string token', word);
    const ids = this.contextIds(context);
    return this.probId(this.vocab.id(word), ids, 0, ids.length);
  }

  /**
   * Natural-log probability of one sentence by the chain rule under the Markov assumption:
   * Σ ln p(w_i | w_{i-n+1} … w_{i-1}), including `</s>` (see {@link ScoreOptions}).
   *
   * @example
   * ```ts
   * lm.logProb(['the', 'cat', 'sat']); // -7.31…
   * ```
   */
  logProb(sentence: readonly string[], options: ScoreOptions = {}): number {
    return this.scoreSentence(sentence, options).logProb;
  }

  /**
   * Natural-log probability of each predicted token of one sentence (its words, then `</s>`): feed their
   * negatives to `@glossa/metrics`' `perplexity` to get the same number as {@link LanguageModel.perplexity}.
   *
   * @example
   * ```ts
   * lm.tokenLogProbs(['the', 'cat']); // [ln p(the | <s>), ln p(cat | <s> the), ln p(</s> | the cat)]
   * ```
   */
  tokenLogProbs(sentence: readonly string[], options: ScoreOptions = {}): number[] {
    const out: number[] = [];
    this.scoreSentence(sentence, options, out);
    return out;
  }

  private scoreSentence(
    sentence: readonly string[],
    options: ScoreOptions,
    each?: number[],
  ): { logProb: number; oov: number; n: number } {
    if (!Array.isArray(sentence)) throw new ArgumentError('sentence', 'an array of string tokens', sentence);
    const bos = options.bos ?? true;
    const eos = options.eos ?? true;
    const ids: number[] = bos ? [Vocabulary.BOS] : [];
    let oov = 0;
    for (let i = 0; i < sentence.length; i++) {
      const t = sentence[i] as string;
      if (typeof t !== 'string') throw new ArgumentError(`sentence[${i}]`, 'a string token', t);
      if (!this.vocab.has(t)) oov++;
      ids.push(this.vocab.id(t));
    }
    if (eos) ids.push(Vocabulary.EOS);
    let logProb = 0;
    const first = bos ? 1 : 0;
    for (let i = first; i < ids.length; i++) {
      const start = Math.max(0, i - this.order + 1);
      const lp = Math.log(this.probId(ids[i] as number, ids, start, i));
      each?.push(lp);
      logProb += lp;
    }
    return { logProb, oov, n: ids.length - first };
  }

  /**
   * Log-probability, token count, OOV count and perplexity of a set of sentences.
   *
   * @example
   * ```ts
   * const { perplexity, oov } = lm.evaluate([['the', 'cat'], ['a', 'dog']]);
   * ```
   */
  evaluate(sentences: Iterable<readonly string[]>, options: ScoreOptions = {}): Evaluation {
    let logProb = 0;
    let tokens = 0;
    let oov = 0;
    for (const s of sentences) {
      const r = this.scoreSentence(s, options);
      logProb += r.logProb;
      tokens += r.n;
      oov += r.oov;
    }
    if (tokens === 0) throw new ArgumentError('sentences', 'at least one token to predict', sentences);
    return { logProb, tokens, oov, perplexity: Math.exp(-logProb / tokens) };
  }

  /**
   * Perplexity `exp(mean negative log-likelihood)` over every predicted token (words and `</s>`).
   * `Infinity` when some token has probability 0 (e.g. MLE on unseen n-grams).
   *
   * @example
   * ```ts
   * lm.perplexity([['the', 'cat', 'sat']]);
   * ```
   */
  perplexity(sentences: Iterable<readonly string[]>, options: ScoreOptions = {}): number {
    return this.evaluate(sentences, options).perplexity;
  }

  /**
   * Probability of every token after `context` (all tokens but `<s>`), keyed by token. Sums to 1 except for
   * stupid backoff (unnormalised scores) and MLE after an unseen context (all zero).
   *
   * @example
   * ```ts
   * const dist = lm.nextTokenDistribution(['<s>', 'the']);
   * dist.get('cat');
   * ```
   */
  nextTokenDistribution(context: readonly string[] = []): Map<string, number> {
    const ids = this.contextIds(context);
    const d = this.distributionIds(ids, 0, ids.length);
    const out = new Map<string, number>();
    for (let i = 1; i < d.length; i++) out.set(this.vocab.token(i), d[i] as number);
    return out;
  }

  /**
   * Samples one sentence token by token from the model (seeded), stopping at `</s>` or `maxTokens`.
   * Returns the generated tokens without the prefix and without `</s>`.
   *
   * @example
   * ```ts
   * lm.generate({ prefix: ['the'], seed: 1, maxTokens: 20 }); // ['cat', 'sat', …]
   * ```
   */
  generate(options: GenerateOptions = {}): string[] {
    const maxTokens = options.maxTokens ?? 50;
    if (!Number.isInteger(maxTokens) || maxTokens < 1) {
      throw new ArgumentError('options.maxTokens', 'an integer >= 1', maxTokens);
    }
    const temperature = options.temperature ?? 1;
    if (!(temperature > 0) || !Number.isFinite(temperature)) {
      throw new ArgumentError('options.temperature', 'a finite number > 0', temperature);
    }
    const rand = seededRandom(options.seed ?? 0);
    const ids = [Vocabulary.BOS, ...(options.prefix ?? []).map((t) => this.vocab.id(t))];
    const out: string[] = [];
    for (let step = 0; step < maxTokens; step++) {
      const end = ids.length;
      const d = this.distributionIds(ids, Math.max(0, end - this.order + 1), end);
      if (!options.allowUnknown) d[Vocabulary.UNK] = 0;
      let total = 0;
      for (let i = 0; i < d.length; i++) {
        const v = temperature === 1 ? (d[i] as number) : (d[i] as number) ** (1 / temperature);
        d[i] = v;
        total += v;
      }
      if (!(total > 0)) break;
      let r = rand() * total;
      let pick = -1;
      for (let i = 0; i < d.length; i++) {
        if ((d[i] as number) <= 0) continue;
        pick = i; // the last token with mass, should rounding leave r >= 0 at the end
        r -= d[i] as number;
        if (r < 0) break;
      }
      if (pick === Vocabulary.EOS) break;
      ids.push(pick);
      out.push(this.vocab.token(pick));
    }
    return out;
  }
}
