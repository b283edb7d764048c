import { Encoding, type Offset } from '../encoding';
import { FormatError } from '../errors';
import type { JsonObject } from './json';
import { parseTemplate, type TemplatePiece } from './template';

/** Adds special tokens around one sequence or a pair (`[CLS] A [SEP] B [SEP]`). */
export interface PostProcessor {
  process(a: Encoding, b: Encoding | null, addSpecialTokens: boolean): Encoding;
  /** How many tokens `process` adds. */
  addedTokens(pair: boolean): number;
  toJSON(): JsonObject;
}

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
  private readonly single: TemplatePiece[];
  private readonly pair: TemplatePiece[];
  private readonly specials: Map<string, TemplateSpecial>;
  constructor(single: string | TemplatePiece[], pair: string | TemplatePiece[], specials: TemplateSpecial[]) {
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
    const tj = (t: TemplatePiece[]) =>
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
