// What can go wrong on the command line, and how it is shown: always one line on stderr and a
// non-zero exit code, never a stack trace (set GLOSSA_DEBUG=1 to see one).

/** A bad command line: the message, a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  name = 'UsageError';
}

/** A failure the user can fix (an unreadable file, bad data): the message, exit code 1. */
export class CliError extends Error {
  name = 'CliError';
}

/** Why reading or writing `path` failed, in words, from a Node `fs` error. */
export function describeFsError(e) {
  const code = e?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  return e instanceof Error ? e.message : String(e);
}

/**
 * Turns any thrown value into `{ line, code }`: the one line to print and the exit code.
 * Errors of the glossa packages (ArgumentError, FormatError, …) keep their message, which already
 * names the argument and what was received.
 */
export function report(e, program) {
  if (e instanceof UsageError) {
    return { line: `${program}: ${e.message} (see '${program} --help')`, code: 2 };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { line: `${program}: ${message.split('\n')[0]}`, code: 1 };
}
