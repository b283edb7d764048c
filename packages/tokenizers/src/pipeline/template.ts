import { FormatError } from '../errors';

/**
 * One piece of a `TemplateProcessing` template: a special token or one of the two sequences, with its type id.
 *
 * @example
 * ```ts
 * const cls: TemplatePiece = { kind: 'special', id: '[CLS]', typeId: 0 };
 * const a: TemplatePiece = { kind: 'seq', seq: 'A', typeId: 0 };
 * ```
 */
export type TemplatePiece =
  | { kind: 'special'; id: string; typeId: number }
  | { kind: 'seq'; seq: 'A' | 'B'; typeId: number };

/**
 * Parses a template string of `tokenizer.json` (`"[CLS] $A [SEP] $B:1 [SEP]:1"`): `$A`/`$B` (or `$0`/`$1`) are
 * the sequences, anything else a special token, `:n` the type id. An unknown `$` name is a {@link FormatError}
 * naming `where`.
 *
 * @example
 * ```ts
 * parseTemplate('[CLS] $A:0', 'post_processor.single');
 * // [{ kind: 'special', id: '[CLS]', typeId: 0 }, { kind: 'seq', seq: 'A', typeId: 0 }]
 * ```
 */
export function parseTemplate(s: string, where: string): TemplatePiece[] {
  return s
    .split(/\s+/)
    .filter(Boolean)
    .map((w): TemplatePiece => {
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
