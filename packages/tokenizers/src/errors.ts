/**
 * Typed errors of `@glossa/tokenizers`. Every message names the argument, field or line, what was
 * expected and what was received. The package has no dependency on `@glossa/core`, so these are its own.
 *
 * @example
 * ```ts
 * try { fromTiktoken('bad line', { pattern: '\\S+' }) } catch (e) {
 *   if (e instanceof FormatError) console.log(e.line, e.message); // 1, "…line 1…"
 * }
 * ```
 */
export class TokenizerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An argument had an invalid value (unknown option, negative size, wrong type, …). */
export class ArgumentError extends TokenizerError {}

/**
 * A rank file, `tokenizer.json` or other serialized input is malformed.
 * `line` (1-based) is set for line-oriented files, `field` (a JSON path such as `model.merges[3]`) for JSON.
 */
export class FormatError extends TokenizerError {
  readonly line: number | undefined;
  readonly field: string | undefined;
  constructor(message: string, where: { line?: number; field?: string } = {}) {
    super(message);
    this.line = where.line;
    this.field = where.field;
  }
}

/** A token or id is not in the vocabulary (and no unknown token is configured to stand in for it). */
export class VocabularyError extends TokenizerError {
  constructor(
    message: string,
    readonly token?: string | number,
  ) {
    super(message);
  }
}

/** Shortens a string for inclusion in an error message. */
export function preview(value: unknown, max = 40): string {
  const s = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return s.length > max ? `${JSON.stringify(s.slice(0, max))}…` : JSON.stringify(s);
}
