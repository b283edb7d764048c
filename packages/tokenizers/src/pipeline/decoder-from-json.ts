import { FormatError } from '../errors';
import {
  BPEDecoder,
  ByteFallbackDecoder,
  ByteLevelDecoder,
  type Decoder,
  DecoderSequence,
  FuseDecoder,
  MetaspaceDecoder,
  ReplaceDecoder,
  StripDecoder,
  WordPieceDecoder,
} from './decoders';
import { field, optBool, optString, reqString, type } from './json';

/**
 * Builds a decoder from its `tokenizer.json` object (`null` for a missing one). Malformed input is a
 * {@link FormatError} naming the field.
 *
 * @example
 * ```ts
 * decoderFromJson({ type: 'WordPiece', prefix: '##' })?.decodeChain(['play', '##ing']).join(''); // 'playing'
 * ```
 */
export function decoderFromJson(j: unknown, where = 'decoder'): Decoder | null {
  if (j === null || j === undefined) return null;
  const o = field(j, where);
  const t = type(o, where);
  switch (t) {
    case 'ByteLevel':
      return new ByteLevelDecoder();
    case 'WordPiece':
      return new WordPieceDecoder(optString(o, 'prefix', where) ?? '##', optBool(o, 'cleanup', where, true));
    case 'Metaspace': {
      let scheme = optString(o, 'prepend_scheme', where);
      if (scheme === null) scheme = optBool(o, 'add_prefix_space', where, true) ? 'always' : 'never';
      return new MetaspaceDecoder(
        optString(o, 'replacement', where) ?? '\u2581',
        scheme as 'always',
        optBool(o, 'split', where, true),
      );
    }
    case 'BPEDecoder':
      return new BPEDecoder(optString(o, 'suffix', where) ?? '</w>');
    case 'Replace':
      return new ReplaceDecoder(o.pattern as { String: string }, reqString(o, 'content', where));
    case 'ByteFallback':
      return new ByteFallbackDecoder();
    case 'Fuse':
      return new FuseDecoder();
    case 'Strip':
      return new StripDecoder(reqString(o, 'content', where), Number(o.start ?? 0), Number(o.stop ?? 0));
    case 'Sequence': {
      if (!Array.isArray(o.decoders))
        throw new FormatError(`${where}.decoders: expected an array`, { field: `${where}.decoders` });
      return new DecoderSequence(
        o.decoders
          .map((d, i) => decoderFromJson(d, `${where}.decoders[${i}]`))
          .filter((d): d is Decoder => !!d),
      );
    }
    default:
      throw new FormatError(
        `${where}.type: unsupported decoder ${JSON.stringify(t)} (supported: ByteLevel, WordPiece, Metaspace, BPEDecoder, Replace, ByteFallback, Fuse, Strip, Sequence)`,
        { field: `${where}.type` },
      );
  }
}
