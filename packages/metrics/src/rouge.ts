import { ArgumentError, EmptyInputError } from './errors';
import { type RougeTokenizer, rougeDefaultTokenize, rougeUnicodeTokenize } from './rouge-tokenizer';
import { assertBoolean, assertString, assertStringArray } from './validate';

/** Precision, recall and F1, each in [0, 1]. */
export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

/** Options of {@link rougeScorer}. */
export interface RougeScorerOptions {
  /** Types to compute: 'rouge1', 'rouge2', … ('rougeN' for any N ≥ 1), 'rougeL', 'rougeLsum'. */
  rougeTypes: string[];
  /** Porter-stem tokens longer than 3 characters (default false). */
  useStemmer?: boolean;
  /**
   * 'default' (rouge-score parity: only `[a-z0-9]` survives), 'unicode' (letters and digits of any
   * script, CJK per character) or a function from text to tokens. Default 'default'.
   */
  tokenizer?: RougeTokenizer;
}

/** A ROUGE scorer, like rouge-score's `RougeScorer`. */
export interface RougeScorerInstance {
  /** Scores one prediction against one target (rouge-score's argument order: target first). */
  score(target: string, prediction: string): Record<string, RougeScore>;
  /** Scores one prediction against several targets, keeping per type the target with the best F1 (first on ties). */
  scoreMulti(targets: readonly string[], prediction: string): Record<string, RougeScore>;
  /** Tokenizes text as this scorer does. */
  tokenize(text: string): string[];
  /** The rouge types computed. */
  readonly rougeTypes: readonly string[];
}

function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function countNgrams(tokens: readonly string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    // Tokens contain no NUL, so joining with it is unambiguous (also for custom tokenizers' tokens with spaces).
    const key = n === 1 ? (tokens[i] as string) : tokens.slice(i, i + n).join('\u0000');
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

function scoreNgrams(target: readonly string[], prediction: readonly string[], n: number): RougeScore {
  const t = countNgrams(target, n);
  const p = countNgrams(prediction, n);
  let overlap = 0;
  for (const [k, c] of t) overlap += Math.min(c, p.get(k) ?? 0);
  const tCount = Math.max(0, target.length - n + 1);
  const pCount = Math.max(0, prediction.length - n + 1);
  const precision = overlap / Math.max(pCount, 1);
  const recall = overlap / Math.max(tCount, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** Full LCS dynamic-programming table, (rows+1) × (cols+1), row-major. */
function lcsTable(ref: readonly string[], can: readonly string[]): Int32Array {
  const cols = can.length + 1;
  const t = new Int32Array((ref.length + 1) * cols);
  for (let i = 1; i <= ref.length; i++) {
    const r = ref[i - 1];
    const row = i * cols;
    const prev = row - cols;
    for (let j = 1; j <= can.length; j++) {
      if (r === can[j - 1]) t[row + j] = (t[prev + j - 1] as number) + 1;
      else {
        const up = t[prev + j] as number;
        const left = t[row + j - 1] as number;
        t[row + j] = Math.max(up, left);
      }
    }
  }
  return t;
}

function scoreLcs(target: readonly string[], prediction: readonly string[]): RougeScore {
  if (target.length === 0 || prediction.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const t = lcsTable(target, prediction);
  const lcs = t[t.length - 1] as number;
  const precision = lcs / prediction.length;
  const recall = lcs / target.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** Indices into `ref` of one LCS with `can`, read back as rouge-score does (ties move up, not left). */
function lcsIndices(ref: readonly string[], can: readonly string[]): number[] {
  const t = lcsTable(ref, can);
  const cols = can.length + 1;
  let i = ref.length;
  let j = can.length;
  const out: number[] = [];
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      out.push(i - 1);
      i--;
      j--;
    } else if ((t[i * cols + j - 1] as number) > (t[(i - 1) * cols + j] as number)) j--;
    else i--;
  }
  return out;
}

function summaryLevelLcs(refSents: string[][], canSents: string[][]): RougeScore {
  if (refSents.length === 0 || canSents.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  let m = 0;
  let n = 0;
  for (const s of refSents) m += s.length;
  for (const s of canSents) n += s.length;
  if (m === 0 || n === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const cntR = new Map<string, number>();
  const cntC = new Map<string, number>();
  for (const s of refSents) for (const tok of s) cntR.set(tok, (cntR.get(tok) ?? 0) + 1);
  for (const s of canSents) for (const tok of s) cntC.set(tok, (cntC.get(tok) ?? 0) + 1);
  let hits = 0;
  for (const r of refSents) {
    const union = new Set<number>();
    for (const c of canSents) for (const idx of lcsIndices(r, c)) union.add(idx);
    const sorted = [...union].sort((a, b) => a - b);
    for (const idx of sorted) {
      const tok = r[idx] as string;
      const c = cntC.get(tok) ?? 0;
      const rr = cntR.get(tok) ?? 0;
      if (c > 0 && rr > 0) {
        hits++;
        cntC.set(tok, c - 1);
        cntR.set(tok, rr - 1);
      }
    }
  }
  const recall = hits / m;
  const precision = hits / n;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

const NGRAM_TYPE = /^rouge([1-9][0-9]*)$/;

/**
 * Creates a ROUGE scorer identical to Google's rouge-score (`rouge_scorer.RougeScorer`) with the
 * default tokenizer; `tokenizer: 'unicode'` scores non-Latin text meaningfully instead of as 0.
 *
 * @example
 * ```ts
 * const scorer = rougeScorer({ rougeTypes: ['rouge1', 'rougeL'], useStemmer: true });
 * scorer.score('The quick brown fox jumps over the lazy dog', 'The quick brown dog jumps on the log.');
 * // { rouge1: { precision: 0.75, recall: 0.666…, fmeasure: 0.705… }, rougeL: { … } }
 * ```
 */
export function rougeScorer(options: RougeScorerOptions): RougeScorerInstance {
  if (options === null || typeof options !== 'object')
    throw new ArgumentError('options', 'an options object', options);
  const { rougeTypes } = options;
  if (!Array.isArray(rougeTypes))
    throw new ArgumentError('options.rougeTypes', 'an array of rouge types', rougeTypes);
  if (rougeTypes.length === 0) throw new EmptyInputError('options.rougeTypes', 'at least one rouge type');
  const ngramOrders = new Map<string, number>();
  rougeTypes.forEach((t, i) => {
    const m = typeof t === 'string' ? NGRAM_TYPE.exec(t) : null;
    if (m) ngramOrders.set(t, Number(m[1]));
    else if (t !== 'rougeL' && t !== 'rougeLsum') {
      throw new ArgumentError(`options.rougeTypes[${i}]`, "'rougeN' (N >= 1), 'rougeL' or 'rougeLsum'", t);
    }
  });
  const useStemmer = options.useStemmer ?? false;
  assertBoolean(useStemmer, 'options.useStemmer');
  const tokOpt = options.tokenizer ?? 'default';
  const cache = new Map<string, string>();
  let tokenize: (text: string) => string[];
  if (tokOpt === 'default') tokenize = (text) => rougeDefaultTokenize(text, useStemmer, cache);
  else if (tokOpt === 'unicode') tokenize = (text) => rougeUnicodeTokenize(text, useStemmer, cache);
  else if (typeof tokOpt === 'function') tokenize = tokOpt;
  else throw new ArgumentError('options.tokenizer', "'default', 'unicode' or a function", tokOpt);

  const sentences = (text: string): string[][] =>
    text
      .split('\n')
      .filter((s) => s.length > 0)
      .map(tokenize);

  const scoreOne = (target: string, prediction: string): Record<string, RougeScore> => {
    const needTokens = rougeTypes.some((t) => t !== 'rougeLsum');
    const tt = needTokens ? tokenize(target) : [];
    const pt = needTokens ? tokenize(prediction) : [];
    const result: Record<string, RougeScore> = {};
    for (const type of rougeTypes) {
      const n = ngramOrders.get(type);
      if (n !== undefined) result[type] = scoreNgrams(tt, pt, n);
      else if (type === 'rougeL') result[type] = scoreLcs(tt, pt);
      else result[type] = summaryLevelLcs(sentences(target), sentences(prediction));
    }
    return result;
  };

  return {
    rougeTypes: rougeTypes.slice(),
    tokenize,
    score(target: string, prediction: string) {
      assertString(target, 'target');
      assertString(prediction, 'prediction');
      return scoreOne(target, prediction);
    },
    scoreMulti(targets: readonly string[], prediction: string) {
      assertStringArray(targets, 'targets');
      assertString(prediction, 'prediction');
      const all = targets.map((t) => scoreOne(t, prediction));
      const best: Record<string, RougeScore> = {};
      for (const type of rougeTypes) {
        let bi = 0;
        for (let i = 1; i < all.length; i++) {
          if (
            ((all[i] as Record<string, RougeScore>)[type] as RougeScore).fmeasure >
            ((all[bi] as Record<string, RougeScore>)[type] as RougeScore).fmeasure
          )
            bi = i;
        }
        best[type] = (all[bi] as Record<string, RougeScore>)[type] as RougeScore;
      }
      return best;
    },
  };
}
