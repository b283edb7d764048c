/**
 * Typed errors. Every message names the argument, what was expected and what was received.
 *
 * @example
 * ```ts
 * try { linear.forward(x) } catch (e) { if (e instanceof ShapeError) console.log(e.expected, e.received) }
 * ```
 */
export class GlossaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A tensor had the wrong rank or size. `expected`/`received` are shapes (`-1` or `null` = any). */
export class ShapeError extends GlossaError {
  constructor(
    message: string,
    readonly expected?: ReadonlyArray<number | null>,
    readonly received?: readonly number[],
  ) {
    super(message);
  }
}

/** An argument had an invalid value (negative size, unknown option, probability outside [0, 1], …). */
export class ArgumentError extends GlossaError {}

/** A file or serialized object (safetensors header, checkpoint, JSON) is malformed. */
export class FormatError extends GlossaError {}

/** A backend could not be started or lacks what was asked of it. */
export class BackendError extends GlossaError {
  constructor(
    message: string,
    readonly backend: string,
  ) {
    super(message);
  }
}

/** `loadStateDict` found missing, unexpected or mis-shaped keys. All problems are listed at once. */
export class StateDictError extends GlossaError {
  constructor(
    message: string,
    readonly missing: string[],
    readonly unexpected: string[],
    readonly mismatched: Array<{ key: string; expected: number[]; received: number[] }>,
  ) {
    super(message);
  }
}

/** Training produced a NaN or infinite loss. */
export class NonFiniteLossError extends GlossaError {
  constructor(
    message: string,
    readonly step: number,
    readonly loss: number,
  ) {
    super(message);
  }
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
