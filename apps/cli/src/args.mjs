// Option parsing for the subcommands, on node:util's parseArgs, with one-line usage errors.
import { parseArgs } from 'node:util';
import { UsageError } from './errors.mjs';

/**
 * Parses `argv` against `options` (parseArgs' spec). Unknown options, missing values and stray
 * positionals become a UsageError naming the option.
 * @returns {{ values: Record<string, any>, positionals: string[] }}
 */
export function parse(argv, options, { positionals = true } = {}) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: positionals, strict: true });
  } catch (e) {
    const option = /'(-[^']*)'/.exec(e?.message ?? '')?.[1];
    if (e?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option '${option}'`);
    if (e?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(`option '${option ?? '?'}' needs a value`);
    }
    if (e?.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError(`unexpected argument '${/'([^']*)'/.exec(e.message)?.[1]}'`);
    }
    throw new UsageError(String(e?.message ?? e).split('\n')[0]);
  }
}

/** A whole number ≥ `min` from option `name`, or a UsageError. */
export function integer(value, name, { min = 1 } = {}) {
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isInteger(n) || n < min) {
    throw new UsageError(`--${name} needs a whole number >= ${min}, got '${value}'`);
  }
  return n;
}

/** True when `--help` or `-h` is among the arguments. */
export const wantsHelp = (argv) => argv.includes('--help') || argv.includes('-h');

/** A finite number from option `name` within [min, max] (`exclusive`: above min), or a UsageError. */
export function number(value, name, { min = -Infinity, max = Infinity, exclusive = false } = {}) {
  const n = Number(value);
  const ok =
    typeof value === 'string' &&
    value.trim() !== '' &&
    Number.isFinite(n) &&
    n <= max &&
    (exclusive ? n > min : n >= min);
  if (!ok) {
    const range = `${exclusive ? '>' : '>='} ${min}${max < Infinity ? ` and <= ${max}` : ''}`;
    throw new UsageError(`--${name} needs a number ${range}, got '${value}'`);
  }
  return n;
}
