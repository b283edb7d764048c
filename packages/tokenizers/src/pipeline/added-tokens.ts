import { describeValue, FormatError } from '../errors';
import { AllowedRegexCache, type AllowedSpecial, escapeRegExp, parseAllowedSpecial } from '../special-tokens';
import { field, type JsonObject, optBool } from './json';

/** A token added on top of the model's vocabulary (`added_tokens` of tokenizer.json). */
export interface AddedToken {
  id: number;
  content: string;
  /** Special tokens are recognised in text only when the caller allows it, and can be skipped in decode. */
  special: boolean;
  singleWord?: boolean;
  lstrip?: boolean;
  rstrip?: boolean;
  normalized?: boolean;
}

/** A run of ordinary text, or one added token found in the text. */
export interface AddedSegment {
  start: number;
  end: number;
  token?: AddedToken;
}

const WORDCH = /[\p{L}\p{N}\p{M}_]/u;

/**
 * Finds added tokens in text: ordinary added tokens always, special ones only when allowed
 * (so `"[MASK]"` typed by a user is plain text unless `allowedSpecial` says otherwise).
 */
export class AddedVocabulary {
  readonly tokens: AddedToken[];
  readonly byContent = new Map<string, AddedToken>();
  readonly byId = new Map<number, AddedToken>();
  private readonly cache = new AllowedRegexCache();

  constructor(tokens: AddedToken[]) {
    this.tokens = tokens;
    for (const t of tokens) {
      this.byContent.set(t.content, t);
      this.byId.set(t.id, t);
    }
  }

  private regex(allowed: AllowedSpecial | undefined): RegExp | null {
    const specials = parseAllowedSpecial(allowed, (t) => this.byContent.get(t)?.special === true);
    return this.cache.get(specials, () => {
      const list = this.tokens
        .filter((t) => t.content.length > 0 && (!t.special || specials === 'all' || specials?.has(t.content)))
        .map((t) => t.content)
        .sort((a, b) => b.length - a.length);
      return list.length ? new RegExp(list.map(escapeRegExp).join('|'), 'gu') : null;
    });
  }

  /** Splits `text` into ordinary runs and added tokens. */
  split(text: string, allowed: AllowedSpecial | undefined): AddedSegment[] {
    const re = this.regex(allowed);
    if (re === null) return [{ start: 0, end: text.length }];
    const out: AddedSegment[] = [];
    let last = 0;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const tok = this.byContent.get(m[0])!;
      let s = m.index;
      let e = s + m[0].length;
      if (tok.singleWord) {
        const before = s > 0 && WORDCH.test(text[s - 1]!);
        const after = e < text.length && WORDCH.test(text[e]!);
        if (before || after) continue;
      }
      if (tok.lstrip) while (s > last && /\s/.test(text[s - 1]!)) s--;
      if (tok.rstrip) {
        while (e < text.length && /\s/.test(text[e]!)) e++;
        re.lastIndex = e;
      }
      if (s > last) out.push({ start: last, end: s });
      out.push({ start: s, end: e, token: tok });
      last = e;
    }
    if (last < text.length || out.length === 0) out.push({ start: last, end: text.length });
    return out;
  }

  toJSON(): JsonObject[] {
    return this.tokens.map((t) => ({
      id: t.id,
      content: t.content,
      single_word: !!t.singleWord,
      lstrip: !!t.lstrip,
      rstrip: !!t.rstrip,
      normalized: t.normalized ?? !t.special,
      special: t.special,
    }));
  }
}

/** Reads `added_tokens` of a tokenizer.json. */
export function addedTokensFromJson(j: unknown): AddedToken[] {
  if (j === undefined || j === null) return [];
  if (!Array.isArray(j))
    throw new FormatError(`added_tokens: expected an array, received ${describeValue(j)}`, {
      field: 'added_tokens',
    });
  return j.map((t, i) => {
    const where = `added_tokens[${i}]`;
    const o = field(t, where);
    if (typeof o.id !== 'number' || !Number.isInteger(o.id) || o.id < 0) {
      throw new FormatError(`${where}.id: expected a non-negative integer, received ${describeValue(o.id)}`, {
        field: `${where}.id`,
      });
    }
    if (typeof o.content !== 'string' || o.content.length === 0) {
      throw new FormatError(
        `${where}.content: expected a non-empty string, received ${describeValue(o.content)}`,
        {
          field: `${where}.content`,
        },
      );
    }
    return {
      id: o.id,
      content: o.content,
      special: optBool(o, 'special', where, false),
      singleWord: optBool(o, 'single_word', where, false),
      lstrip: optBool(o, 'lstrip', where, false),
      rstrip: optBool(o, 'rstrip', where, false),
      normalized: optBool(o, 'normalized', where, false),
    };
  });
}
