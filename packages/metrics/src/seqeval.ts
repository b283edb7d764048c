import { classificationReport, accuracy as flatAccuracy, type PrfScore } from './classification';
import { ArgumentError, EmptyInputError } from './errors';
import { assertSameLength } from './validate';

/** An entity span: type, first and last token index (inclusive) in the sentence. */
export interface EntitySpan {
  type: string;
  start: number;
  end: number;
}

/** How spans are read from tags: `'conlleval'` (lenient, seqeval's default) or `'strict'` IOB2. */
export type SpanMode = 'conlleval' | 'strict';

function parts(tag: string): [string, string] {
  if (tag === 'O' || tag === '') return ['O', ''];
  const prefix = tag[0] as string;
  const dash = tag.indexOf('-');
  const type = dash >= 0 ? tag.slice(dash + 1) : tag.slice(1);
  return [prefix, type === '' ? '_' : type];
}

function endOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (prevTag === 'E' || prevTag === 'S') return true;
  if ((prevTag === 'B' || prevTag === 'I') && (tag === 'B' || tag === 'S' || tag === 'O')) return true;
  return prevTag !== 'O' && prevTag !== '.' && prevType !== type;
}

function startOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (tag === 'B' || tag === 'S') return true;
  if ((prevTag === 'E' || prevTag === 'S' || prevTag === 'O') && (tag === 'E' || tag === 'I')) return true;
  return tag !== 'O' && tag !== '.' && prevType !== type;
}

/**
 * Extracts entity spans from one sentence of BIO / IOB2 (or IOBES) tags. `'conlleval'` mode follows
 * the CoNLL `conlleval` script (and seqeval's default): an `I-X` after `O` or another type starts a
 * new entity. `'strict'` accepts only `B-X I-X*` spans.
 *
 * @example
 * ```ts
 * entitySpans(['B-PER', 'I-PER', 'O', 'I-LOC']); // [{type:'PER',start:0,end:1}, {type:'LOC',start:3,end:3}]
 * entitySpans(['B-PER', 'I-PER', 'O', 'I-LOC'], 'strict'); // [{type:'PER',start:0,end:1}]
 * ```
 */
export function entitySpans(tags: readonly string[], mode: SpanMode = 'conlleval'): EntitySpan[] {
  const out: EntitySpan[] = [];
  if (mode === 'strict') {
    let cur: EntitySpan | null = null;
    tags.forEach((t, i) => {
      const [p, type] = parts(t);
      if (p === 'I' && cur && cur.type === type) cur.end = i;
      else {
        if (cur) out.push(cur);
        cur = p === 'B' ? { type, start: i, end: i } : null;
      }
    });
    if (cur) out.push(cur);
    return out;
  }
  let prevTag = 'O';
  let prevType = '';
  let begin = 0;
  for (let i = 0; i <= tags.length; i++) {
    const [tag, type] = i < tags.length ? parts(tags[i] as string) : ['O', ''];
    if (endOfChunk(prevTag, tag, prevType, type)) out.push({ type: prevType, start: begin, end: i - 1 });
    if (startOfChunk(prevTag, tag, prevType, type)) begin = i;
    prevTag = tag;
    prevType = type;
  }
  return out;
}

function check(yTrue: unknown, yPred: unknown): asserts yTrue is string[][] {
  for (const [arg, y] of [
    ['yTrue', yTrue],
    ['yPred', yPred],
  ] as const) {
    if (!Array.isArray(y)) throw new ArgumentError(arg, 'an array of sentences (arrays of tags)', y);
    if (y.length === 0) throw new EmptyInputError(arg, 'at least one sentence');
    y.forEach((s, i) => {
      if (!Array.isArray(s)) throw new ArgumentError(`${arg}[${i}]`, 'an array of tags', s);
      s.forEach((t, j) => {
        if (typeof t !== 'string') throw new ArgumentError(`${arg}[${i}][${j}]`, 'a tag string', t);
      });
    });
  }
  const a = yTrue as string[][];
  const b = yPred as string[][];
  assertSameLength(a.length, b.length, 'yPred');
  for (let i = 0; i < a.length; i++)
    assertSameLength((a[i] as string[]).length, (b[i] as string[]).length, `yPred[${i}]`);
}

/**
 * Entity-level precision, recall and F1 for sequence labelling, like seqeval: an entity counts only
 * if its type and both boundaries match. Returns micro averages, per-type scores and token accuracy.
 *
 * @example
 * ```ts
 * const yTrue = [['O', 'O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'O'], ['B-PER', 'I-PER', 'O']];
 * const yPred = [['O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'I-MISC', 'O'], ['B-PER', 'I-PER', 'O']];
 * const r = entityScores(yTrue, yPred);
 * r.micro.f1; // 0.5
 * r.tokenAccuracy; // 0.8
 * ```
 */
export function entityScores(
  yTrue: readonly (readonly string[])[],
  yPred: readonly (readonly string[])[],
  options: { mode?: SpanMode } = {},
): {
  micro: PrfScore;
  macro: PrfScore;
  weighted: PrfScore;
  perType: Map<string, PrfScore>;
  tokenAccuracy: number;
} {
  check(yTrue, yPred);
  const mode = options.mode ?? 'conlleval';
  if (mode !== 'conlleval' && mode !== 'strict')
    throw new ArgumentError('options.mode', "'conlleval' or 'strict'", mode);
  const key = (s: number, e: EntitySpan) => `${s}\u0000${e.type}\u0000${e.start}\u0000${e.end}`;
  const trueSet = new Map<string, string>();
  const predSet = new Map<string, string>();
  yTrue.forEach((sent, s) => {
    for (const e of entitySpans(sent, mode)) trueSet.set(key(s, e), e.type);
  });
  yPred.forEach((sent, s) => {
    for (const e of entitySpans(sent, mode)) predSet.set(key(s, e), e.type);
  });
  const types = [...new Set([...trueSet.values(), ...predSet.values()])].sort();
  const counts = new Map(types.map((t) => [t, { tp: 0, t: 0, p: 0 }]));
  for (const [k, t] of trueSet) {
    const c = counts.get(t) as { tp: number; t: number; p: number };
    c.t++;
    if (predSet.has(k)) c.tp++;
  }
  for (const t of predSet.values()) (counts.get(t) as { p: number }).p++;
  const prf = (tp: number, t: number, p: number): PrfScore => {
    const precision = p === 0 ? 0 : tp / p;
    const recall = t === 0 ? 0 : tp / t;
    return {
      precision,
      recall,
      f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
      support: t,
    };
  };
  const perType = new Map<string, PrfScore>();
  let tp = 0;
  let nt = 0;
  let np = 0;
  for (const [type, c] of counts) {
    perType.set(type, prf(c.tp, c.t, c.p));
    tp += c.tp;
    nt += c.t;
    np += c.p;
  }
  const all = [...perType.values()];
  const avg = (weight: (s: PrfScore) => number): PrfScore => {
    let precision = 0;
    let recall = 0;
    let f1 = 0;
    for (const s of all) {
      precision += weight(s) * s.precision;
      recall += weight(s) * s.recall;
      f1 += weight(s) * s.f1;
    }
    return { precision, recall, f1, support: nt };
  };
  return {
    micro: prf(tp, nt, np),
    macro: all.length ? avg(() => 1 / all.length) : prf(0, 0, 0),
    weighted: avg((s) => (nt === 0 ? 0 : s.support / nt)),
    perType,
    tokenAccuracy: flatAccuracy(yTrue.flat(), yPred.flat()),
  };
}

/**
 * Token-level scores for sequence labelling: every tag is one sample (scikit-learn report over the
 * flattened tags, `O` included as a class).
 *
 * @example
 * ```ts
 * tokenScores([['B-PER', 'O']], [['B-PER', 'B-PER']]).accuracy; // 0.5
 * ```
 */
export function tokenScores(
  yTrue: readonly (readonly string[])[],
  yPred: readonly (readonly string[])[],
): ReturnType<typeof classificationReport> {
  check(yTrue, yPred);
  return classificationReport(yTrue.flat(), yPred.flat());
}
