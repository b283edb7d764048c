import { ArgumentError } from './errors';

/**
 * Which special tokens may be recognised in the text: `'none'` (the default — text that looks like
 * `<|endoftext|>` is encoded as ordinary text), `'all'`, or a list of the allowed token strings.
 */
export type AllowedSpecial = 'all' | 'none' | Iterable<string>;

/** A run of text: ordinary (`special === undefined`) or one recognised special token. */
export interface Segment {
  start: number;
  end: number;
  special?: string;
}

/** `s` with regex metacharacters escaped. */
export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Reads an `allowedSpecial` argument: `null` for none (also when omitted), `'all'`, or the set of
 * allowed tokens, each checked with `isSpecial`; the first that is not one is an {@link ArgumentError}
 * (listing up to eight of `known` when given).
 */
export function parseAllowedSpecial(
  allowed: AllowedSpecial | undefined,
  isSpecial: (token: string) => boolean,
  known?: readonly string[],
): 'all' | Set<string> | null {
  if (allowed === undefined || allowed === 'none') return null;
  if (allowed === 'all') return 'all';
  if (typeof allowed === 'string' || typeof (allowed as Iterable<string>)[Symbol.iterator] !== 'function') {
    throw new ArgumentError(
      'options.allowedSpecial',
      "'all', 'none' or an iterable of special-token strings",
      allowed,
    );
  }
  const set = new Set(allowed);
  for (const t of set) {
    if (!isSpecial(t)) {
      const list = known
        ? ` (known: ${known
            .slice(0, 8)
            .map((k) => JSON.stringify(k))
            .join(', ')}${known.length > 8 ? ', …' : ''})`
        : '';
      throw new ArgumentError('options.allowedSpecial', `special tokens of this tokenizer${list}`, t);
    }
  }
  return set;
}

/**
 * Regexes built once per allowed set (keyed by `parseAllowedSpecial`'s result) and cached; the cache
 * is dropped when it holds more than 64.
 */
export class AllowedRegexCache {
  private readonly cache = new Map<string, RegExp | null>();

  get(allowed: 'all' | Set<string> | null, build: () => RegExp | null): RegExp | null {
    const key = allowed === null ? '' : allowed === 'all' ? '\u0000all' : [...allowed].sort().join('\u0000');
    let re = this.cache.get(key);
    if (re === undefined) {
      re = build();
      if (this.cache.size > 64) this.cache.clear();
      this.cache.set(key, re);
    }
    return re;
  }
}

/**
 * Finds allowed special tokens in text. Longest token wins where two start at the same place.
 * Regexes are built once per allowed set and cached.
 */
export class SpecialMatcher {
  private readonly all: readonly string[];
  private readonly known: ReadonlySet<string>;
  private readonly cache = new AllowedRegexCache();

  constructor(tokens: Iterable<string>) {
    this.all = [...new Set(tokens)].filter((t) => t.length > 0).sort((a, b) => b.length - a.length);
    this.known = new Set(this.all);
  }

  /** The special token strings, longest first. */
  get tokens(): readonly string[] {
    return this.all;
  }

  /** Regex for the allowed set (null if nothing is allowed). Unknown names are an {@link ArgumentError}. */
  regexFor(allowed: AllowedSpecial | undefined): RegExp | null {
    const set = parseAllowedSpecial(allowed, (t) => this.known.has(t), this.all);
    if (set === null) return null;
    return this.cache.get(set, () => {
      const list = set === 'all' ? this.all : [...set].sort((a, b) => b.length - a.length);
      return list.length ? new RegExp(list.map(escapeRegExp).join('|'), 'g') : null;
    });
  }

  /** Splits `text` into ordinary runs and allowed special tokens. */
  split(text: string, allowed: AllowedSpecial | undefined): Segment[] {
    const re = this.regexFor(allowed);
    if (re === null) return [{ start: 0, end: text.length }];
    const out: Segment[] = [];
    let last = 0;
    re.lastIndex = 0;
    let m: RegExpExecArray | null = re.exec(text);
    while (m !== null) {
      if (m.index > last) out.push({ start: last, end: m.index });
      out.push({ start: m.index, end: m.index + m[0].length, special: m[0] });
      last = m.index + m[0].length;
      m = re.exec(text);
    }
    if (last < text.length || out.length === 0) out.push({ start: last, end: text.length });
    return out;
  }
}
