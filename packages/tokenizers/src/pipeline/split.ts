import { stepPastEmpty } from '../regex-step';
import type { JsonObject } from './json';
import type { NormalizedString } from './normalized-string';
import { patternRegex } from './oniguruma';
import type { PreTokenizer } from './pre-tokenizer';

/** What happens to the delimiters a split finds. */
export type SplitBehavior =
  | 'removed'
  | 'isolated'
  | 'merged_with_previous'
  | 'merged_with_next'
  | 'contiguous';
/** Each {@link SplitBehavior} as `tokenizer.json` writes it, e.g. `JSON_BEHAVIOR.merged_with_next` is `MergedWithNext`. */
export const JSON_BEHAVIOR: Record<SplitBehavior, string> = {
  removed: 'Removed',
  isolated: 'Isolated',
  merged_with_previous: 'MergedWithPrevious',
  merged_with_next: 'MergedWithNext',
  contiguous: 'Contiguous',
};

/** Splits `s` given `[start, end, isDelimiter]` ranges that cover it in order. */
export function applyBehavior(
  s: NormalizedString,
  ranges: [number, number, boolean][],
  behavior: SplitBehavior,
): NormalizedString[] {
  const out: [number, number][] = [];
  let pendingStart = -1; // for merged_with_next
  for (let k = 0; k < ranges.length; k++) {
    const [a, b, delim] = ranges[k]!;
    if (a === b) continue;
    switch (behavior) {
      case 'removed':
        if (!delim) out.push([a, b]);
        break;
      case 'isolated':
        out.push([a, b]);
        break;
      case 'contiguous': {
        const last = out[out.length - 1];
        if (delim && last && ranges[k - 1]?.[2] && last[1] === a) last[1] = b;
        else out.push([a, b]);
        break;
      }
      case 'merged_with_previous': {
        const last = out[out.length - 1];
        if (delim && last && last[1] === a) last[1] = b;
        else out.push([a, b]);
        break;
      }
      case 'merged_with_next':
        if (delim) {
          if (pendingStart < 0) pendingStart = a;
          else {
            out.push([pendingStart, a]);
            pendingStart = a;
          }
        } else {
          out.push([pendingStart >= 0 ? pendingStart : a, b]);
          pendingStart = -1;
        }
        break;
    }
  }
  if (pendingStart >= 0) out.push([pendingStart, s.length]);
  return out.map(([a, b]) => s.slice(a, b));
}

/** Matches and the gaps between them, each its own piece (the common GPT-style split). */
function isolate(re: RegExp, pieces: NormalizedString[]): NormalizedString[] {
  const out: NormalizedString[] = [];
  for (const p of pieces) {
    const text = p.text;
    re.lastIndex = 0;
    let last = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const len = m[0].length;
      if (len === 0) {
        stepPastEmpty(re, text, m.index);
        continue;
      }
      if (m.index > last) out.push(p.slice(last, m.index));
      out.push(p.slice(m.index, m.index + len));
      last = m.index + len;
    }
    if (last < text.length) out.push(p.slice(last, text.length));
  }
  return out;
}

/** Ranges of matches (delimiters unless `invert`) and the gaps between them. */
export function regexRanges(re: RegExp, text: string, invert: boolean): [number, number, boolean][] {
  const out: [number, number, boolean][] = [];
  re.lastIndex = 0;
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      stepPastEmpty(re, text, m.index);
      continue;
    }
    if (m.index > last) out.push([last, m.index, invert]);
    out.push([m.index, m.index + m[0].length, !invert]);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push([last, text.length, invert]);
  return out;
}

/** Splits on a regex or literal. `Isolated` keeps matches and gaps as pieces (GPT-style splitting). */
export class Split implements PreTokenizer {
  private readonly re: RegExp | null;
  constructor(
    readonly pattern: { String: string } | { Regex: string },
    readonly behavior: SplitBehavior = 'isolated',
    readonly invert = false,
  ) {
    this.re =
      (pattern as { Regex?: unknown })?.Regex === '\\X' ? null : patternRegex(pattern, 'Split.pattern');
  }
  preTokenize(pieces: NormalizedString[]): NormalizedString[] {
    if (this.re && this.behavior === 'isolated') return isolate(this.re, pieces);
    return pieces.flatMap((p) =>
      applyBehavior(
        p,
        this.re ? regexRanges(this.re, p.text, this.invert) : graphemeRanges(p.text),
        this.behavior,
      ),
    );
  }
  toJSON(): JsonObject {
    return {
      type: 'Split',
      pattern: this.pattern,
      behavior: JSON_BEHAVIOR[this.behavior],
      invert: this.invert,
    };
  }
}

let graphemeSegmenter: Intl.Segmenter | null | undefined;
/** Grapheme clusters (Intl.Segmenter; code points where it is unavailable). */
export function graphemes(text: string): string[] {
  if (graphemeSegmenter === undefined) {
    graphemeSegmenter =
      typeof Intl !== 'undefined' && 'Segmenter' in Intl
        ? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
        : null;
  }
  if (!graphemeSegmenter) return Array.from(text);
  return Array.from(graphemeSegmenter.segment(text), (s) => s.segment);
}

function graphemeRanges(text: string): [number, number, boolean][] {
  const out: [number, number, boolean][] = [];
  let i = 0;
  for (const g of graphemes(text)) {
    out.push([i, i + g.length, true]);
    i += g.length;
  }
  return out;
}
