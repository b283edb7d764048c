/**
 * Intrinsic evaluations with gensim's semantics: analogy accuracy on the questions-words.txt format
 * (`evaluate_word_analogies`) and correlation with human similarity judgements on the WordSim-353
 * format (`evaluate_word_pairs`).
 */
import { ArgumentError } from '@glossa/core';
import { pearson, spearman } from './correlation';
import type { KeyedVectors } from './keyed-vectors';
import { cosines, meanUnit, topN, unitRow } from './vector-search';

/** Options shared by both evaluations (gensim's defaults). */
export interface EvaluateOptions {
  /** Only the first `restrictVocab` words count as known (and are searched). Default `300000`. */
  restrictVocab?: number;
  /**
   * Compare upper-cased words; a word with several casings takes the vector of its most frequent
   * (first) one. Default `true`.
   */
  caseInsensitive?: boolean;
  /** Count questions/pairs with unknown words as wrong/zero instead of skipping them. Default `false`. */
  dummy4unknown?: boolean;
}

/** One section of an analogy evaluation. */
export interface AnalogySection {
  section: string;
  /** The questions answered right, as `[a, b, c, expected]` (upper-cased when case-insensitive). */
  correct: [string, string, string, string][];
  incorrect: [string, string, string, string][];
  /** `correct / (correct + incorrect)`, 0 for an empty section. */
  accuracy: number;
}

/** What {@link evaluateWordAnalogies} returns. */
export interface AnalogyResult {
  /** Total accuracy over the questions evaluated. */
  score: number;
  /** Each section of the file in order, then `'Total accuracy'`. */
  sections: AnalogySection[];
  /** Questions read (well-formed lines). */
  questions: number;
  /** Questions with a word outside the restricted vocabulary. */
  oov: number;
  /** `100 · oov / questions`. */
  oovRatio: number;
}

/** The known words: key (upper-cased when case-insensitive) → row; on clashes the lowest row wins. */
function okVocab(kv: KeyedVectors, restrict: number, caseInsensitive: boolean): Map<string, number> {
  const ok = new Map<string, number>();
  for (let i = Math.min(restrict, kv.size) - 1; i >= 0; i--) {
    const w = kv.words[i]!;
    ok.set(caseInsensitive ? w.toUpperCase() : w, i);
  }
  return ok;
}

function checkRestrict(what: string, restrict: number): void {
  if (!Number.isInteger(restrict) || restrict < 1) {
    throw new ArgumentError(`${what}(restrictVocab)`, 'an integer >= 1', restrict);
  }
}

const accuracy = (s: { correct: unknown[]; incorrect: unknown[] }): number =>
  s.correct.length + s.incorrect.length === 0
    ? 0
    : s.correct.length / (s.correct.length + s.incorrect.length);

/**
 * Analogy accuracy (3CosAdd) exactly as gensim's `evaluate_word_analogies`: sections start with
 * `: name`; each question `a b c d` asks for `d` as the best of the top 5 of
 * `mostSimilar([b, c], { negative: [a], restrictVocab })` that is known and not one of a, b, c;
 * questions with unknown words are skipped and counted (`oov`), lines without four words ignored.
 *
 * @param text the contents of a questions-words.txt-format file.
 * @example
 * ```ts
 * const r = evaluateWordAnalogies(wv, readFileSync('questions-words.txt', 'utf8'));
 * r.score;                  // 0.41 …
 * r.sections[4].accuracy;   // the 'family' section
 * ```
 */
export function evaluateWordAnalogies(
  kv: KeyedVectors,
  text: string,
  options: EvaluateOptions = {},
): AnalogyResult {
  const { restrictVocab = 300000, caseInsensitive = true, dummy4unknown = false } = options;
  checkRestrict('evaluateWordAnalogies', restrictVocab);
  const ok = okVocab(kv, restrictVocab, caseInsensitive);
  const end = Math.min(restrictVocab, kv.size);
  const norms = kv.norms();
  const d = kv.vectorSize;
  const sections: AnalogySection[] = [];
  let section: AnalogySection | null = null;
  let questions = 0;
  let oov = 0;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, lineNo) => {
    if (line.startsWith(': ')) {
      if (section) sections.push(section);
      section = { section: line.replace(/^[: ]+/, '').trim(), correct: [], incorrect: [], accuracy: 0 };
      return;
    }
    if (!section) {
      throw new ArgumentError(
        'evaluateWordAnalogies(text)',
        `a section header (": name") before line ${lineNo + 1}`,
        line,
      );
    }
    const words = line
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '');
    if (words.length !== 4) return;
    const q = words.map((w) => (caseInsensitive ? w.toUpperCase() : w)) as [string, string, string, string];
    questions++;
    const [a, b, c, expected] = q;
    if (!q.every((w) => ok.has(w))) {
      oov++;
      if (dummy4unknown) section.incorrect.push(q);
      return;
    }
    const ia = ok.get(a)!;
    const ib = ok.get(b)!;
    const ic = ok.get(c)!;
    const mean = meanUnit(kv.vectors, norms, d, [
      { index: ib, weight: 1 },
      { index: ic, weight: 1 },
      { index: ia, weight: -1 },
    ]);
    const sims = topN(cosines(kv.vectors, norms, d, mean, end), 5, new Set([ia, ib, ic]));
    let predicted: string | null = null;
    for (const s of sims) {
      const w = kv.words[s.index]!;
      predicted = caseInsensitive ? w.toUpperCase() : w;
      if (ok.has(predicted) && predicted !== a && predicted !== b && predicted !== c) break;
    }
    (predicted === expected ? section.correct : section.incorrect).push(q);
  });
  if (section) sections.push(section);
  for (const s of sections) s.accuracy = accuracy(s);
  const total: AnalogySection = {
    section: 'Total accuracy',
    correct: sections.flatMap((s) => s.correct),
    incorrect: sections.flatMap((s) => s.incorrect),
    accuracy: 0,
  };
  total.accuracy = accuracy(total);
  sections.push(total);
  return {
    score: total.accuracy,
    sections,
    questions,
    oov,
    oovRatio: questions > 0 ? (100 * oov) / questions : 0,
  };
}

/** What {@link evaluateWordPairs} returns. */
export interface WordPairsResult {
  /** Pearson's r between the human scores and the cosine similarities. */
  pearson: number;
  /** Spearman's ρ (average ranks for ties, as scipy). */
  spearman: number;
  /** Pairs with an unknown word, in percent (of all pairs; with `dummy4unknown`, of the pairs scored). */
  oovRatio: number;
  /** Pairs scored. */
  pairs: number;
  /** Pairs with an unknown word. */
  oov: number;
}

/**
 * Correlation with human similarity judgements exactly as gensim's `evaluate_word_pairs`: lines
 * `word1<delimiter>word2<delimiter>score`, `#` lines are comments, malformed lines are skipped, pairs
 * with unknown words are skipped and counted.
 *
 * @param text the contents of a WordSim-353-format file.
 * @example
 * ```ts
 * const r = evaluateWordPairs(wv, readFileSync('wordsim353.tsv', 'utf8'));
 * r.spearman; // 0.66 …
 * r.oovRatio; // 0.6 (percent)
 * ```
 */
export function evaluateWordPairs(
  kv: KeyedVectors,
  text: string,
  options: EvaluateOptions & { delimiter?: string } = {},
): WordPairsResult {
  const { restrictVocab = 300000, caseInsensitive = true, dummy4unknown = false, delimiter = '\t' } = options;
  checkRestrict('evaluateWordPairs', restrictVocab);
  const ok = okVocab(kv, restrictVocab, caseInsensitive);
  const norms = kv.norms();
  const d = kv.vectorSize;
  const gold: number[] = [];
  const model: number[] = [];
  let oov = 0;
  for (const raw of text.split('\n')) {
    if (raw === '' || raw.startsWith('#')) continue;
    const parts = raw.split(delimiter);
    if (parts.length !== 3) continue;
    const [a, b] = parts.slice(0, 2).map((w) => (caseInsensitive ? w.toUpperCase() : w)) as [string, string];
    const sim = parts[2]!.trim() === '' ? Number.NaN : Number(parts[2]!.trim());
    if (Number.isNaN(sim)) continue;
    if (!ok.has(a) || !ok.has(b)) {
      oov++;
      if (dummy4unknown) {
        model.push(0);
        gold.push(sim);
      }
      continue;
    }
    const u = unitRow(kv.vectors, norms, d, ok.get(a)!);
    const v = unitRow(kv.vectors, norms, d, ok.get(b)!);
    let s = 0;
    for (let c = 0; c < d; c++) s += u[c]! * v[c]!;
    gold.push(sim);
    model.push(s);
  }
  if (gold.length === 0) {
    throw new ArgumentError(
      'evaluateWordPairs(text)',
      'at least one pair with both words known',
      text.slice(0, 40),
    );
  }
  return {
    pearson: pearson(gold, model),
    spearman: spearman(gold, model),
    oovRatio: (100 * oov) / (dummy4unknown ? gold.length : gold.length + oov),
    pairs: gold.length,
    oov,
  };
}
