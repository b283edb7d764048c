import { Encoding, type Offset } from '../encoding';
import { describeValue, FormatError } from '../errors';
import { field, type JsonObject, optBool, type } from './json';

/** Adds special tokens around one sequence or a pair (`[CLS] A [SEP] B [SEP]`). */
export interface PostProcessor {
  process(a: Encoding, b: Encoding | null, addSpecialTokens: boolean): Encoding;
  /** How many tokens `process` adds. */
  addedTokens(pair: boolean): number;
  toJSON(): JsonObject;
}

type Piece =
  | { kind: 'special'; id: string; typeId: number }
  | { kind: 'seq'; seq: 'A' | 'B'; typeId: number };

/** One special token of a template: its string, ids and tokens (usually one each). */
export interface TemplateSpecial {
  id: string;
  ids: number[];
  tokens: string[];
}

function specialEncoding(s: TemplateSpecial, typeId: number): Encoding {
  return new Encoding({
    ids: s.ids.slice(),
    tokens: s.tokens.slice(),
    offsets: s.ids.map((): Offset => [0, 0]),
    typeIds: s.ids.map(() => typeId),
    specialTokensMask: s.ids.map(() => 1),
  });
}

function retype(e: Encoding, typeId: number): Encoding {
  if (e.typeIds.every((t) => t === typeId)) return e;
  return new Encoding({
    ids: e.ids,
    tokens: () => e.tokens,
    offsets: () => e.offsets,
    wordIds: () => e.wordIds,
    attentionMask: e.attentionMask,
    typeIds: e.ids.map(() => typeId),
    specialTokensMask: e.specialTokensMask,
    overflowing: e.overflowing,
  });
}

/**
 * Hugging Face's `TemplateProcessing`: templates such as `"[CLS] $A [SEP]"` / `"[CLS] $A [SEP] $B:1 [SEP]:1"`.
 *
 * @example
 * ```ts
 * new TemplateProcessing('[CLS] $A [SEP]', '[CLS] $A [SEP] $B:1 [SEP]:1', [
 *   { id: '[CLS]', ids: [101], tokens: ['[CLS]'] },
 *   { id: '[SEP]', ids: [102], tokens: ['[SEP]'] },
 * ]);
 * ```
 */
export class TemplateProcessing implements PostProcessor {
  private readonly single: Piece[];
  private readonly pair: Piece[];
  private readonly specials: Map<string, TemplateSpecial>;
  constructor(single: string | Piece[], pair: string | Piece[], specials: TemplateSpecial[]) {
    this.single = typeof single === 'string' ? parseTemplate(single, 'post_processor.single') : single;
    this.pair = typeof pair === 'string' ? parseTemplate(pair, 'post_processor.pair') : pair;
    this.specials = new Map(specials.map((s) => [s.id, s]));
    for (const [name, tpl] of [
      ['single', this.single],
      ['pair', this.pair],
    ] as const) {
      for (const p of tpl) {
        if (p.kind === 'special' && !this.specials.has(p.id)) {
          throw new FormatError(
            `post_processor.${name}: special token ${JSON.stringify(p.id)} is not in post_processor.special_tokens`,
            {
              field: `post_processor.${name}`,
            },
          );
        }
      }
    }
  }
  process(a: Encoding, b: Encoding | null, add: boolean): Encoding {
    const tpl = b ? this.pair : this.single;
    if (!add) return Encoding.merge(b ? [a, retype(b, 1)] : [a]);
    const parts: Encoding[] = [];
    for (const p of tpl) {
      if (p.kind === 'special') parts.push(specialEncoding(this.specials.get(p.id)!, p.typeId));
      else if (p.seq === 'A') parts.push(retype(a, p.typeId));
      else if (b) parts.push(retype(b, p.typeId));
    }
    return Encoding.merge(parts);
  }
  addedTokens(pair: boolean): number {
    let n = 0;
    for (const p of pair ? this.pair : this.single)
      if (p.kind === 'special') n += this.specials.get(p.id)!.ids.length;
    return n;
  }
  toJSON(): JsonObject {
    const tj = (t: Piece[]) =>
      t.map((p) =>
        p.kind === 'special'
          ? { SpecialToken: { id: p.id, type_id: p.typeId } }
          : { Sequence: { id: p.seq, type_id: p.typeId } },
      );
    const st: JsonObject = {};
    for (const [k, v] of this.specials) st[k] = { id: v.id, ids: v.ids, tokens: v.tokens };
    return { type: 'TemplateProcessing', single: tj(this.single), pair: tj(this.pair), special_tokens: st };
  }
}

function parseTemplate(s: string, where: string): Piece[] {
  return s
    .split(/\s+/)
    .filter(Boolean)
    .map((w): Piece => {
      const m = /^(.*?)(?::(\d+))?$/.exec(w)!;
      const name = m[1]!;
      const typeId = m[2] ? Number(m[2]) : 0;
      if (name === '$A' || name === '$' || name === '$0') return { kind: 'seq', seq: 'A', typeId };
      if (name === '$B' || name === '$1') return { kind: 'seq', seq: 'B', typeId };
      if (name.startsWith('$'))
        throw new FormatError(`${where}: unknown sequence ${JSON.stringify(name)}`, { field: where });
      return { kind: 'special', id: name, typeId };
    });
}

function templateFromJson(t: unknown, where: string): Piece[] {
  if (typeof t === 'string') return parseTemplate(t, where);
  if (!Array.isArray(t))
    throw new FormatError(`${where}: expected a template array or string, received ${describeValue(t)}`, {
      field: where,
    });
  return t.map((p, i) => {
    const o = field(p, `${where}[${i}]`);
    if (o.SpecialToken) {
      const s = field(o.SpecialToken, `${where}[${i}].SpecialToken`);
      return { kind: 'special', id: String(s.id), typeId: Number(s.type_id ?? 0) };
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
      return { kind: 'seq', seq: s.id, typeId: Number(s.type_id ?? 0) };
    }
    throw new FormatError(`${where}[${i}]: expected {SpecialToken} or {Sequence}`, {
      field: `${where}[${i}]`,
    });
  });
}

/** Trims leading/trailing spaces (`Ġ`) out of offsets, as GPT-2/RoBERTa's `trim_offsets` does. */
export class ByteLevelTrim implements PostProcessor {
  constructor(
    readonly trimOffsets = true,
    readonly json: JsonObject = {
      type: 'ByteLevel',
      add_prefix_space: false,
      trim_offsets: true,
      use_regex: true,
    },
  ) {}
  process(a: Encoding, b: Encoding | null): Encoding {
    const parts = b ? [a, retype(b, 1)] : [a];
    return Encoding.merge(parts.map((e) => this.trimOne(e)));
  }
  trimOne(e: Encoding): Encoding {
    return this.trimOffsets ? trim(e) : e;
  }
  addedTokens(): number {
    return 0;
  }
  toJSON(): JsonObject {
    return this.json;
  }
}

function trim(e: Encoding): Encoding {
  return new Encoding({
    ids: e.ids,
    tokens: () => e.tokens,
    offsets: () =>
      e.offsets.map(([s, t], i): Offset => {
        const tok = e.tokens[i] ?? '';
        let lead = 0;
        while (lead < tok.length && tok[lead] === '\u0120') lead++;
        let trail = 0;
        while (trail < tok.length - lead && tok[tok.length - 1 - trail] === '\u0120') trail++;
        const ns = Math.min(s + lead, t);
        return [ns, Math.max(ns, t - trail)];
      }),
    wordIds: () => e.wordIds,
    attentionMask: e.attentionMask,
    typeIds: e.typeIds,
    specialTokensMask: e.specialTokensMask,
    overflowing: e.overflowing,
  });
}

/** RoBERTa: `<s> A </s></s> B </s>` with byte-level offset trimming. */
export class RobertaProcessing implements PostProcessor {
  constructor(
    private readonly tpl: TemplateProcessing,
    private readonly trimmer: ByteLevelTrim,
    private readonly json: JsonObject,
  ) {}
  process(a: Encoding, b: Encoding | null, add: boolean): Encoding {
    return this.tpl.process(this.trimmer.trimOne(a), b && this.trimmer.trimOne(b), add);
  }
  addedTokens(pair: boolean): number {
    return this.tpl.addedTokens(pair);
  }
  toJSON(): JsonObject {
    return this.json;
  }
}

/** Post-processors applied in order. */
export class PostProcessorSequence implements PostProcessor {
  constructor(readonly processors: PostProcessor[]) {}
  process(a: Encoding, b: Encoding | null, add: boolean): Encoding {
    let combined: Encoding | null = null;
    for (const p of this.processors) {
      if (p instanceof ByteLevelTrim) {
        if (combined) combined = p.trimOne(combined);
        else {
          a = p.trimOne(a);
          b = b && p.trimOne(b);
        }
      } else combined = p.process(combined ?? a, combined ? null : b, add);
    }
    return combined ?? Encoding.merge(b ? [a, retype(b, 1)] : [a]);
  }
  addedTokens(pair: boolean): number {
    return this.processors.reduce((n, p) => n + p.addedTokens(pair), 0);
  }
  toJSON(): JsonObject {
    return { type: 'Sequence', processors: this.processors.map((p) => p.toJSON()) };
  }
}

function pairOf(v: unknown, where: string): [string, number] {
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string' || typeof v[1] !== 'number') {
    throw new FormatError(`${where}: expected ["token", id], received ${describeValue(v)}`, { field: where });
  }
  return [v[0], v[1]];
}

/** Builds a post-processor from its tokenizer.json object. */
export function postProcessorFromJson(j: unknown, where = 'post_processor'): PostProcessor | null {
  if (j === null || j === undefined) return null;
  const o = field(j, where);
  const t = type(o, where);
  switch (t) {
    case 'TemplateProcessing': {
      const st = field(o.special_tokens ?? {}, `${where}.special_tokens`);
      const specials = Object.entries(st).map(([k, v]): TemplateSpecial => {
        const s = field(v, `${where}.special_tokens[${JSON.stringify(k)}]`);
        if (!Array.isArray(s.ids) || !Array.isArray(s.tokens)) {
          throw new FormatError(
            `${where}.special_tokens[${JSON.stringify(k)}]: expected ids and tokens arrays`,
            {
              field: `${where}.special_tokens[${JSON.stringify(k)}]`,
            },
          );
        }
        return {
          id: typeof s.id === 'string' ? s.id : k,
          ids: s.ids as number[],
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
