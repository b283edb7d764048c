/**
 * Typed errors of `@glossa/ngram`. Every message names the argument, what was expected and what was received.
 *
 * @example
 * ```ts
 * import { ArgumentError, countNgrams } from '@glossa/ngram';
 * try { countNgrams([['a']], { order: 0 }); } catch (e) { if (e instanceof ArgumentError) console.log(e.argument); }
 * ```
 */
export class NgramError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * An argument had an invalid value (order < 1, empty corpus, k ≤ 0, discount outside (0, 1], …).
 *
 * @example
 * ```ts
 * throw new ArgumentError('order', 'an integer >= 1', 0);
 * ```
 */
export class ArgumentError extends NgramError {
  constructor(
    readonly argument: string,
    readonly expected: string,
    readonly received: unknown,
  ) {
    super(`${argument}: expected ${expected}, received ${describe(received)}`);
  }
}

/**
 * A serialized model (ARPA file) is malformed. `line` is the 1-based line number of the problem.
 *
 * @example
 * ```ts
 * throw new FormatError('expected "\\data\\"', 1, 'hello');
 * ```
 */
export class FormatError extends NgramError {
  constructor(
    readonly detail: string,
    readonly line: number,
    readonly text: string,
  ) {
    super(
      `ARPA line ${line}: ${detail}; received ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)}`,
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}
