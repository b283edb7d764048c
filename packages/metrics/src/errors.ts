/**
 * Typed errors thrown by `@glossa/metrics`. Every message names the argument, what was expected
 * and what was received.
 *
 * @example
 * ```ts
 * try { corpusBleu(['a'], [['a', 'b']]); } catch (e) { if (e instanceof LengthMismatchError) console.log(e.argument); }
 * ```
 */
export class MetricsError extends Error {
  /** Name of the offending argument, e.g. `referenceStreams[1]`. */
  readonly argument: string;
  constructor(argument: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.argument = argument;
  }
}

/** Describe a received value briefly for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array of length ${value.length}`;
  if (typeof value === 'string')
    return value.length > 40 ? `string "${value.slice(0, 40)}…"` : `string "${value}"`;
  if (typeof value === 'number') return `number ${value}`;
  return typeof value;
}

/**
 * An argument has the wrong type or an invalid value (unknown option, negative count, …).
 *
 * @example
 * ```ts
 * throw new ArgumentError('tokenize', "one of '13a', 'none', 'intl', 'char', 'zh'", 'foo');
 * ```
 */
export class ArgumentError extends MetricsError {
  constructor(argument: string, expected: string, received: unknown) {
    super(
      argument,
      `Invalid argument \`${argument}\`: expected ${expected}, received ${describeValue(received)}.`,
    );
  }
}

/**
 * Two parallel inputs have different lengths (hypotheses vs a reference stream, predictions vs labels).
 *
 * @example
 * ```ts
 * throw new LengthMismatchError('referenceStreams[0]', 3, 2);
 * ```
 */
export class LengthMismatchError extends MetricsError {
  constructor(argument: string, expected: number, received: number) {
    super(
      argument,
      `Length mismatch in \`${argument}\`: expected length ${expected}, received length ${received}.`,
    );
  }
}

/**
 * An input that must not be empty is empty (an empty corpus, no references, no unmasked tokens).
 *
 * @example
 * ```ts
 * throw new EmptyInputError('hypotheses', 'at least one segment');
 * ```
 */
export class EmptyInputError extends MetricsError {
  constructor(argument: string, expected: string) {
    super(argument, `Empty input \`${argument}\`: expected ${expected}, received nothing.`);
  }
}
