/**
 * Typed errors. Every message names the argument, what was expected and what was received.
 *
 * Each class sets `name` from a string literal (not `new.target.name`), so `err.name` stays
 * `'ShapeError'` etc. in minified bundles.
 *
 * @example
 * ```ts
 * try { linear.forward(x) } catch (e) { if (e instanceof ShapeError) console.log(e.expected, e.received) }
 * ```
 */
export class GlossaError extends Error {
  override readonly name: string = 'GlossaError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A tensor had the wrong rank or size. `expected`/`received` are shapes (`-1` or `null` = any). */
export class ShapeError extends GlossaError {
  override readonly name: string = 'ShapeError';
  constructor(
    message: string,
    readonly expected?: ReadonlyArray<number | null>,
    readonly received?: readonly number[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * An argument had an invalid value (negative size, unknown option, probability outside [0, 1], …).
 * The message reads `${argument}: expected ${expected}, received ${describeValue(received)}`.
 *
 * @example
 * ```ts
 * throw new ArgumentError('Dropout(p)', 'a probability in [0, 1]', 1.5);
 * // Dropout(p): expected a probability in [0, 1], received 1.5 (number)
 * ```
 */
export class ArgumentError extends GlossaError {
  override readonly name: string = 'ArgumentError';
  constructor(
    /** The argument as the user knows it, e.g. `Adam(betas)` or `crossEntropy(labelSmoothing)`. */
    readonly argument: string,
    /** What would have been valid, e.g. `a number in [0, 1]`. */
    readonly expected: string,
    /** The offending value itself. */
    readonly received: unknown,
    options?: { cause?: unknown },
  ) {
    super(`${argument}: expected ${expected}, received ${describeValue(received)}`, options);
  }
}

/** A file or serialized object (safetensors header, checkpoint, JSON) is malformed. */
export class FormatError extends GlossaError {
  override readonly name: string = 'FormatError';
  /** 1-based line of the problem, when the input is line-oriented. */
  readonly line?: number;
  /** The field (header key, metadata entry) that is malformed. */
  readonly field?: string;
  constructor(message: string, where?: { line?: number; field?: string }, options?: { cause?: unknown }) {
    super(message, options);
    if (where?.line !== undefined) this.line = where.line;
    if (where?.field !== undefined) this.field = where.field;
  }
}

/** A backend could not be started or lacks what was asked of it. */
export class BackendError extends GlossaError {
  override readonly name: string = 'BackendError';
  constructor(
    message: string,
    readonly backend: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `loadStateDict` found missing, unexpected or mis-shaped keys. All problems are listed at once. */
export class StateDictError extends GlossaError {
  override readonly name: string = 'StateDictError';
  constructor(
    message: string,
    readonly missing: string[],
    readonly unexpected: string[],
    readonly mismatched: Array<{ key: string; expected: number[]; received: number[] }>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A file could not be read: not on disk, not in IndexedDB, or the server answered with an HTTP
 * error. `path` is the path or URL tried; `status` the HTTP status (absent for local files and
 * network failures, whose error is the `cause`).
 *
 * @example
 * ```ts
 * try { await loadPretrained('https://example.com/m/') } catch (e) {
 *   if (e instanceof MissingFileError) console.log(e.path, e.status); // …/m/config.json 404
 * }
 * ```
 */
export class MissingFileError extends GlossaError {
  override readonly name: string = 'MissingFileError';
  constructor(
    message: string,
    readonly path: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Training produced a NaN or infinite loss. */
export class NonFiniteLossError extends GlossaError {
  override readonly name: string = 'NonFiniteLossError';
  constructor(
    message: string,
    readonly step: number,
    readonly loss: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const MAX_STRING = 40;

/**
 * Describes a received value for error messages, always naming its type: `8 (number)`,
 * `"8" (string)`, `true (boolean)`, `5n (bigint)`, `null`, `undefined`, `an array of length 3`,
 * `a float32 tensor of shape [2, 3]`, `a Float32Array of length 4`, `an object (Map)`, `a function`.
 * Strings are JSON-quoted and cut to 40 characters (`…`). Tensors are recognised by shape
 * (`shape` array, `dtype` string), so this module does not import tfjs.
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
    case 'boolean':
      return `${String(value)} (${typeof value})`;
    case 'bigint':
      return `${value}n (bigint)`;
    case 'string':
      return `${JSON.stringify(value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value)} (string)`;
    case 'symbol':
      return `${String(value)} (symbol)`;
    case 'function':
      return 'a function';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  const o = value as { shape?: unknown; dtype?: unknown; length?: unknown };
  if (Array.isArray(o.shape) && typeof o.dtype === 'string') {
    return `${article(o.dtype)} ${o.dtype} tensor of shape ${fmtShape(o.shape as number[])}`;
  }
  const ctor = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor
    ?.name;
  const type = typeof ctor === 'string' && ctor !== '' ? ctor : undefined;
  if (ArrayBuffer.isView(value) && typeof o.length === 'number') {
    return `${article(type ?? 'typed array')} ${type ?? 'typed array'} of length ${o.length}`;
  }
  return type ? `an object (${type})` : 'an object';
}

function article(word: string): 'a' | 'an' {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** Formats a shape for messages: `[2, 3, 4]`. */
export function fmtShape(shape: ReadonlyArray<number | null>): string {
  return `[${shape.map((d) => (d === null || d < 0 ? '*' : String(d))).join(', ')}]`;
}

/**
 * Throws a `ShapeError` unless `shape` matches `expected` (`null` or `-1` = any size).
 * @param what the argument's name as the user knows it, e.g. `"forward(x)"`.
 */
export function assertShape(
  what: string,
  shape: readonly number[],
  expected: ReadonlyArray<number | null>,
): void {
  const ok =
    shape.length === expected.length && expected.every((d, i) => d === null || d < 0 || d === shape[i]);
  if (!ok) {
    throw new ShapeError(
      `${what}: expected shape ${fmtShape(expected)}, received ${fmtShape(shape)}`,
      expected,
      [...shape],
    );
  }
}
