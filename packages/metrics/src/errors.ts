/**
 * Typed errors thrown by `@glossa/metrics`. Every message names the argument, what was expected and what was
 * received (with its type). Each class sets `name` from a string literal, so it survives minification.
 *
 * @example
 * ```ts
 * try { corpusBleu(['a'], [['a', 'b']]); } catch (e) { if (e instanceof LengthMismatchError) console.log(e.argument); }
 * ```
 */

/**
 * Base class of every error `@glossa/metrics` throws; `options.cause` is passed on to `Error`.
 *
 * @example
 * ```ts
 * try { corpusBleu(hyps, refs); } catch (e) { if (e instanceof MetricsError) console.log(e.name, e.message); }
 * ```
 */
export class MetricsError extends Error {
  override readonly name: string = 'MetricsError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * An argument has the wrong type or an invalid value (unknown option, negative count, …). The message is
 * `${argument}: expected ${expected}, received ${describeValue(received)}`.
 *
 * @example
 * ```ts
 * throw new ArgumentError('options.tokenize', "one of '13a', 'none', 'intl', 'char', 'zh'", 'foo');
 * // ArgumentError: options.tokenize: expected one of '13a', …, received "foo" (string)
 * ```
 */
export class ArgumentError extends MetricsError {
  override readonly name: string = 'ArgumentError';
  /** The argument as the caller knows it, e.g. `options.tokenize` or `hypotheses[3]`. */
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
 * Two parallel inputs have different lengths (hypotheses vs a reference stream, predictions vs labels). The
 * message is `${argument}: expected length ${expected}, received length ${received}`.
 *
 * @example
 * ```ts
 * throw new LengthMismatchError('referenceStreams[0]', 3, 2);
 * // LengthMismatchError: referenceStreams[0]: expected length 3, received length 2
 * ```
 */
export class LengthMismatchError extends MetricsError {
  override readonly name: string = 'LengthMismatchError';
  /** The argument whose length is wrong, e.g. `referenceStreams[1]`. */
  readonly argument: string;
  /** The length it should have. */
  readonly expected: number;
  /** The length it has. */
  readonly received: number;
  constructor(argument: string, expected: number, received: number, options?: { cause?: unknown }) {
    super(`${argument}: expected length ${expected}, received length ${received}`, options);
    this.argument = argument;
    this.expected = expected;
    this.received = received;
  }
}

/**
 * An input that must not be empty is empty (an empty corpus, no references, no unmasked tokens). The message is
 * `${argument}: expected ${expected}, received nothing`.
 *
 * @example
 * ```ts
 * throw new EmptyInputError('hypotheses', 'at least one segment');
 * // EmptyInputError: hypotheses: expected at least one segment, received nothing
 * ```
 */
export class EmptyInputError extends MetricsError {
  override readonly name: string = 'EmptyInputError';
  /** The empty argument, e.g. `referenceStreams`. */
  readonly argument: string;
  /** What it should contain. */
  readonly expected: string;
  constructor(argument: string, expected: string, options?: { cause?: unknown }) {
    super(`${argument}: expected ${expected}, received nothing`, options);
    this.argument = argument;
    this.expected = expected;
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
