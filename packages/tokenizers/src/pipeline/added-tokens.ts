import { describeValue, FormatError } from '../errors';
import { type AllowedSpecial, parseAllowedSpecial } from '../special-tokens';
import { field, isId, type JsonObject, MAX_ID, optBool } from './json';
import { LiteralTrie } from './literal-trie';

/** A token added on top of the model's vocabulary (`added_tokens` of tokenizer.json). */
export interface AddedToken {
  id: number;
  content: string;
  /**
   * Special tokens can be skipped in decode, and are read as plain text when the caller asks for it
   * (`splitSpecialTokens`, or an `allowedSpecial` list that leaves them out).
   */
  special: boolean;
  /** Matched only where no word character (`\w`) touches it on either side. */
  singleWord?: boolean;
  /** The whitespace before a match belongs to the token. */
  lstrip?: boolean;
  /** The whitespace after a match belongs to the token. */
  rstrip?: boolean;
  /**
   * Matched in the normalized text (its content normalized too) instead of the raw input. Hugging Face
   * gives special tokens `false` and other added tokens `true` when a file does not say.
   */
  normalized?: boolean;
}

/** A run of ordinary text, or one added token found in the text. */
export interface AddedSegment {
  start: number;
  end: number;
  token?: AddedToken;
}

/** Rust's Unicode `\w`, which Hugging Face uses for `single_word`. */
const WORD = /^[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]$/u;

/**
 * Unicode `White_Space` (Rust's `\s`), for `lstrip` / `rstrip`.
 *
 * @example
 * ```ts
 * isWhiteSpace(0x85); // true (JS's \s says no); isWhiteSpace(0xfeff) // false (JS's \s says yes)
 * ```
 */
export function isWhiteSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

function wordBefore(text: string, i: number): boolean {
  if (i <= 0) return false;
  const low = text.charCodeAt(i - 1);
  const w = low >= 0xdc00 && low <= 0xdfff && i >= 2 && (text.charCodeAt(i - 2) & 0xfc00) === 0xd800 ? 2 : 1;
  return WORD.test(text.slice(i - w, i));
}

function wordAfter(text: string, i: number): boolean {
  if (i >= text.length) return false;
  const cp = text.codePointAt(i)!;
  return WORD.test(String.fromCodePoint(cp));
}

/** Whether `t` is matched in normalized text (`normalized`, by default for tokens that are not special). */
function isNormalized(t: AddedToken): boolean {
  return t.normalized ?? !t.special;
}

/**
 * Finds added tokens in text as Hugging Face tokenizers does: leftmost-longest matches, honouring each
 * token's `singleWord`, `lstrip`, `rstrip` and `normalized` flags. Ordinary added tokens always match;
 * special tokens match unless the caller excludes them (`allowedSpecial`), which is what untrusted input
 * needs (`splitSpecialTokens` of the tokenizers).
 *
 * @example
 * ```ts
 * const added = new AddedVocabulary([{ id: 1, content: '<s>', special: true }]);
 * added.split('a<s>b'); // [{ start: 0, end: 1 }, { start: 1, end: 4, token: … }, { start: 4, end: 5 }]
 * added.split('a<s>b', 'none'); // [{ start: 0, end: 5 }]
 * ```
 */
export class AddedVocabulary {
  readonly tokens: AddedToken[];
  readonly byContent = new Map<string, AddedToken>();
  readonly byId = new Map<number, AddedToken>();
  /** Tokens matched in the raw input (`normalized: false`). */
  private readonly raw: { trie: LiteralTrie; tokens: AddedToken[] } | null;
  /** Tokens matched in normalized text (`normalized: true`), by their normalized content. */
  private readonly norm: { trie: LiteralTrie; tokens: AddedToken[] } | null;

  /**
   * @param tokens the added tokens.
   * @param normalize the tokenizer's normalizer as a string function: the content of a `normalized`
   * token is matched in its normalized form (e.g. `▁</s>` under a `Prepend("▁")` normalizer).
   */
  constructor(tokens: AddedToken[], normalize?: ((s: string) => string) | null) {
    this.tokens = tokens;
    for (const t of tokens) {
      this.byContent.set(t.content, t);
      this.byId.set(t.id, t);
    }
    const raw = tokens.filter((t) => t.content.length > 0 && !isNormalized(t));
    const norm = tokens.filter((t) => t.content.length > 0 && isNormalized(t));
    this.raw = raw.length ? { trie: new LiteralTrie(raw.map((t) => t.content)), tokens: raw } : null;
    this.norm = norm.length
      ? {
          trie: new LiteralTrie(norm.map((t) => (normalize ? normalize(t.content) : t.content))),
          tokens: norm,
        }
      : null;
  }

  /** Whether some tokens are matched in normalized text ({@link split} with `normalized`). */
  get hasNormalized(): boolean {
    return this.norm !== null;
  }

  /** Whether some tokens are matched in raw text. */
  get hasRaw(): boolean {
    return this.raw !== null;
  }

  /**
   * Splits `text` into ordinary runs and added tokens: the tokens matched in raw input, or with
   * `normalized` the tokens matched in normalized text. `allowed` says which special tokens may match
   * (default `'all'`, as Hugging Face; `'none'` reads every special token as plain text).
   */
  split(text: string, allowed: AllowedSpecial = 'all', normalized = false): AddedSegment[] {
    const set = this[normalized ? 'norm' : 'raw'];
    if (set === null || text.length === 0) return [{ start: 0, end: text.length }];
    const specials = parseAllowedSpecial(allowed, (t) => this.byContent.get(t)?.special === true);
    const out: AddedSegment[] = [];
    const { trie, tokens } = set;
    let last = 0;
    let from = 0;
    for (;;) {
      const k = trie.find(text, from);
      if (k < 0) break;
      const tok = tokens[k]!;
      let s = trie.matchStart;
      let e = trie.matchEnd;
      from = e;
      if (tok.special && specials !== 'all' && !specials?.has(tok.content)) continue;
      if (tok.singleWord && (wordBefore(text, s) || wordAfter(text, e))) continue;
      if (tok.lstrip) {
        while (s > last && isWhiteSpace(text.charCodeAt(s - 1))) s--;
      }
      if (tok.rstrip) {
        while (e < text.length && isWhiteSpace(text.charCodeAt(e))) e++;
        from = e;
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
      normalized: isNormalized(t),
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
    if (!isId(o.id)) {
      throw new FormatError(
        `${where}.id: expected a non-negative integer id up to ${MAX_ID}, received ${describeValue(o.id)}`,
        {
          field: `${where}.id`,
        },
      );
    }
    if (typeof o.content !== 'string' || o.content.length === 0) {
      throw new FormatError(
        `${where}.content: expected a non-empty string, received ${describeValue(o.content)}`,
        {
          field: `${where}.content`,
        },
      );
    }
    const special = optBool(o, 'special', where, false);
    return {
      id: o.id,
      content: o.content,
      special,
      singleWord: optBool(o, 'single_word', where, false),
      lstrip: optBool(o, 'lstrip', where, false),
      rstrip: optBool(o, 'rstrip', where, false),
      normalized: optBool(o, 'normalized', where, !special),
    };
  });
}
