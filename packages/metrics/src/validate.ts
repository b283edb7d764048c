import { ArgumentError, EmptyInputError, LengthMismatchError } from './errors';

/** Throw unless `value` is a string. */
export function assertString(value: unknown, argument: string): asserts value is string {
  if (typeof value !== 'string') throw new ArgumentError(argument, 'a string', value);
}

/** Throw unless `value` is a non-empty array of strings. */
export function assertStringArray(
  value: unknown,
  argument: string,
  allowEmpty = false,
): asserts value is string[] {
  if (!Array.isArray(value)) throw new ArgumentError(argument, 'an array of strings', value);
  if (!allowEmpty && value.length === 0) throw new EmptyInputError(argument, 'at least one string');
  for (let i = 0; i < value.length; i++) assertString(value[i], `${argument}[${i}]`);
}

/** Throw unless `value` is one of `allowed`. */
export function assertOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  argument: string,
): asserts value is T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ArgumentError(argument, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  }
}

/** Throw unless `value` is a finite number satisfying the bounds. */
export function assertNumber(
  value: unknown,
  argument: string,
  opts: { integer?: boolean; min?: number; max?: number; minExclusive?: boolean } = {},
): asserts value is number {
  const desc = `${opts.integer ? 'an integer' : 'a finite number'}${
    opts.min !== undefined ? (opts.minExclusive ? ` > ${opts.min}` : ` >= ${opts.min}`) : ''
  }${opts.max !== undefined ? ` <= ${opts.max}` : ''}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ArgumentError(argument, desc, value);
  if (opts.integer && !Number.isInteger(value)) throw new ArgumentError(argument, desc, value);
  if (opts.min !== undefined && (opts.minExclusive ? value <= opts.min : value < opts.min)) {
    throw new ArgumentError(argument, desc, value);
  }
  if (opts.max !== undefined && value > opts.max) throw new ArgumentError(argument, desc, value);
}

/** Throw unless `value` is a boolean. */
export function assertBoolean(value: unknown, argument: string): asserts value is boolean {
  if (typeof value !== 'boolean') throw new ArgumentError(argument, 'a boolean', value);
}

/** Throw unless two lengths agree. */
export function assertSameLength(expected: number, received: number, argument: string): void {
  if (expected !== received) throw new LengthMismatchError(argument, expected, received);
}
