/**
 * BERT's pre-training data: the masked-LM collator (HF's `DataCollatorForLanguageModeling`) and
 * next-sentence pairs. Plain arrays in, plain arrays out (tensors are made by the caller's step, so
 * nothing here can leak); every random choice comes from a seeded core `Generator`.
 */
import { ArgumentError, Generator } from '@glossa/core';

/** Options of {@link maskTokens}. */
export interface MaskingOptions {
  /** Id of `[MASK]`. */
  maskTokenId: number;
  /** Vocabulary size: random replacements are drawn uniformly from `[0, vocabSize)` (as HF). */
  vocabSize: number;
  /** Ids never masked (`[CLS]`, `[SEP]`, `[PAD]`, …). */
  specialIds: Iterable<number>;
  /** Share of (non-special) tokens selected for prediction. Default 0.15. */
  mlmProbability?: number;
  /** Of the selected: share replaced by `[MASK]` (default 0.8), by a random token (default 0.1); the rest stay. */
  maskReplace?: number;
  randomReplace?: number;
  /** The random source (seeded: same seed, same masks). Default `new Generator(0)`. */
  generator?: Generator;
}

/** What {@link maskTokens} returns: new rows (the input is not changed). */
export interface MaskedBatch {
  /** The ids with the selected tokens replaced (80 % `[MASK]`, 10 % random, 10 % unchanged). */
  inputIds: number[][];
  /** The original id where a token was selected, `-100` elsewhere (ignored by the loss). */
  labels: number[][];
}

/**
 * Masks a batch for masked-LM training as BERT does: each non-special token is selected with
 * probability `mlmProbability` (independently, like HF's Bernoulli draw); a selected token becomes
 * `[MASK]` with probability 0.8, a uniformly random id with 0.1, and stays with 0.1; `labels` keep the
 * original id at selected positions only.
 *
 * @example
 * ```ts
 * const g = new Generator(42);
 * const { inputIds, labels } = maskTokens([[2, 17, 9, 31, 3]], { maskTokenId: 4, vocabSize: 8000, specialIds: [0, 2, 3], generator: g });
 * ```
 */
export function maskTokens(batch: readonly (readonly number[])[], options: MaskingOptions): MaskedBatch {
  const { maskTokenId, vocabSize, mlmProbability = 0.15, maskReplace = 0.8, randomReplace = 0.1 } = options;
  const fail = (name: string, expected: string, v: unknown): never => {
    throw new ArgumentError(`maskTokens(${name})`, expected, v);
  };
  if (!Array.isArray(batch)) fail('batch', 'an array of id rows', batch);
  if (!Number.isInteger(vocabSize) || vocabSize < 1) fail('vocabSize', 'a positive integer', vocabSize);
  if (!Number.isInteger(maskTokenId) || maskTokenId < 0 || maskTokenId >= vocabSize) {
    fail('maskTokenId', `an id in [0, ${vocabSize})`, maskTokenId);
  }
  for (const [name, p] of [
    ['mlmProbability', mlmProbability],
    ['maskReplace', maskReplace],
    ['randomReplace', randomReplace],
  ] as const) {
    if (!(p >= 0 && p <= 1)) fail(name, 'a probability in [0, 1]', p);
  }
  if (maskReplace + randomReplace > 1)
    fail('randomReplace', `at most 1 − maskReplace = ${1 - maskReplace}`, randomReplace);
  const special = new Set(options.specialIds);
  const g = options.generator ?? new Generator(0);
  const inputIds: number[][] = [];
  const labels: number[][] = [];
  batch.forEach((row, r) => {
    if (!Array.isArray(row)) fail(`batch[${r}]`, 'an array of ids', row);
    const ids = row.slice();
    const lab = new Array<number>(row.length).fill(-100);
    row.forEach((id, i) => {
      if (!Number.isInteger(id) || id < 0 || id >= vocabSize)
        fail(`batch[${r}][${i}]`, `an id in [0, ${vocabSize})`, id);
      if (special.has(id) || g.uniform() >= mlmProbability) return;
      lab[i] = id;
      const u = g.uniform();
      if (u < maskReplace) ids[i] = maskTokenId;
      else if (u < maskReplace + randomReplace) ids[i] = g.int(vocabSize);
    });
    inputIds.push(ids);
    labels.push(lab);
  });
  return { inputIds, labels };
}

/** One next-sentence example: `[CLS] A [SEP] B [SEP]` with segment ids, and whether B follows A. */
export interface SentencePair {
  inputIds: number[];
  tokenTypeIds: number[];
  /** 0: B is the sentence after A; 1: B is a random sentence (HF's `next_sentence_label`). */
  nextSentenceLabel: 0 | 1;
}

/** Options of {@link makeSentencePairs}. */
export interface SentencePairOptions {
  clsId: number;
  sepId: number;
  /** Longest example, specials included: A and B are cut (the longer one first) to fit. */
  maxLength: number;
  /** Share of pairs whose B is the true next sentence. Default 0.5. */
  nextProbability?: number;
  generator?: Generator;
}

/**
 * Next-sentence-prediction pairs from consecutive sentences (token ids, in document order): for each
 * sentence A but the last, B is the next sentence with probability `nextProbability` (label 0) and a
 * random other sentence otherwise (label 1; never A's true successor or A itself).
 *
 * @example
 * ```ts
 * const pairs = makeSentencePairs(sentences.map((s) => tok.encode(s, { addSpecialTokens: false }).ids), { clsId: 2, sepId: 3, maxLength: 64, generator: new Generator(1) });
 * ```
 */
export function makeSentencePairs(
  sentences: readonly (readonly number[])[],
  options: SentencePairOptions,
): SentencePair[] {
  const { clsId, sepId, maxLength, nextProbability = 0.5 } = options;
  if (!Array.isArray(sentences) || sentences.length < 3) {
    throw new ArgumentError('makeSentencePairs(sentences)', 'at least 3 sentences (id arrays)', sentences);
  }
  if (!Number.isInteger(maxLength) || maxLength < 5) {
    throw new ArgumentError('makeSentencePairs(maxLength)', 'an integer >= 5', maxLength);
  }
  if (!(nextProbability >= 0 && nextProbability <= 1)) {
    throw new ArgumentError('makeSentencePairs(nextProbability)', 'a probability in [0, 1]', nextProbability);
  }
  const g = options.generator ?? new Generator(0);
  const pairs: SentencePair[] = [];
  for (let i = 0; i + 1 < sentences.length; i++) {
    const isNext = g.uniform() < nextProbability;
    let j = i + 1;
    if (!isNext) {
      j = g.int(sentences.length - 2); // any index but i and i + 1
      if (j >= i) j += 2;
    }
    const a = sentences[i]!.slice();
    const b = sentences[j]!.slice();
    while (a.length + b.length > maxLength - 3) (a.length >= b.length ? a : b).pop();
    pairs.push({
      inputIds: [clsId, ...a, sepId, ...b, sepId],
      tokenTypeIds: [...new Array(a.length + 2).fill(0), ...new Array(b.length + 1).fill(1)],
      nextSentenceLabel: isNext ? 0 : 1,
    });
  }
  return pairs;
}

/**
 * Pads rows to the longest (or `length`) with `padId`; returns the rows and HF's attention mask
 * (1 = token, 0 = padding).
 */
export function padBatch(
  rows: readonly (readonly number[])[],
  padId: number,
  length = Math.max(...rows.map((r) => r.length)),
): { ids: number[][]; attentionMask: number[][] } {
  const ids = rows.map((r) => [
    ...r.slice(0, length),
    ...new Array(Math.max(0, length - r.length)).fill(padId),
  ]);
  const attentionMask = rows.map((r) => Array.from({ length }, (_, i) => (i < r.length ? 1 : 0)));
  return { ids, attentionMask };
}
