import { FormatError } from '../errors';
import { field, optBool, reqString, type } from './json';
import {
  BertNormalizer,
  Lowercase,
  type Normalizer,
  NormalizerSequence,
  PrecompiledApprox,
  Prepend,
  Replace,
  Strip,
  StripAccents,
  UnicodeNormalizer,
} from './normalizers';

/**
 * Builds a normalizer from its `tokenizer.json` object (`null` for a missing one). Malformed input is a
 * {@link FormatError} naming the field.
 *
 * @example
 * ```ts
 * const n = normalizerFromJson({ type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Lowercase' }] });
 * n?.normalize(new NormalizedString('Ｈｉ')).text; // 'hi'
 * ```
 */
export function normalizerFromJson(j: unknown, where = 'normalizer'): Normalizer | null {
  if (j === null || j === undefined) return null;
  const o = field(j, where);
  const t = type(o, where);
  switch (t) {
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD':
      return new UnicodeNormalizer(t);
    case 'Lowercase':
      return new Lowercase();
    case 'Strip':
      return new Strip(optBool(o, 'strip_left', where, true), optBool(o, 'strip_right', where, true));
    case 'StripAccents':
      return new StripAccents();
    case 'Replace':
      return new Replace(o.pattern as { String: string }, reqString(o, 'content', where));
    case 'Prepend':
      return new Prepend(reqString(o, 'prepend', where));
    case 'BertNormalizer':
      return new BertNormalizer(
        optBool(o, 'clean_text', where, true),
        optBool(o, 'handle_chinese_chars', where, true),
        o.strip_accents === null || o.strip_accents === undefined
          ? null
          : optBool(o, 'strip_accents', where, false),
        optBool(o, 'lowercase', where, true),
      );
    case 'Sequence': {
      const list = o.normalizers;
      if (!Array.isArray(list)) {
        throw new FormatError(`${where}.normalizers: expected an array`, { field: `${where}.normalizers` });
      }
      return new NormalizerSequence(
        list
          .map((n, i) => normalizerFromJson(n, `${where}.normalizers[${i}]`))
          .filter((n): n is Normalizer => !!n),
      );
    }
    case 'Precompiled':
      return new PrecompiledApprox(o);
    default:
      throw new FormatError(
        `${where}.type: unsupported normalizer ${JSON.stringify(t)} (supported: NFC, NFD, NFKC, NFKD, Lowercase, Strip, StripAccents, Replace, Prepend, BertNormalizer, Sequence, Precompiled≈NFKC)`,
        { field: `${where}.type` },
      );
  }
}
