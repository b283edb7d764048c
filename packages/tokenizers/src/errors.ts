/**
 * Typed errors of `@glossa/tokenizers`. Every message names the argument, field or line, what was expected and
 * what was received (with its type). Each class sets `name` from a string literal, so it survives
 * minification. The package has no dependency on `@glossa/core`, so these are its own.
 *
 * @example
 * ```ts
 * try { fromTiktoken('bad line', { pattern: '\\S+' }) } catch (e) {
 *   if (e instanceof FormatError) console.log(e.line, e.message); // 1, "…line 1…"
 * }
 * ```
 */

/**
 * Base class of every error `@glossa/tokenizers` throws; `options.cause` is passed on to `Error`.
 *
 * @example
 * ```ts
 * try { fromTokenizerJson(text); } catch (e) { if (e instanceof TokenizerError) console.log(e.name, e.message); }
 * ```
 */
export class TokenizerError extends Error {
  override readonly name: string = 'TokenizerError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * An argument had an invalid value (unknown option, negative size, wrong type, …). The message is
 * `${argument}: expected ${expected}, received ${describeValue(received)}`; `options.shown` replaces
 * `describeValue(received)` where the value itself says too little (a summary of a rank file, say).
 *
 * @example
 * ```ts
 * throw new ArgumentError('trainBPE(options.vocabSize)', 'a positive integer', -1);
 * // ArgumentError: trainBPE(options.vocabSize): expected a positive integer, received -1 (number)
 * throw new ArgumentError('getEncoding(ranks)', 'the ranks of cl100k_base', bytes, { shown: 'the ranks of r50k_base' });
 * // ArgumentError: getEncoding(ranks): expected the ranks of cl100k_base, received the ranks of r50k_base
 * ```
 */
export class ArgumentError extends TokenizerError {
  override readonly name: string = 'ArgumentError';
  /** The argument as the caller knows it, e.g. `trainBPE(options.vocabSize)` or `texts[3]`. */
  readonly argument: string;
  /** What a valid value looks like. */
  readonly expected: string;
  /** The value received. */
  readonly received: unknown;
  constructor(
    argument: string,
    expected: string,
    received: unknown,
    options?: { cause?: unknown; shown?: string },
  ) {
    super(
      `${argument}: expected ${expected}, received ${options?.shown ?? describeValue(received)}`,
      options,
    );
    this.argument = argument;
    this.expected = expected;
    this.received = received;
  }
}

/**
 * A rank file, `tokenizer.json` or other serialized input is malformed. `line` (1-based) is set for
 * line-oriented files, `field` (a JSON path such as `model.merges[3]`) for JSON.
 *
 * @example
 * ```ts
 * throw new FormatError('model.merges[3]: expected "left right", received "ab" (string)', {
 *   field: 'model.merges[3]',
 * });
 * ```
 */
export class FormatError extends TokenizerError {
  override readonly name: string = 'FormatError';
  /** 1-based line of the problem in a line-oriented input. */
  readonly line: number | undefined;
  /** JSON path of the offending field, e.g. `model.merges[3]`. */
  readonly field: string | undefined;
  constructor(message: string, where: { line?: number; field?: string } = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.line = where.line;
    this.field = where.field;
  }
}

/**
 * A token or id is not in the vocabulary (and no unknown token is configured to stand in for it). `token` is
 * the token text or id.
 *
 * @example
 * ```ts
 * throw new VocabularyError('id 99999 is not in the vocabulary', 99999);
 * ```
 */
export class VocabularyError extends TokenizerError {
  override readonly name: string = 'VocabularyError';
  constructor(
    message: string,
    readonly token?: string | number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
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
