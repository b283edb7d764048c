import { describeValue, FormatError } from '../errors';
import { ByteLevel } from './byte-level';
import { field, type JsonObject, optBool, optString, reqString, type } from './json';
import type { PreTokenizer } from './pre-tokenizer';
import {
  BertPreTokenizer,
  CharDelimiterSplit,
  Digits,
  Metaspace,
  PreTokenizerSequence,
  Punctuation,
  Whitespace,
  WhitespaceSplit,
} from './pre-tokenizers';
import { Split, type SplitBehavior } from './split';

/** `behavior` names of `tokenizer.json`, lower-cased without underscores, as {@link SplitBehavior}s. */
const BEHAVIORS: Record<string, SplitBehavior> = {
  removed: 'removed',
  isolated: 'isolated',
  mergedwithprevious: 'merged_with_previous',
  mergedwithnext: 'merged_with_next',
  contiguous: 'contiguous',
};

/** The `behavior` field of a Split/Punctuation object (`dflt` when absent). */
function behaviorOf(o: JsonObject, where: string, dflt: SplitBehavior): SplitBehavior {
  const v = o.behavior;
  if (v === undefined || v === null) return dflt;
  const b = typeof v === 'string' ? BEHAVIORS[v.toLowerCase().replace(/_/g, '')] : undefined;
  if (!b) {
    throw new FormatError(
      `${where}.behavior: expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous, received ${describeValue(v)}`,
      { field: `${where}.behavior` },
    );
  }
  return b;
}

/** The `pattern` of a Split object: `{"String": "…"}` or `{"Regex": "…"}`. */
function splitPattern(p: unknown, where: string): { String: string } | { Regex: string } {
  const o = p !== null && typeof p === 'object' && !Array.isArray(p) ? (p as JsonObject) : null;
  if (o && typeof o.String === 'string') return { String: o.String };
  if (o && typeof o.Regex === 'string') return { Regex: o.Regex };
  throw new FormatError(
    `${where}: expected {"String": "…"} or {"Regex": "…"}, received ${describeValue(p)}`,
    {
      field: where,
    },
  );
}

/**
 * Builds a pre-tokenizer from its `tokenizer.json` object (`null` for a missing one). Malformed input is a
 * {@link FormatError} naming the field.
 *
 * @example
 * ```ts
 * const pre = preTokenizerFromJson({ type: 'WhitespaceSplit' });
 * pre?.preTokenize([new NormalizedString('a b')]).map((p) => p.text); // ['a', 'b']
 * ```
 */
export function preTokenizerFromJson(j: unknown, where = 'pre_tokenizer'): PreTokenizer | null {
  if (j === null || j === undefined) return null;
  const o = field(j, where);
  const t = type(o, where);
  switch (t) {
    case 'ByteLevel':
      return new ByteLevel(
        optBool(o, 'add_prefix_space', where, true),
        optBool(o, 'use_regex', where, true),
        optBool(o, 'trim_offsets', where, true),
      );
    case 'Whitespace':
      return new Whitespace();
    case 'WhitespaceSplit':
      return new WhitespaceSplit();
    case 'BertPreTokenizer':
      return new BertPreTokenizer();
    case 'Punctuation':
      return new Punctuation(behaviorOf(o, where, 'isolated'));
    case 'Digits':
      return new Digits(optBool(o, 'individual_digits', where, false));
    case 'CharDelimiterSplit': {
      // Hugging Face's delimiter is a Rust `char`: exactly one code point
      const d = reqString(o, 'delimiter', where);
      if ([...d].length !== 1) {
        throw new FormatError(`${where}.delimiter: expected one character, received ${describeValue(d)}`, {
          field: `${where}.delimiter`,
        });
      }
      return new CharDelimiterSplit(d);
    }
    case 'Split':
      return new Split(
        splitPattern(o.pattern, `${where}.pattern`),
        behaviorOf(o, where, 'isolated'),
        optBool(o, 'invert', where, false),
      );
    case 'Metaspace': {
      const rep = optString(o, 'replacement', where) ?? '\u2581';
      let scheme = optString(o, 'prepend_scheme', where);
      if (scheme === null) scheme = optBool(o, 'add_prefix_space', where, true) ? 'always' : 'never';
      if (scheme !== 'always' && scheme !== 'first' && scheme !== 'never') {
        throw new FormatError(
          `${where}.prepend_scheme: expected always, first or never, received ${describeValue(scheme)}`,
          {
            field: `${where}.prepend_scheme`,
          },
        );
      }
      return new Metaspace(rep, scheme, optBool(o, 'split', where, true));
    }
    case 'Sequence': {
      const list = o.pretokenizers;
      if (!Array.isArray(list)) {
        throw new FormatError(`${where}.pretokenizers: expected an array, received ${describeValue(list)}`, {
          field: `${where}.pretokenizers`,
        });
      }
      return new PreTokenizerSequence(
        list
          .map((p, i) => preTokenizerFromJson(p, `${where}.pretokenizers[${i}]`))
          .filter((p): p is PreTokenizer => !!p),
      );
    }
    default:
      throw new FormatError(
        `${where}.type: unsupported pre-tokenizer ${JSON.stringify(t)} (supported: ByteLevel, Whitespace, WhitespaceSplit, BertPreTokenizer, Punctuation, Digits, CharDelimiterSplit, Split, Metaspace, Sequence)`,
        { field: `${where}.type` },
      );
  }
}
