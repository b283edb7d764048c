/**
 * Typed errors of `@glossa/ngram`. Every message names the argument or line, what was expected and what was
 * received (with its type). Each class sets `name` from a string literal, so it survives minification.
 *
 * @example
 * ```ts
 * import { ArgumentError, countNgrams } from '@glossa/ngram';
 * try { countNgrams([['a']], { order: 0 }); } catch (e) { if (e instanceof ArgumentError) console.log(e.argument); }
 * ```
 */

/**
 * Base class of every error `@glossa/ngram` throws; `options.cause` is passed on to `Error`.
 *
 * @example
 * ```ts
 * try { parseArpa(text); } catch (e) { if (e instanceof NgramError) console.log(e.name, e.message); }
 * ```
 */
export class NgramError extends Error {
  override readonly name: string = 'NgramError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * An argument had an invalid value (order < 1, empty corpus, k ≤ 0, discount outside (0, 1], …). The message is
 * `${argument}: expected ${expected}, received ${describeValue(received)}`.
 *
 * @example
 * ```ts
 * throw new ArgumentError('options.order', 'an integer >= 1', 0);
 * // ArgumentError: options.order: expected an integer >= 1, received 0 (number)
 * ```
 */
export class ArgumentError extends NgramError {
  override readonly name: string = 'ArgumentError';
  /** The argument as the caller knows it, e.g. `options.order` or `sentences[3]`. */
  readonly argument: string;
  /** What a valid value looks like. */
  readonly expected: string;
  /** The value received. */
  readonly received: unknown;
  constructor(argument: string, expected: string, received: unknown, options?: { cause?: unknown }) {
    super(`${argument}: expected ${expected}, received ${describeValue(received)}`, options);
    this.argument = argument;
    this.expected = expected;
    this.received = received;
  }
}

/**
 * A serialized model (ARPA file) is malformed. `line` is the 1-based line of the problem, `field` the part of a
 * structured input, when known.
 *
 * @example
 * ```ts
 * throw new FormatError('ARPA line 1: expected "\\data\\" header; received "hello"', { line: 1 });
 * ```
 */
export class FormatError extends NgramError {
  override readonly name: string = 'FormatError';
  /** 1-based line of the problem in a line-oriented input. */
  readonly line: number | undefined;
  /** Path of the offending field in a structured input. */
  readonly field: string | undefined;
  constructor(message: string, where: { line?: number; field?: string } = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.line = where.line;
    this.field = where.field;
  }
}

/**
 * A received value for an error message, always with its type: `8 (number)`, `"8" (string)` (JSON-quoted, cut
 * after 40 characters with `…`), `true (boolean)`, `5n (bigint)`, `null`, `undefined`, `an array of length 3`,
 * `an object (Map)`, `a function`.
 *
 * @example
 * ```ts
 * describeValue('8'); // '"8" (string)'
 * describeValue(new Map()); // 'an object (Map)'
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return value.length > 40
        ? `${JSON.stringify(value.slice(0, 40))}… (string)`
        : `${JSON.stringify(value)} (string)`;
    case 'bigint':
      return `${value}n (bigint)`;
    case 'function':
      return 'a function';
    case 'object': {
      if (Array.isArray(value)) return `an array of length ${value.length}`;
      const ctor = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor
        ?.name;
      return typeof ctor === 'string' && ctor !== '' ? `an object (${ctor})` : 'an object';
    }
    default:
      return `${String(value)} (${typeof value})`;
  }
}
