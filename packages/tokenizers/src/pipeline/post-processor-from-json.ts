import { describeValue, FormatError } from '../errors';
import { field, optBool, optInt, reqId, type } from './json';
import {
  ByteLevelTrim,
  type PostProcessor,
  PostProcessorSequence,
  RobertaProcessing,
  TemplateProcessing,
  type TemplateSpecial,
} from './post-processors';
import { parseTemplate, type TemplatePiece } from './template';

/** A template of `tokenizer.json`: a template string or the `[{SpecialToken}|{Sequence}]` array. */
function templateFromJson(t: unknown, where: string): TemplatePiece[] {
  if (typeof t === 'string') return parseTemplate(t, where);
  if (!Array.isArray(t))
    throw new FormatError(`${where}: expected a template array or string, received ${describeValue(t)}`, {
      field: where,
    });
  return t.map((p, i) => {
    const o = field(p, `${where}[${i}]`);
    if (o.SpecialToken) {
      const s = field(o.SpecialToken, `${where}[${i}].SpecialToken`);
      if (typeof s.id !== 'string') {
        throw new FormatError(
          `${where}[${i}].SpecialToken.id: expected a string, received ${describeValue(s.id)}`,
          {
            field: `${where}[${i}].SpecialToken.id`,
          },
        );
      }
      return { kind: 'special', id: s.id, typeId: optInt(s, 'type_id', `${where}[${i}].SpecialToken`, 0) };
    }
    if (o.Sequence) {
      const s = field(o.Sequence, `${where}[${i}].Sequence`);
      if (s.id !== 'A' && s.id !== 'B') {
        throw new FormatError(
          `${where}[${i}].Sequence.id: expected "A" or "B", received ${describeValue(s.id)}`,
          {
            field: `${where}[${i}].Sequence.id`,
          },
        );
      }
      return { kind: 'seq', seq: s.id, typeId: optInt(s, 'type_id', `${where}[${i}].Sequence`, 0) };
    }
    throw new FormatError(`${where}[${i}]: expected {SpecialToken} or {Sequence}`, {
      field: `${where}[${i}]`,
    });
  });
}

/** A `["token", id]` pair (`sep` and `cls` of BertProcessing / RobertaProcessing). */
function pairOf(v: unknown, where: string): [string, number] {
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string') {
    throw new FormatError(`${where}: expected ["token", id], received ${describeValue(v)}`, { field: where });
  }
  return [v[0], reqId(v[1], `${where}[1]`)];
}

/**
 * Builds a post-processor from its `tokenizer.json` object (`null` for a missing one). Malformed input is a
 * {@link FormatError} naming the field.
 *
 * @example
 * ```ts
 * const post = postProcessorFromJson({ type: 'BertProcessing', sep: ['[SEP]', 102], cls: ['[CLS]', 101] });
 * post?.addedTokens(false); // 2
 * ```
 */
export function postProcessorFromJson(j: unknown, where = 'post_processor'): PostProcessor | null {
  if (j === null || j === undefined) return null;
  const o = field(j, where);
  const t = type(o, where);
  switch (t) {
    case 'TemplateProcessing': {
      const st = field(o.special_tokens ?? {}, `${where}.special_tokens`);
      const specials = Object.entries(st).map(([k, v]): TemplateSpecial => {
        const s = field(v, `${where}.special_tokens[${JSON.stringify(k)}]`);
        const at = `${where}.special_tokens[${JSON.stringify(k)}]`;
        if (
          !Array.isArray(s.ids) ||
          !Array.isArray(s.tokens) ||
          s.ids.length !== s.tokens.length ||
          s.tokens.some((x) => typeof x !== 'string')
        ) {
          throw new FormatError(`${at}: expected ids and tokens arrays of the same length (tokens strings)`, {
            field: at,
          });
        }
        return {
          id: typeof s.id === 'string' ? s.id : k,
          ids: s.ids.map((x, n) => reqId(x, `${at}.ids[${n}]`)),
          tokens: s.tokens as string[],
        };
      });
      return new TemplateProcessing(
        templateFromJson(o.single, `${where}.single`),
        templateFromJson(o.pair ?? o.single, `${where}.pair`),
        specials,
      );
    }
    case 'BertProcessing': {
      const [sep, sepId] = pairOf(o.sep, `${where}.sep`);
      const [cls, clsId] = pairOf(o.cls, `${where}.cls`);
      return new TemplateProcessing(`${cls} $A ${sep}`, `${cls} $A ${sep} $B:1 ${sep}:1`, [
        { id: cls, ids: [clsId], tokens: [cls] },
        { id: sep, ids: [sepId], tokens: [sep] },
      ]);
    }
    case 'RobertaProcessing': {
      const [sep, sepId] = pairOf(o.sep, `${where}.sep`);
      const [cls, clsId] = pairOf(o.cls, `${where}.cls`);
      const tpl = new TemplateProcessing(`${cls} $A ${sep}`, `${cls} $A ${sep} ${sep} $B ${sep}`, [
        { id: cls, ids: [clsId], tokens: [cls] },
        { id: sep, ids: [sepId], tokens: [sep] },
      ]);
      return new RobertaProcessing(tpl, new ByteLevelTrim(optBool(o, 'trim_offsets', where, true)), o);
    }
    case 'ByteLevel':
      return new ByteLevelTrim(optBool(o, 'trim_offsets', where, true), o);
    case 'Sequence': {
      if (!Array.isArray(o.processors)) {
        throw new FormatError(`${where}.processors: expected an array`, { field: `${where}.processors` });
      }
      return new PostProcessorSequence(
        o.processors
          .map((p, i) => postProcessorFromJson(p, `${where}.processors[${i}]`))
          .filter((p): p is PostProcessor => !!p),
      );
    }
    default:
      throw new FormatError(
        `${where}.type: unsupported post-processor ${JSON.stringify(t)} (supported: TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel, Sequence)`,
        { field: `${where}.type` },
      );
  }
}
